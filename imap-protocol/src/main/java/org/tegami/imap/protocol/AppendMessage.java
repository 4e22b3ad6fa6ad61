package org.tegami.imap.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message of an APPEND: its flags as sent, its date-time ({@code null} when absent), its bytes,
 * whether it came as a {@code ~{n}} binary literal (RFC 3516 §4.4), and whether it came as
 * {@code UTF8 (~{n})}, a message with UTF-8 header fields (RFC 6855 §4). A CATENATE message (RFC 4469 §5) has
 * its parts in {@code catenate} and no content yet; {@code catenate} is {@code null} otherwise.
 */
public record AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary,
                            boolean utf8, List<CatenatePart> catenate) {
    public AppendMessage {
        flags = List.copyOf(flags);
        catenate = catenate == null ? null : List.copyOf(catenate);
    }

    public AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary,
                         boolean utf8) {
        this(flags, internalDate, content, binary, utf8, null);
    }

    public AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary) {
        this(flags, internalDate, content, binary, false, null);
    }
}
