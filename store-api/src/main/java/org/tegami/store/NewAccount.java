package org.tegami.store;

import java.util.List;
import java.util.Objects;

/** An account for {@link AccountDirectory#createAccounts}: its address, password hash and initial mailboxes. */
public record NewAccount(String address, String passwordHash, List<MailboxSpec> initialMailboxes) {
    public NewAccount {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordHash, "passwordHash");
        initialMailboxes = List.copyOf(initialMailboxes);
    }
}
