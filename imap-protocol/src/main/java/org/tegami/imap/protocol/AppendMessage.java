package org.tegami.imap.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message of an APPEND: its flags as sent, its date-time ({@code null} when absent), its bytes,
 * whether it came as a {@code ~{n}} binary literal (RFC 3516 §4.4), and whether it came as
 * {@code UTF8 (~{n})}, a message with UTF-8 header fields (RFC 6855 §4).
 */
public record AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary,
                            boolean utf8) {
    public AppendMessage {
        flags = List.copyOf(flags);
    }

    public AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary) {
        this(flags, internalDate, content, binary, false);
    }
}
