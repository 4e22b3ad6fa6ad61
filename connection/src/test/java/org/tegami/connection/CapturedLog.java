package org.tegami.connection;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The INFO and higher lines some classes log while a test runs; closing restores their loggers. */
public final class CapturedLog implements AutoCloseable {
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String... names) {
        appender.start();
        for (String source : names) {
            Logger logger = (Logger) LoggerFactory.getLogger(source);
            loggers.add(logger);
            levels.add(logger.getLevel());
            logger.setLevel(Level.INFO);
            logger.addAppender(appender);
        }
    }

    /** Lines of these loggers (and of the loggers below them). */
    public static CapturedLog of(String... loggerNames) {
        return new CapturedLog(loggerNames);
    }

    /** Lines of the PROXY protocol handling and of these classes. */
    public static CapturedLog proxyAnd(Class<?>... sources) {
        List<String> names = new ArrayList<>();
        names.add(ClientAddress.class.getPackageName());
        for (Class<?> source : sources) {
            names.add(source.getName());
        }
        return new CapturedLog(names.toArray(String[]::new));
    }

    /** The lines so far, formatted. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits (polling, up to 10 s) for a line containing every one of {@code parts}, and returns it. */
    public String await(String... parts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (String line : lines()) {
                if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + List.of(parts) + " in " + lines());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
