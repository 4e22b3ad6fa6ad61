package org.tegami.imap.protocol;

import java.time.LocalDate;
import java.util.List;

/**
 * SEARCH criteria (RFC 9051 §6.4.4), in a small closed algebra the parser maps every keyword to:
 * ANSWERED/UNANSWERED, DELETED/UNDELETED, DRAFT/UNDRAFT, FLAGGED/UNFLAGGED, SEEN/UNSEEN, KEYWORD/UNKEYWORD
 * become {@link Flag}; NEW becomes {@code And(Recent, Flag(\Seen, false))}, OLD {@code Not(Recent)};
 * FROM, TO, CC, BCC, SUBJECT and HEADER become {@link Header}; BEFORE/ON/SINCE {@link InternalDate};
 * SENTBEFORE/SENTON/SENTSINCE {@link SentDate}; LARGER/SMALLER {@link Size}; OLDER/YOUNGER (RFC 5032)
 * {@link Within}; a bare sequence set {@link SequenceNumbers}; UID {@link Uids}; a parenthesised list
 * or several keys {@link And}.
 */
public sealed interface SearchKey {

    record All() implements SearchKey {
    }

    /** A system flag (canonical spelling, e.g. {@code \Seen}) or keyword is set ({@code present}) or not. */
    record Flag(String flag, boolean present) implements SearchKey {
    }

    /** The \Recent flag (RFC 3501). */
    record Recent() implements SearchKey {
    }

    /** A header field (name as sent) contains the string; an empty string matches any message that has the field. */
    record Header(String field, String value) implements SearchKey {
    }

    record Body(String value) implements SearchKey {
    }

    record Text(String value) implements SearchKey {
    }

    enum DateComparison { BEFORE, ON, SINCE }

    record InternalDate(DateComparison comparison, LocalDate date) implements SearchKey {
    }

    record SentDate(DateComparison comparison, LocalDate date) implements SearchKey {
    }

    /** SAVEDBEFORE, SAVEDON, SAVEDSINCE (RFC 8514 §4.2): the date the message was saved to this mailbox. */
    record SavedDate(DateComparison comparison, LocalDate date) implements SearchKey {
    }

    /** SAVEDATESUPPORTED (RFC 8514 §4.2): every message when the mailbox keeps save dates, otherwise none. */
    record SaveDateSupported() implements SearchKey {
    }

    /** LARGER ({@code larger} true) or SMALLER than {@code octets}. */
    record Size(boolean larger, long octets) implements SearchKey {
    }

    /** OLDER ({@code older} true) or YOUNGER than {@code seconds} (RFC 5032). */
    record Within(boolean older, long seconds) implements SearchKey {
    }

    /**
     * MODSEQ (RFC 7162 §3.1.5): messages whose MODSEQ is at least {@code modSeq}. The optional entry name and
     * type ask about one flag's MODSEQ; this server keeps one MODSEQ per message, which RFC 7162 §3.1.5 lets it
     * use for every flag, so they are checked and otherwise ignored.
     */
    record ModSeq(long modSeq) implements SearchKey {
    }

    /** EMAILID (RFC 8474 §6): the message with this EMAILID. */
    record EmailId(String id) implements SearchKey {
    }

    /** THREADID (RFC 8474 §6): the messages of this thread. */
    record ThreadId(String id) implements SearchKey {
    }

    record SequenceNumbers(SequenceSet set) implements SearchKey {
    }

    record Uids(SequenceSet set) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
