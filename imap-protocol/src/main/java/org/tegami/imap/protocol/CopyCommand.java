package org.tegami.imap.protocol;

/** COPY / UID COPY (RFC 9051 §6.4.7). */
public record CopyCommand(String tag, boolean uid, SequenceSet sequenceSet, String mailbox) implements ImapCommand {

    /** RFC 9051 §9: copy = "COPY" SP sequence-set SP mailbox. */
    static CopyCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing sequence set");
        SequenceSet sequenceSet = in.readSequenceSet();
        in.expectSpace("Missing mailbox name");
        return new CopyCommand(tag, uid, sequenceSet, in.readMailbox());
    }
}
