package org.tegami.smtp.server.delivery;

import java.util.Set;
import org.tegami.store.Account;

/** Where mail for one address goes after aliases are expanded: local accounts and remote addresses. */
public record Resolution(Set<Account> local, Set<String> remote) {
    public Resolution {
        local = Set.copyOf(local);
        remote = Set.copyOf(remote);
    }

    public boolean isEmpty() {
        return local.isEmpty() && remote.isEmpty();
    }
}
