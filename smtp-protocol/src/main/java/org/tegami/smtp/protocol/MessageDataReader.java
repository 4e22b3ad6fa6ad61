package org.tegami.smtp.protocol;

/**
 * Reads the message after DATA (RFC 5321 §4.1.1.4, §4.5.2): removes dot-stuffing and recognises the end
 * of data only as CRLF "." CRLF. Pure state machine, fed the bytes as they arrive.
 */
public final class MessageDataReader {

    private final long maxMessageBytes;

    public MessageDataReader(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        throw new UnsupportedOperationException("to be implemented");
    }
}
