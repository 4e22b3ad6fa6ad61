package org.tegami.imap.protocol;

/**
 * GETQUOTAROOT (RFC 9208 §4.1.2): the quota roots of a mailbox and their usage. {@code mailbox} is the name as
 * sent (astring decoded as UTF-8; modified UTF-7 is decoded by the session).
 */
public record GetQuotaRootCommand(String tag, String mailbox) implements ImapCommand {

    /** RFC 9208 §9: getquotaroot = "GETQUOTAROOT" SP mailbox. */
    static GetQuotaRootCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        return new GetQuotaRootCommand(tag, in.readMailbox());
    }
}
