package org.tegami.smtp.server.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.Alias;

/**
 * Expands a recipient address into local accounts and remote addresses: an account's own address,
 * then an alias with exactly that address, then the catch-all alias {@code @domain} of a local domain.
 * Aliases may point at aliases; expansion stops at {@link #MAX_EXPANSIONS} and never loops.
 */
public final class RecipientResolver {

    /** Bounds the work one RCPT can cause through chains or cycles of aliases. */
    static final int MAX_EXPANSIONS = 100;

    private final AccountDirectory directory;

    public RecipientResolver(AccountDirectory directory) {
        this.directory = directory;
    }

    /** Whether the address's domain is one this server receives mail for. */
    public boolean isLocal(String address) {
        return directory.isLocalDomain(domainOf(address));
    }

    /**
     * Where mail to {@code address} goes. Empty when the address is in a local domain and neither an
     * account, an alias nor a catch-all takes it (RFC 5321 §3.3: the server answers 550 then). A remote
     * address resolves to itself.
     */
    public Optional<Resolution> resolve(String address) {
        Set<Account> local = new LinkedHashSet<>();
        Set<String> remote = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(normalise(address));
        int expansions = 0;
        while (!pending.isEmpty() && expansions++ < MAX_EXPANSIONS) {
            String next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            Optional<Account> account = directory.findAccount(next);
            if (account.isPresent()) {
                local.add(account.get());
                continue;
            }
            Optional<Alias> alias = directory.findAlias(next);
            if (alias.isEmpty() && isLocal(next)) {
                alias = directory.findAlias("@" + domainOf(next));
            }
            if (alias.isPresent()) {
                for (String target : alias.get().targets()) {
                    pending.add(normalise(target));
                }
            } else if (!isLocal(next)) {
                remote.add(next);
            }
        }
        Resolution resolution = new Resolution(local, remote);
        return resolution.isEmpty() ? Optional.empty() : Optional.of(resolution);
    }

    /** The addresses an account may send as: its own, and every alias that points straight at it. */
    public Set<String> sendableAddresses(Account account) {
        Set<String> addresses = new HashSet<>();
        addresses.add(account.address());
        for (Alias alias : directory.listAliases()) {
            if (!alias.isCatchAll() && alias.targets().contains(account.address())) {
                addresses.add(alias.address());
            }
        }
        return addresses;
    }

    static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a message of {@code octets} octets (0 when the client declared no SIZE, RFC 1870) still fits in the
     * account's quota (RFC 9208). A check ahead of DATA so a full mailbox is refused for its recipient alone
     * (RFC 3463 §3.3, X.2.2 mailbox full); the store checks again, atomically, when the message is filed.
     */
    public boolean hasRoomFor(Account account, long octets) {
        org.tegami.store.Quota quota = directory.quota(account.id());
        if (!quota.limitsStorage() && !quota.limitsMessages()) {
            return true;
        }
        org.tegami.store.QuotaUsage usage = directory.quotaUsage(account.id());
        boolean storage = !quota.limitsStorage() || usage.storageBytes() + Math.max(octets, 1) <= quota.storageBytes();
        boolean messages = !quota.limitsMessages() || usage.messages() + 1 <= quota.messages();
        return storage && messages;
    }
}
