package org.tegami.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tegami.store.MailStore;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;
import org.tegami.store.QueueRecipient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami queue list|retry|delete}: the outbound queue, that is the messages for other servers
 * that are not delivered yet. Ids are printed as the SMTP reply and the log show them ({@code Q42}).
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "List the outbound queue, retry or delete a queued message.")
public final class QueueCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("queue: missing subcommand (list, retry or delete); see tegami queue --help");
    }

    /** {@code Q42}, {@code q42} or {@code 42}. */
    static QueueId parseId(String text) {
        String digits = text.strip();
        if (digits.startsWith("Q") || digits.startsWith("q")) {
            digits = digits.substring(1);
        }
        try {
            long value = Long.parseLong(digits);
            if (value > 0) {
                return new QueueId(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandFailure("'" + text + "' is not a queue id (ids look like Q42; see tegami queue list)");
    }

    static String formatId(QueueId id) {
        return "Q" + id.value();
    }

    /** A rough, readable length of time: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
    static String humanDuration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86400 + " d " + seconds % 86400 / 3600 + " h";
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print each queued message and the state of each of its recipients.")
    public static final class ListQueue implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;
        private final Clock clock;

        @Mixin DataOptions data;

        public ListQueue(Terminal terminal, StoreOpener opener, Clock clock) {
            this.terminal = terminal;
            this.opener = opener;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                List<QueueEntry> entries = store.queue().list();
                if (entries.isEmpty()) {
                    terminal.out().println("the queue is empty");
                }
                Instant now = clock.instant();
                for (QueueEntry entry : entries) {
                    String next = entry.nextAttempt().isAfter(now)
                            ? "in " + humanDuration(Duration.between(now, entry.nextAttempt()))
                            : "now";
                    terminal.out().println(formatId(entry.id()) + "  from <" + entry.sender() + ">  "
                            + entry.size() + " bytes  queued " + humanDuration(Duration.between(entry.queuedAt(), now))
                            + " ago  next attempt " + next);
                    for (QueueRecipient recipient : entry.recipients()) {
                        terminal.out().println("    " + recipient.address() + "  "
                                + recipient.state().name().toLowerCase(Locale.ROOT) + "  " + recipient.attempts()
                                + (recipient.attempts() == 1 ? " attempt" : " attempts")
                                + (recipient.lastResult() == null ? "" : "  last: " + oneLine(recipient.lastResult())));
                    }
                }
            }
            return 0;
        }

        /** A remote reply can span lines; the listing keeps one line per recipient. */
        private static String oneLine(String text) {
            return text.replaceAll("\\s*[\\r\\n]+\\s*", " / ").strip();
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Make a queued message due now. A running server sends it the next time it looks at the"
                    + " queue, at the latest after retry_max_delay_seconds.")
    public static final class Retry implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;
        private final Clock clock;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ID", description = "The queue id, as queue list prints it (Q42).") String id;

        public Retry(Terminal terminal, StoreOpener opener, Clock clock) {
            this.terminal = terminal;
            this.opener = opener;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            QueueId queueId = parseId(id);
            try (MailStore store = data.openStore(opener, false)) {
                if (!store.queue().retryNow(queueId, clock.instant())) {
                    throw new CommandFailure(formatId(queueId) + " is not in the queue");
                }
                terminal.out().println(formatId(queueId) + " is due now; a running server sends it the next time it "
                        + "looks at the queue");
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a queued message without delivering it and without a bounce to its sender.")
    public static final class Delete implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ID", description = "The queue id, as queue list prints it (Q42).") String id;

        public Delete(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            QueueId queueId = parseId(id);
            try (MailStore store = data.openStore(opener, false)) {
                if (!store.queue().delete(queueId)) {
                    throw new CommandFailure(formatId(queueId) + " is not in the queue");
                }
                terminal.out().println("deleted " + formatId(queueId) + " from the queue");
            }
            return 0;
        }
    }
}
