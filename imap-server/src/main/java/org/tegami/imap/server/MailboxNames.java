package org.tegami.imap.server;

import java.util.Optional;
import org.tegami.imap.protocol.ModifiedUtf7;
import org.tegami.store.Mailbox;

/**
 * Mailbox names on the wire: UTF-8 for IMAP4rev2 clients (RFC 9051 §5.1), modified UTF-7 for IMAP4rev1
 * clients (RFC 3501 §5.1.3). Inside the server every name is Unicode, and INBOX is spelled in upper case.
 */
public final class MailboxNames {

    private final boolean utf8;

    public MailboxNames(boolean utf8) {
        this.utf8 = utf8;
    }

    /** The Unicode name, or empty when the client's name is not valid in its encoding. */
    public Optional<String> decode(String wire) {
        String name;
        if (utf8) {
            name = wire;
        } else {
            try {
                name = ModifiedUtf7.decode(wire);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(canonical(name));
    }

    public String encode(String name) {
        return utf8 ? name : ModifiedUtf7.encode(name);
    }

    /** INBOX in any case, alone or as the first level, is INBOX (RFC 9051 §5.1). */
    public static String canonical(String name) {
        if (name.equalsIgnoreCase(Mailbox.INBOX)) {
            return Mailbox.INBOX;
        }
        if (name.length() > 6 && name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return Mailbox.INBOX + name.substring(5);
        }
        return name;
    }
}
