package org.tegami.server;

import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.tegami.auth.PasswordGenerator;
import org.tegami.auth.PasswordHasher;
import org.tegami.store.Account;
import org.tegami.store.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami user add|passwd|list|del}: account administration on a data directory, safe to run
 * while a server uses the same directory.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Add, list and remove accounts.")
public final class UserCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("user: missing subcommand (add, passwd, list, del, sent-copy, app-password or "
                + "main-password); see tegami user --help");
    }

    private static MailAddress address(String text) {
        try {
            return MailAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an account with INBOX, Drafts, Sent, Trash, Junk and Archive.")
    public static final class Add implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDRESS", description = "The whole e-mail address; it is also the login name.")
        String address;
        @Option(names = "--password-stdin", description = "Read the password as one line from standard input.")
        boolean passwordStdin;

        public Add(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            MailAddress parsed = address(address);
            SecureRandom random = new SecureRandom();
            PasswordSource.Password password = new PasswordSource(terminal, new PasswordGenerator(random))
                    .obtain(parsed, passwordStdin);
            try (MailStore store = data.openStore(opener, true)) {
                AccountProvisioner.Created created = new AccountProvisioner(store.accounts(), store.scram(),
                        new PasswordHasher(PasswordHasher.DEFAULT_COST, random)).create(parsed, password.value());
                if (created.domainAdded()) {
                    terminal.out().println("added local domain " + parsed.domain());
                }
                terminal.out().println("added user " + created.account().address());
                if (password.generated()) {
                    terminal.out().println("password: " + password.value() + "  (shown only now)");
                }
            }
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a new password for an account.")
    public static final class Passwd implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDRESS") String address;
        @Option(names = "--password-stdin", description = "Read the password as one line from standard input.")
        boolean passwordStdin;

        public Passwd(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            MailAddress parsed = address(address);
            try (MailStore store = data.openStore(opener, false)) {
                if (store.accounts().findAccount(parsed.toString()).isEmpty()) {
                    throw new CommandFailure("user " + parsed + " does not exist");
                }
                SecureRandom random = new SecureRandom();
                PasswordSource.Password password = new PasswordSource(terminal, new PasswordGenerator(random))
                        .obtain(parsed, passwordStdin);
                new AccountProvisioner(store.accounts(), store.scram(), new PasswordHasher(PasswordHasher.DEFAULT_COST, random))
                        .changePassword(parsed, password.value());
                terminal.out().println("changed the password of " + parsed);
                if (password.generated()) {
                    terminal.out().println("password: " + password.value() + "  (shown only now)");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every account, one per line.")
    public static final class ListAccounts implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;

        public ListAccounts(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                for (Account account : store.accounts().listAccounts()) {
                    terminal.out().println(account.address());
                }
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete an account and all its mail.")
    public static final class Del implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDRESS") String address;

        public Del(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            MailAddress parsed = address(address);
            try (MailStore store = data.openStore(opener, false)) {
                Account account = store.accounts().findAccount(parsed.toString())
                        .orElseThrow(() -> new CommandFailure("user " + parsed + " does not exist"));
                store.accounts().deleteAccount(account.id());
                terminal.out().println("deleted user " + parsed + " and all its mail");
            }
            return 0;
        }
    }

    /**
     * Turns the sent copy on or off: with it on, the server files each message the account submits into
     * its Sent mailbox, and the client's own copy of the same message (APPENDed to Sent soon after) is
     * not stored twice.
     */
    @Command(name = "sent-copy", mixinStandardHelpOptions = true,
            description = "Let the server file submitted mail in Sent (on), or leave it to the client (off).")
    public static final class SentCopySetting implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Parameters(index = "1", paramLabel = "on|off", arity = "0..1") String value;

        public SentCopySetting(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            MailAddress parsed = address(address);
            try (MailStore store = data.openStore(opener, false)) {
                Account account = store.accounts().findAccount(parsed.toString())
                        .orElseThrow(() -> new CommandFailure("user " + parsed + " does not exist"));
                if (value == null) {
                    terminal.out().println(parsed + " sent-copy " + (store.accounts().sentCopy(account.id()) ? "on" : "off"));
                    return 0;
                }
                boolean on = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new CommandFailure("sent-copy takes on or off, not " + value);
                };
                store.accounts().setSentCopy(account.id(), on);
                terminal.out().println(parsed + " sent-copy " + (on ? "on" : "off"));
            }
            return 0;
        }
    }
}
