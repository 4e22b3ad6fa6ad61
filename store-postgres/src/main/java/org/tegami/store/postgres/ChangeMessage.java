package org.tegami.store.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tegami.store.AccountId;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;

/**
 * A {@link MailboxChange} as the payload of a NOTIFY: {@code M account mailbox modseq}, {@code L account} or
 * {@code D account mailbox-or-dash percent-encoded-entry}.
 * Short and plain, far under PostgreSQL's 8000-byte payload limit.
 */
final class ChangeMessage {
    private ChangeMessage() {
    }

    static String encode(MailboxChange change) {
        return switch (change) {
            case MailboxChange.MessagesChanged m -> "M " + m.account().value() + " " + m.mailbox().value() + " "
                    + m.highestModSeq().value();
            case MailboxChange.MailboxListChanged l -> "L " + l.account().value();
            // The entry name is percent-encoded so that spaces or non-ASCII in it cannot split the payload.
            case MailboxChange.MetadataChanged d -> "D " + d.account().value() + " "
                    + d.mailbox().map(id -> Long.toString(id.value())).orElse("-") + " "
                    + URLEncoder.encode(d.entry(), StandardCharsets.UTF_8);
        };
    }

    /** The change a payload names; empty for one this build does not know (sent by a newer node). */
    static Optional<MailboxChange> decode(String payload) {
        String[] parts = payload.split(" ");
        try {
            if (parts[0].equals("M") && parts.length == 4) {
                return Optional.of(new MailboxChange.MessagesChanged(new AccountId(Long.parseLong(parts[1])),
                        new MailboxId(Long.parseLong(parts[2])), new ModSeq(Long.parseLong(parts[3]))));
            }
            if (parts[0].equals("L") && parts.length == 2) {
                return Optional.of(new MailboxChange.MailboxListChanged(new AccountId(Long.parseLong(parts[1]))));
            }
            if (parts[0].equals("D") && parts.length == 4) {
                Optional<MailboxId> mailbox = parts[2].equals("-") ? Optional.empty()
                        : Optional.of(new MailboxId(Long.parseLong(parts[2])));
                return Optional.of(new MailboxChange.MetadataChanged(new AccountId(Long.parseLong(parts[1])),
                        mailbox, URLDecoder.decode(parts[3], StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) { // NumberFormatException, or a broken percent-encoding
            return Optional.empty();
        }
        return Optional.empty();
    }
}
