package org.tegami.imap.protocol;

import java.util.List;

/** FETCH data items (RFC 9051 §6.4.5, RFC 3501 RFC822.* items, RFC 3516 BINARY). */
public sealed interface FetchItem {

    record Flags() implements FetchItem {
    }

    record InternalDate() implements FetchItem {
    }

    record Rfc822Size() implements FetchItem {
    }

    record Envelope() implements FetchItem {
    }

    /** BODY ({@code extensible} false) or BODYSTRUCTURE (true). */
    record BodyStructure(boolean extensible) implements FetchItem {
    }

    record Uid() implements FetchItem {
    }

    /** PREVIEW (RFC 8970 §3); the LAZY modifier changes nothing here, the preview is always at hand. */
    record Preview() implements FetchItem {
    }

    /** SAVEDATE (RFC 8514 §4.1): when the message was saved to this mailbox. */
    record SaveDate() implements FetchItem {
    }

    /** EMAILID (RFC 8474 §5.1). */
    record EmailId() implements FetchItem {
    }

    /** THREADID (RFC 8474 §5.2). */
    record ThreadId() implements FetchItem {
    }

    /** MODSEQ (RFC 7162 §3.1.4). */
    record ModSeq() implements FetchItem {
    }

    /** {@code <offset.length>} of a partial fetch. */
    record Partial(long offset, long length) {
    }

    /**
     * BODY[section]&lt;partial&gt; or BODY.PEEK[...]. The RFC 3501 items map here with {@code legacyName}
     * set to the name the response must use: RFC822 = BODY[] (sets \Seen), RFC822.HEADER = BODY.PEEK[HEADER],
     * RFC822.TEXT = BODY[TEXT]. {@code partial} is {@code null} when absent.
     */
    record BodySection(Section section, Partial partial, boolean peek, String legacyName) implements FetchItem {
    }

    /** BINARY[part]&lt;partial&gt; or BINARY.PEEK[...] (RFC 3516). */
    record Binary(List<Integer> part, Partial partial, boolean peek) implements FetchItem {
        public Binary {
            part = List.copyOf(part);
        }
    }

    /** BINARY.SIZE[part] (RFC 3516). */
    record BinarySize(List<Integer> part) implements FetchItem {
        public BinarySize {
            part = List.copyOf(part);
        }
    }
}
