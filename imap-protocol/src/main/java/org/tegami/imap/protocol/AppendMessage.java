package org.tegami.imap.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message of an APPEND: its flags as sent, its date-time ({@code null} when absent), its bytes,
 * and whether it came as a {@code ~{n}} binary literal (RFC 3516 §4.4).
 */
public record AppendMessage(List<String> flags, OffsetDateTime internalDate, byte[] content, boolean binary) {
    public AppendMessage {
        flags = List.copyOf(flags);
    }
}
