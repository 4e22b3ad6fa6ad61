package org.tegami.server;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tegami.auth.PasswordGenerator;
import org.tegami.auth.PasswordHasher;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.Quota;
import org.tegami.store.QuotaUsage;
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
        throw new CommandFailure("user: missing subcommand (add, import, passwd, list, del, sent-copy, quota, "
                + "app-password or main-password); see tegami user --help");
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
     * Imports accounts with their existing password hashes ({@link AccountImport}). Every line is checked
     * first and nothing is created unless all are good. The store creates one account per transaction, so
     * should creating one fail, the accounts this run created (and the domains it added) are deleted
     * again; only a crash in the middle can leave the accounts of the lines before it, which a second run
     * then reports as existing.
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Create accounts from a Dovecot passwd-file or an address,hash CSV, keeping their "
                    + "password hashes.")
    public static final class Import implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "FILE", description = "passwd-file (user:{SCHEME}hash:…) or CSV (address,hash).")
        java.nio.file.Path file;
        @Option(names = "--format", paramLabel = "passwd|csv",
                description = "The file's format (default: recognised from its first line).")
        String format;
        @Option(names = "--dry-run", description = "Check the file and print what would be imported; change nothing.")
        boolean dryRun;

        public Import(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            java.util.List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
            }
            AccountImport.Format chosen = format == null ? AccountImport.detect(lines)
                    : switch (format.toLowerCase(java.util.Locale.ROOT)) {
                        case "passwd" -> AccountImport.Format.PASSWD;
                        case "csv" -> AccountImport.Format.CSV;
                        default -> throw new CommandFailure("--format takes passwd or csv, not " + format);
                    };
            try (MailStore store = data.openStore(opener, !dryRun)) {
                AccountImport.Plan plan = AccountImport.plan(lines, chosen, store.accounts());
                for (AccountImport.Problem problem : plan.problems()) {
                    terminal.err().println(file + ":" + problem.line() + ": " + problem.message());
                }
                if (!plan.problems().isEmpty()) {
                    throw new CommandFailure("nothing imported: " + plan.problems().size() + " of the lines in "
                            + file + " cannot be imported");
                }
                java.util.Map<String, Long> schemes = new java.util.TreeMap<>();
                plan.entries().forEach(e -> schemes.merge(e.hash().scheme().dovecotName(), 1L, Long::sum));
                String summary = plan.entries().size() + " account" + (plan.entries().size() == 1 ? "" : "s")
                        + " from " + file + " (" + chosen.name().toLowerCase(java.util.Locale.ROOT) + ")"
                        + (schemes.isEmpty() ? "" : ", " + schemes.entrySet().stream()
                                .map(s -> s.getValue() + " " + s.getKey())
                                .collect(java.util.stream.Collectors.joining(", ")));
                if (dryRun) {
                    for (AccountImport.Entry entry : plan.entries()) {
                        terminal.out().println("would add user " + entry.address() + " ("
                                + entry.hash().scheme().dovecotName() + ")");
                    }
                    terminal.out().println("dry run: would import " + summary);
                    return 0;
                }
                create(store, plan.entries());
                terminal.out().println("imported " + summary);
                if (schemes.keySet().stream().anyMatch(s -> !s.equals("ARGON2ID"))) {
                    terminal.out().println("hashes in other schemes become Argon2id at each user's next login");
                }
            }
            return 0;
        }

        private void create(MailStore store, java.util.List<AccountImport.Entry> entries) {
            AccountProvisioner provisioner = new AccountProvisioner(store.accounts(), store.scram(),
                    new PasswordHasher());
            // One transaction: either every account (and every missing domain) is created or none is.
            AccountProvisioner.ImportedAll created = provisioner.createImported(entries.stream()
                    .map(e -> new AccountProvisioner.Imported(e.address(), e.hash().stored()))
                    .toList());
            for (String domain : created.domainsAdded()) {
                terminal.out().println("added local domain " + domain);
            }
            for (Account account : created.accounts()) {
                terminal.out().println("added user " + account.address());
            }
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

    /**
     * Shows or sets an account's quota (RFC 9208): the total size of its messages and their number, over all its
     * mailboxes. Without options it prints the quota in force and the usage; {@code --default} makes the account
     * follow the {@code [quota]} default again. 0 means no limit.
     */
    @Command(name = "quota", mixinStandardHelpOptions = true,
            description = "Show or set how much mail an account may keep (0 = no limit).")
    public static final class QuotaSetting implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(index = "0", paramLabel = "ADDRESS") String address;
        @Option(names = "--storage", paramLabel = "SIZE",
                description = "Total size of the account's messages, e.g. 5GiB, 500MB or 1048576; 0 = no limit.")
        String storage;
        @Option(names = "--messages", paramLabel = "N", description = "Number of messages; 0 = no limit.")
        Long messages;
        @Option(names = "--default", description = "Drop the account's own quota: it follows the [quota] default.")
        boolean followDefault;

        public QuotaSetting(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            MailAddress parsed = address(address);
            if (followDefault && (storage != null || messages != null)) {
                throw new CommandFailure("--default cannot be combined with --storage or --messages");
            }
            if (messages != null && messages < 0) {
                throw new CommandFailure("--messages must be 0 or more");
            }
            Long storageBytes;
            try {
                storageBytes = storage == null ? null : StorageSize.parse(storage);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("--storage: " + e.getMessage());
            }
            try (MailStore store = data.openStore(opener, false)) {
                AccountDirectory accounts = store.accounts();
                Account account = accounts.findAccount(parsed.toString())
                        .orElseThrow(() -> new CommandFailure("user " + parsed + " does not exist"));
                if (followDefault) {
                    accounts.setOwnQuota(account.id(), Optional.empty());
                } else if (storageBytes != null || messages != null) {
                    // An option not given keeps the limit in force for that resource.
                    Quota current = accounts.quota(account.id());
                    accounts.setOwnQuota(account.id(), Optional.of(new Quota(
                            storageBytes != null ? storageBytes : current.storageBytes(),
                            messages != null ? messages : current.messages())));
                }
                Quota quota = accounts.quota(account.id());
                QuotaUsage usage = accounts.quotaUsage(account.id());
                terminal.out().println(parsed + " storage " + StorageSize.format(usage.storageBytes()) + " of "
                        + (quota.limitsStorage() ? StorageSize.format(quota.storageBytes()) : "unlimited")
                        + ", messages " + usage.messages() + " of "
                        + (quota.limitsMessages() ? String.valueOf(quota.messages()) : "unlimited")
                        + (accounts.ownQuota(account.id()).isPresent() ? "" : " (default)"));
            }
            return 0;
        }
    }
}
