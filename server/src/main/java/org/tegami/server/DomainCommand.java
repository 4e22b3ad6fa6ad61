package org.tegami.server;

import java.util.List;
import java.util.concurrent.Callable;
import org.tegami.store.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tegami domain add|list|del}: the domains this server accepts mail for. */
@Command(name = "domain", mixinStandardHelpOptions = true, description = "Add, list and remove local domains.")
public final class DomainCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("domain: missing subcommand (add, list or del); see tegami domain --help");
    }

    private static String domain(String text) {
        try {
            return MailAddress.normalizeDomain(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Accept mail for a domain.")
    public static final class Add implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "DOMAIN") String domain;

        public Add(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            String name = domain(domain);
            try (MailStore store = data.openStore(opener, true)) {
                if (!store.accounts().addDomain(name)) {
                    throw new CommandFailure("domain " + name + " is already a local domain");
                }
                terminal.out().println("added local domain " + name);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every local domain, one per line.")
    public static final class ListDomains implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;

        public ListDomains(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                store.accounts().listDomains().forEach(terminal.out()::println);
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true,
            description = "Stop accepting mail for a domain that has no accounts left.")
    public static final class Del implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "DOMAIN") String domain;

        public Del(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            String name = domain(domain);
            try (MailStore store = data.openStore(opener, false)) {
                // Deleting a domain under live accounts would leave logins that can never receive mail.
                List<String> users = store.accounts().listAccounts().stream()
                        .map(account -> account.address())
                        .filter(address -> address.endsWith("@" + name))
                        .toList();
                if (!users.isEmpty()) {
                    throw new CommandFailure("domain " + name + " still has " + users.size() + " user(s) ("
                            + String.join(", ", users.subList(0, Math.min(3, users.size())))
                            + (users.size() > 3 ? ", ..." : "") + "); delete them first with tegami user del");
                }
                if (!store.accounts().deleteDomain(name)) {
                    throw new CommandFailure("domain " + name + " is not a local domain");
                }
                terminal.out().println("deleted local domain " + name);
            }
            return 0;
        }
    }
}
