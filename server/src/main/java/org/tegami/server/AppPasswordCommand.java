package org.tegami.server;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tegami.auth.AppPasswordIssuer;
import org.tegami.auth.PasswordGenerator;
import org.tegami.auth.PasswordHasher;
import org.tegami.store.Account;
import org.tegami.store.AppPassword;
import org.tegami.store.AppPasswordId;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.StoreError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami user app-password add|list|del}: generated passwords for one client each, shown once,
 * optionally limited to IMAP or SMTP, revocable one by one. Safe while a server runs: it sees a change
 * at the next login.
 */
@Command(name = "app-password", mixinStandardHelpOptions = true,
        description = "Add, list and revoke an account's app passwords.")
public final class AppPasswordCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("user app-password: missing subcommand (add, list or del); "
                + "see tegami user app-password --help");
    }

    static Account account(MailStore store, String address) {
        MailAddress parsed;
        try {
            parsed = MailAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        return store.accounts().findAccount(parsed.toString())
                .orElseThrow(() -> new CommandFailure("user " + parsed + " does not exist"));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Generate an app password and print it once.")
    public static final class Add implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDRESS") String address;
        @Option(names = "--label", required = true, paramLabel = "NAME",
                description = "What it is for, such as the device (unique per account).")
        String label;
        @Option(names = "--only", paramLabel = "imap|smtp", description = "Usable only with this protocol.")
        String only;

        public Add(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            Optional<LoginProtocol> onlyFor = Optional.empty();
            if (only != null) {
                onlyFor = Optional.of(LoginProtocol.fromWord(only)
                        .orElseThrow(() -> new CommandFailure("--only takes imap or smtp, not " + only)));
            }
            TegamiConfig config = data.config();
            try (MailStore store = data.openStore(opener, false)) {
                Account account = account(store, address);
                SecureRandom random = new SecureRandom();
                AppPasswordIssuer.Issued issued;
                try {
                    issued = new AppPasswordIssuer(store.appPasswords(), new PasswordGenerator(random),
                            new PasswordHasher(PasswordHasher.DEFAULT_COST, random), config.maxAppPasswords())
                            .issue(account.id(), label, onlyFor);
                } catch (StoreError e) {
                    if (e.kind() == StoreError.Kind.CANNOT || e.kind() == StoreError.Kind.ALREADY_EXISTS) {
                        throw new CommandFailure(account.address() + ": " + e.getMessage());
                    }
                    throw e;
                }
                AppPassword added = issued.appPassword();
                terminal.out().println("added app password " + added.id().value() + " '" + added.label() + "' for "
                        + account.address() + " (" + scope(added) + ")");
                terminal.out().println("app password: " + issued.secret() + "  (shown only now)");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print an account's app passwords: id, label, protocols, created, last used.")
    public static final class ListAppPasswords implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ADDRESS") String address;

        public ListAppPasswords(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                Account account = account(store, address);
                List<AppPassword> all = store.appPasswords().list(account.id());
                if (store.appPasswords().mainPasswordRefused(account.id())) {
                    terminal.out().println("(the main password is refused on IMAP and SMTP)");
                }
                for (AppPassword p : all) {
                    terminal.out().println(p.id().value() + "  " + p.label() + "  " + scope(p) + "  created "
                            + p.createdAt() + "  last used " + p.lastUsedAt().map(Object::toString).orElse("never"));
                }
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Revoke an app password at once.")
    public static final class Del implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Parameters(index = "1", paramLabel = "LABEL_OR_ID") String which;

        public Del(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                Account account = account(store, address);
                // A label wins over an id: a label that happens to be a number means what it says.
                boolean deleted = store.appPasswords().deleteByLabel(account.id(), which)
                        || (which.matches("\\d{1,18}")
                        && store.appPasswords().delete(account.id(), new AppPasswordId(Long.parseLong(which))));
                if (!deleted) {
                    throw new CommandFailure(account.address() + " has no app password " + which);
                }
                terminal.out().println("deleted app password " + which + " of " + account.address());
            }
            return 0;
        }
    }

    private static String scope(AppPassword p) {
        return p.onlyFor().map(LoginProtocol::word).map(w -> w + " only").orElse("imap+smtp");
    }

    /**
     * {@code tegami user main-password ADDRESS [allow|refuse]}: whether IMAP and SMTP accept the account's
     * main password, or only its app passwords.
     */
    @Command(name = "main-password", mixinStandardHelpOptions = true,
            description = "Allow or refuse the main password on IMAP and SMTP (then only app passwords work).")
    public static final class MainPassword implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Parameters(index = "1", paramLabel = "allow|refuse", arity = "0..1") String value;

        public MainPassword(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                Account account = account(store, address);
                if (value != null) {
                    boolean refuse = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                        case "allow" -> false;
                        case "refuse" -> true;
                        default -> throw new CommandFailure("main-password takes allow or refuse, not " + value);
                    };
                    store.appPasswords().setMainPasswordRefused(account.id(), refuse);
                }
                boolean refused = store.appPasswords().mainPasswordRefused(account.id());
                terminal.out().println(account.address() + " main-password " + (refused ? "refuse" : "allow"));
                if (refused && store.appPasswords().list(account.id()).isEmpty()) {
                    terminal.out().println("note: the account has no app passwords, so it cannot log in to IMAP or "
                            + "SMTP; add one with tegami user app-password add");
                }
            }
            return 0;
        }
    }
}
