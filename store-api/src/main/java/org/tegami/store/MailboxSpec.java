package org.tegami.store;

import java.util.Set;

/** A mailbox to create: its name and special-use attributes. */
public record MailboxSpec(String name, Set<SpecialUse> specialUse) {
    public MailboxSpec {
        specialUse = Set.copyOf(specialUse);
    }
}
