package org.tegami.imap.protocol;

/** UID EXPUNGE (RFC 9051 §6.4.9, RFC 4315 §2.1). */
public record UidExpungeCommand(String tag, SequenceSet uids) implements ImapCommand {

    /** RFC 9051 §9: uid-expunge = "EXPUNGE" SP sequence-set (after "UID" SP). */
    static UidExpungeCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing sequence set");
        return new UidExpungeCommand(tag, in.readSequenceSet());
    }
}
