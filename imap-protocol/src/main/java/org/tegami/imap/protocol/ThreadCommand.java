package org.tegami.imap.protocol;

/** THREAD / UID THREAD (RFC 5256 §3): the algorithm as sent, the charset of the search strings, the search key. */
public record ThreadCommand(String tag, boolean uid, String algorithm, String charset, SearchKey key)
        implements ImapCommand {

    /** RFC 5256 §5: thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria; thread-alg = atom. */
    static ThreadCommand parse(String tag, boolean uid, CommandReader in) {
        in.expectSpace("Missing threading algorithm");
        String algorithm = in.readAtom("Missing threading algorithm");
        in.expectSpace("Missing charset");
        String charset = in.readAstring("Missing charset");
        in.expectSpace("Missing search criteria");
        return new ThreadCommand(tag, uid, algorithm, charset, SearchKeyParser.parseProgram(in));
    }
}
