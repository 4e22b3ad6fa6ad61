package org.tegami.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tegami.store.BlockedAddress;
import org.tegami.store.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami security blocked list|unblock ADDR}: the client addresses blocked after failed logins.
 * Blocks are kept in the data directory, so this works while the server runs and an unblock takes effect
 * at the address's next connection.
 */
@Command(name = "security", mixinStandardHelpOptions = true, description = "Blocked client addresses.")
public final class SecurityCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("security: missing subcommand (blocked); see tegami security --help");
    }

    @Command(name = "blocked", mixinStandardHelpOptions = true,
            description = "List or lift blocks of client addresses after failed logins.")
    public static final class Blocked implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new CommandFailure("security blocked: missing subcommand (list or unblock); "
                    + "see tegami security blocked --help");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print each blocked address, until when, since when and why.")
    public static final class ListBlocked implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;
        private final Clock clock;

        @Mixin DataOptions data;

        public ListBlocked(Terminal terminal, StoreOpener opener, Clock clock) {
            this.terminal = terminal;
            this.opener = opener;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                for (BlockedAddress b : store.blocklist().list(clock.instant())) {
                    terminal.out().println(b.address().getHostAddress() + "  until " + b.until() + "  since "
                            + b.since() + "  (" + b.reason() + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Lift the block of an address.")
    public static final class Unblock implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDR", description = "The IPv4 or IPv6 address.") String address;

        public Unblock(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            InetAddress parsed = literal(address);
            try (MailStore store = data.openStore(opener, false)) {
                if (!store.blocklist().unblock(parsed)) {
                    throw new CommandFailure(parsed.getHostAddress() + " is not blocked");
                }
                terminal.out().println("unblocked " + parsed.getHostAddress());
            }
            return 0;
        }

        private static InetAddress literal(String text) {
            String trimmed = text.strip();
            // Only literals: a host name would be looked up, and a block is on an address, not a name.
            boolean literal = !trimmed.isEmpty()
                    && trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
            if (!literal) {
                throw new CommandFailure("'" + text + "' is not an IP address");
            }
            try {
                return InetAddress.getByName(trimmed);
            } catch (UnknownHostException e) {
                throw new CommandFailure("'" + text + "' is not an IP address");
            }
        }
    }
}
