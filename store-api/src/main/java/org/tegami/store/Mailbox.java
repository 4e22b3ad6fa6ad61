package org.tegami.store;

import java.util.Set;

/**
 * A mailbox of an account. {@code name} is the full hierarchical name in UTF-8 with {@code /} as the
 * hierarchy delimiter; {@code INBOX} is always spelled in upper case. A mailbox that is not
 * {@code selectable} is a placeholder kept for its children (LIST shows it {@code \Noselect}).
 */
public record Mailbox(
        MailboxId id,
        AccountId account,
        String name,
        UidValidity uidValidity,
        Set<SpecialUse> specialUse,
        boolean selectable) {

    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";

    public Mailbox {
        specialUse = Set.copyOf(specialUse);
    }
}
