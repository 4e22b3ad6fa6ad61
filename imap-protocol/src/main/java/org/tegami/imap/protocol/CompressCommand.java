package org.tegami.imap.protocol;

/** COMPRESS (RFC 4978 §3): the mechanism as sent (only DEFLATE is defined). */
public record CompressCommand(String tag, String mechanism) implements ImapCommand {

    /** RFC 4978 §4: compress = "COMPRESS" SP algorithm; algorithm = "DEFLATE" (an atom). */
    static CompressCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing compression mechanism");
        return new CompressCommand(tag, in.readAtom("Missing compression mechanism"));
    }
}
