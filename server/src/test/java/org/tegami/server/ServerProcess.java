package org.tegami.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tegami serve} in a JVM of its own, so a test can end it with SIGKILL the way a crash or the
 * OOM killer would: no shutdown hook, no closing of the store, writes cut off wherever they are.
 */
final class ServerProcess implements AutoCloseable {

    /** The exit status the JDK reports for a process ended by SIGKILL (128 + 9). */
    static final int SIGKILL_EXIT_STATUS = 137;

    private static final Pattern LISTENING = Pattern.compile("IMAPS listening on (\\S+):(\\d+)");
    private static final Pattern SUBMISSIONS_LISTENING =
            Pattern.compile("SMTP submission \\(SSL/TLS\\) listening on (\\S+):(\\d+)");
    private static final Pattern PASSWORD = Pattern.compile("Password for (\\S+): (\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("Certificate SHA-256 fingerprint: (\\S+)");
    private static final int LAUNCH_ATTEMPTS = 5;
    /**
     * Offsets put both ports (143+N, 993+N) between 20000 and 32000: above the usual service ports and
     * below Linux's ephemeral range, where outgoing connections of other tests could take them.
     */
    private static final int MIN_OFFSET = 20_000 - TegamiConfig.IMAP_DEFAULT_PORT;
    private static final int MAX_OFFSET = 32_000 - TegamiConfig.IMAPS_DEFAULT_PORT;
    private static final int MAX_LOG_CHARS = 64 * 1024;

    private final Process process;
    private final OutputLog log;
    private final List<Thread> drains;
    private final int imapsPort;
    private final int submissionsPort;
    private final Optional<String> postmasterPassword;
    private final String fingerprint;

    private ServerProcess(Process process, OutputLog log, List<Thread> drains, int imapsPort, int submissionsPort,
                          Optional<String> postmasterPassword, String fingerprint) {
        this.process = process;
        this.log = log;
        this.drains = drains;
        this.imapsPort = imapsPort;
        this.submissionsPort = submissionsPort;
        this.postmasterPassword = postmasterPassword;
        this.fingerprint = fingerprint;
    }

    /** Starts the server on {@code dataDir} without a config file; see {@link #start(Path, Optional, Duration)}. */
    static ServerProcess start(Path dataDir, Duration timeout) throws IOException, InterruptedException {
        return start(dataDir, Optional.empty(), timeout);
    }

    /**
     * Starts the server on {@code dataDir}, with {@code configFile} if given, and returns once it listens
     * for IMAPS and SMTP submission over TLS (which the summary prints after every listener is bound).
     * Ports are picked at random after checking they are free; a start that loses a race for them is
     * retried on others, any other failure is reported with the server's output. The configuration
     * must leave the ports to {@code --port-offset}.
     */
    static ServerProcess start(Path dataDir, Optional<Path> configFile, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> bindFailures = new ArrayList<>();
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
            int offset = freeOffset();
            OutputLog log = new OutputLog();
            BlockingQueue<Optional<String>> stdout = new LinkedBlockingQueue<>();
            Process process = launch(dataDir, configFile, offset);
            List<Thread> drains = List.of(
                    drain("tegami-stdout", process.getInputStream(), log, stdout),
                    drain("tegami-stderr", process.getErrorStream(), log, null));
            Optional<String> password = Optional.empty();
            String fingerprint = null;
            int imapsPort = -1;
            try {
                while (true) {
                    long waitMillis = Duration.between(Instant.now(), deadline).toMillis();
                    Optional<String> line = waitMillis <= 0 ? null : stdout.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        throw new AssertionError("the server did not listen within " + timeout + "; output:\n" + log);
                    }
                    if (line.isEmpty()) {
                        break; // stdout closed: the process is ending without having listened
                    }
                    Matcher m;
                    if ((m = PASSWORD.matcher(line.get())).find()) {
                        password = Optional.of(m.group(2));
                    } else if ((m = FINGERPRINT.matcher(line.get())).find()) {
                        fingerprint = m.group(1);
                    } else if ((m = LISTENING.matcher(line.get())).find()) {
                        if (fingerprint == null) {
                            throw new AssertionError("no certificate fingerprint before the listening line:\n" + log);
                        }
                        imapsPort = Integer.parseInt(m.group(2));
                    } else if ((m = SUBMISSIONS_LISTENING.matcher(line.get())).find()) {
                        if (imapsPort < 0) {
                            throw new AssertionError("no IMAPS listening line before submission's:\n" + log);
                        }
                        return new ServerProcess(process, log, drains, imapsPort, Integer.parseInt(m.group(2)),
                                password, fingerprint);
                    }
                }
            } catch (AssertionError | InterruptedException | RuntimeException e) {
                stop(process, drains);
                throw e;
            }
            stop(process, drains);
            // Another process took a port between the check and the bind: try other ports. Anything
            // else (a store that does not open after a crash, say) is what the test is looking for.
            if (!log.toString().contains("address already in use")) {
                throw new AssertionError("the server exited with status " + process.exitValue()
                        + " before listening; output:\n" + log);
            }
            bindFailures.add(log.toString());
        }
        throw new AssertionError("no free ports after " + LAUNCH_ATTEMPTS + " attempts: " + bindFailures);
    }

    private static Process launch(Path dataDir, Optional<Path> configFile, int offset) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
        List<String> command = new ArrayList<>(List.of(java,
                "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED",
                // Small and quick to start: two of these run next to the test JVM on a small machine.
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                Main.class.getName(), "serve",
                "--data", dataDir.toString(),
                "--hostname", "localhost",
                "--bind", "127.0.0.1",
                "--port-offset", Integer.toString(offset)));
        configFile.ifPresent(file -> command.addAll(List.of("--config", file.toString())));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close(); // the server reads nothing from stdin
        return process;
    }

    /** An offset whose ports (IMAP and SMTP) are free right now; the server may still lose them to a race. */
    private static int freeOffset() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int tries = 0; tries < 100; tries++) {
            int offset = ThreadLocalRandom.current().nextInt(MIN_OFFSET, MAX_OFFSET + 1);
            int candidate = offset;
            if (IntStream.of(TegamiConfig.IMAPS_DEFAULT_PORT, TegamiConfig.IMAP_DEFAULT_PORT,
                            TegamiConfig.SUBMISSIONS_DEFAULT_PORT, TegamiConfig.SUBMISSION_DEFAULT_PORT,
                            TegamiConfig.SMTP_DEFAULT_PORT)
                    .allMatch(port -> isFree(loopback, port + candidate))) {
                return offset;
            }
        }
        throw new IOException("found no offset with all its ports free");
    }

    private static boolean isFree(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a stream of the child to its end, so the child never blocks on a full pipe. Lines of stdout
     * also go to {@code lines}, followed by an empty value at the end of the stream.
     */
    private static Thread drain(String name, InputStream stream, OutputLog log, BlockingQueue<Optional<String>> lines) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.append(line);
                    if (lines != null) {
                        lines.add(Optional.of(line));
                    }
                }
            } catch (IOException e) {
                log.append("(reading the server's output failed: " + e + ")");
            } finally {
                if (lines != null) {
                    lines.add(Optional.empty());
                }
            }
        });
    }

    int imapsPort() {
        return imapsPort;
    }

    int submissionsPort() {
        return submissionsPort;
    }

    /** The first account's password; printed only by the start that created the account. */
    Optional<String> postmasterPassword() {
        return postmasterPassword;
    }

    /** The fingerprint the server printed, to pin the certificate a client accepts. */
    String certificateFingerprint() {
        return fingerprint;
    }

    String output() {
        return log.toString();
    }

    /** Ends the server with SIGKILL and returns its exit status once it has exited. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the server survived SIGKILL for 10 s");
        }
        joinDrains(drains);
        return process.exitValue();
    }

    @Override
    public void close() {
        stop(process, drains);
    }

    private static void stop(Process process, List<Thread> drains) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            joinDrains(drains);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinDrains(List<Thread> drains) throws InterruptedException {
        for (Thread drain : drains) {
            drain.join(Duration.ofSeconds(5));
        }
    }

    /** The child's stdout and stderr, interleaved, keeping the end when it grows large. */
    private static final class OutputLog {
        private final StringBuilder text = new StringBuilder();

        synchronized void append(String line) {
            text.append(line).append('\n');
            if (text.length() > MAX_LOG_CHARS) {
                text.delete(0, text.length() - MAX_LOG_CHARS);
            }
        }

        @Override
        public synchronized String toString() {
            return text.toString();
        }
    }
}
