package org.tegami.message;

/**
 * One address of an envelope address list, in the shape IMAP's ENVELOPE uses (RFC 9051 §7.5.2).
 *
 * <p>Group syntax is carried the IMAP way: a group start is {@code mailbox = group name, host = null},
 * a group end is {@code mailbox = null, host = null}. Strings are the raw header text (encoded words
 * are kept as they were), {@code null} where the part is absent.
 */
public record Address(String name, String adl, String mailbox, String host) {

    public boolean isGroupStart() {
        return host == null && mailbox != null;
    }

    public boolean isGroupEnd() {
        return host == null && mailbox == null;
    }
}
