package org.tegami.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.tegami.store.Alias;
import org.tegami.store.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami alias add|list|del}: addresses that forward to accounts or other addresses, and
 * catch-alls ({@code @domain}) that take mail for every address of a domain no account or alias has.
 */
@Command(name = "alias", mixinStandardHelpOptions = true, description = "Add, list and remove aliases.")
public final class AliasCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CommandFailure("alias: missing subcommand (add, list or del); see tegami alias --help");
    }

    /** An alias address: {@code local@domain}, or {@code @domain} for a catch-all; lower-cased. */
    record AliasAddress(String text, String domain) {
        static AliasAddress parse(String text) {
            try {
                String trimmed = text.strip();
                if (trimmed.startsWith("@")) {
                    String domain = MailAddress.normalizeDomain(trimmed.substring(1));
                    return new AliasAddress("@" + domain, domain);
                }
                MailAddress address = MailAddress.parse(trimmed);
                return new AliasAddress(address.toString(), address.domain());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage() + " (an alias is local@domain, or @domain for a catch-all)");
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Send mail for ALIAS to each TARGET; adds the targets to an existing alias.")
    public static final class Add implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(index = "0", paramLabel = "ALIAS", description = "local@domain, or @domain for a catch-all.")
        String alias;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET",
                description = "Where the mail goes: local accounts, other aliases or remote addresses.")
        List<String> targets;

        public Add(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            AliasAddress parsed = AliasAddress.parse(alias);
            Set<String> newTargets = new LinkedHashSet<>();
            for (String target : targets) {
                try {
                    newTargets.add(MailAddress.parse(target).toString());
                } catch (IllegalArgumentException e) {
                    throw new CommandFailure("target " + e.getMessage());
                }
            }
            if (newTargets.contains(parsed.text())) {
                throw new CommandFailure("alias " + parsed.text() + " cannot point at itself");
            }
            try (MailStore store = data.openStore(opener, true)) {
                // An account's own address is looked up before aliases, so such an alias would never be used.
                if (store.accounts().findAccount(parsed.text()).isPresent()) {
                    throw new CommandFailure(parsed.text() + " is an account; an alias with its address would never "
                            + "be used");
                }
                Optional<Alias> existing = store.accounts().findAlias(parsed.text());
                Set<String> all = new LinkedHashSet<>(existing.map(Alias::targets).orElse(List.of()));
                all.addAll(newTargets);
                boolean domainAdded = !store.accounts().isLocalDomain(parsed.domain())
                        && store.accounts().addDomain(parsed.domain());
                store.accounts().putAlias(parsed.text(), new ArrayList<>(all));
                if (domainAdded) {
                    terminal.out().println("added local domain " + parsed.domain());
                }
                terminal.out().println((existing.isPresent() ? "updated alias " : "added alias ") + parsed.text()
                        + " -> " + String.join(", ", all));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print every alias with its targets, one per line.")
    public static final class ListAliases implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;

        public ListAliases(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            try (MailStore store = data.openStore(opener, false)) {
                for (Alias alias : store.accounts().listAliases()) {
                    terminal.out().println(alias.address() + " -> " + String.join(", ", alias.targets()));
                }
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Remove an alias.")
    public static final class Del implements Callable<Integer> {
        private final Terminal terminal;
        private final StoreOpener opener;

        @Mixin DataOptions data;
        @Parameters(paramLabel = "ALIAS") String alias;

        public Del(Terminal terminal, StoreOpener opener) {
            this.terminal = terminal;
            this.opener = opener;
        }

        @Override
        public Integer call() {
            AliasAddress parsed = AliasAddress.parse(alias);
            try (MailStore store = data.openStore(opener, false)) {
                if (!store.accounts().deleteAlias(parsed.text())) {
                    throw new CommandFailure("alias " + parsed.text() + " does not exist");
                }
                terminal.out().println("deleted alias " + parsed.text());
            }
            return 0;
        }
    }
}
