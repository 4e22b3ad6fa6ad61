package org.tegami.smtp.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads the message after DATA (RFC 5321 §4.1.1.4, §4.5.2): removes dot-stuffing and recognises the end
 * of data only as CRLF "." CRLF. Pure state machine, fed the bytes as they arrive, in chunks of any size.
 *
 * <p><b>Line endings.</b> Only CRLF ends a line (RFC 5321 §2.3.8). A bare CR or a bare LF is kept as data:
 * it never starts a line, so a "." after it is neither unstuffed nor an end mark, and none of
 * {@code \n.\n}, {@code \n.\r\n}, {@code \r.\r\n}, {@code \r\n.\rX} or {@code \r\n.\n} ends the data. Reading
 * goes on to the real CRLF "." CRLF and {@link #bareLineEnding()} reports what was seen, so the server
 * refuses the message as a whole ({@link #BARE_LINE_ENDING}) instead of guessing where it ends. Thus no byte
 * sequence makes one DATA look like two messages to this reader and differently to another (SMTP smuggling).
 *
 * <p><b>Size.</b> Beyond {@code maxMessageBytes} decoded octets the reader drops what it holds and stores
 * nothing more, but keeps reading to the end mark so that the session stays in step; {@link #tooLarge()}
 * then tells the server to answer {@link #TOO_LARGE}.
 *
 * <p><b>Pipelining.</b> {@link #feed} consumes input up to and including the end mark and no further; the
 * rest of the chunk belongs to the commands that follow (RFC 2920).
 *
 * <p>Typical use: {@code int used = reader.feed(buf, off, len)} until {@link #complete()}, then hand
 * {@code buf[off + used .. off + len)} back to command parsing. Large messages can be spooled by calling
 * {@link #drain()} after each feed.
 */
public final class MessageDataReader {

    /** RFC 5321 §4.5.3.1.10 "552 Too much mail data"; RFC 3463 X.3.4: message too big for system. */
    public static final Reply TOO_LARGE = Reply.of(552, "5.3.4", "Message too large");

    /** RFC 5321 §2.3.8: lines end with CRLF only; RFC 3463 X.6.0: other or undefined media error. */
    public static final Reply BARE_LINE_ENDING = Reply.of(550, "5.6.0", "Bare CR or LF in message; lines must end with CRLF");

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final int MIN_GROWTH_BYTES = 8192;

    /** Where the reader is; CR states hold a CR back until the next byte tells whether it is part of CRLF. */
    private enum State {
        /** At the start of a line: after a CRLF, or at the start of the message. */
        LINE_START,
        /** Inside a line. */
        IN_LINE,
        /** After a CR inside a line (not yet stored). */
        CR,
        /** After a "." at the start of a line (dropped: stuffing or the end mark). */
        LINE_START_DOT,
        /** After "." CR at the start of a line (the CR not yet stored). */
        LINE_START_DOT_CR,
        /** The end mark has been read. */
        COMPLETE
    }

    private final long maxMessageBytes;
    private State state = State.LINE_START;
    private byte[] buffer = new byte[0];
    private int held;
    private long messageBytes;
    private boolean tooLarge;
    private boolean bareLineEnding;

    /** @param maxMessageBytes the largest message accepted, in octets after dot-unstuffing (RFC 1870 SIZE) */
    public MessageDataReader(long maxMessageBytes) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads from {@code buf[off .. off + len)} and returns how many bytes were consumed: all of them, or fewer
     * when the end mark was reached (the consumed bytes then end with its final LF). Returns 0 once complete.
     */
    public int feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int i = off;
        int end = off + len;
        while (i < end && state != State.COMPLETE) {
            if (state == State.IN_LINE) {
                // Fast path: the rest of the line up to the next CR or LF is plain data.
                int j = i;
                while (j < end && buf[j] != CR && buf[j] != LF) {
                    j++;
                }
                if (j > i) {
                    store(buf, i, j - i);
                    i = j;
                    continue;
                }
            }
            step(buf[i++]);
        }
        return i - off;
    }

    private void step(byte b) {
        switch (state) {
            case LINE_START -> {
                // RFC 5321 §4.5.2: a line starting with "." is either dot-stuffed or the end mark; drop the dot
                if (b == DOT) {
                    state = State.LINE_START_DOT;
                } else {
                    lineByte(b);
                }
            }
            case IN_LINE -> lineByte(b);
            case CR -> {
                if (b == LF) {
                    store(CR);
                    store(LF);
                    state = State.LINE_START;
                } else {
                    // RFC 5321 §2.3.8: a CR not followed by LF is not a line ending
                    bareLineEnding = true;
                    store(CR);
                    lineByte(b);
                }
            }
            case LINE_START_DOT -> {
                if (b == CR) {
                    state = State.LINE_START_DOT_CR;
                } else {
                    // RFC 5321 §4.5.2: the first dot is deleted and the rest of the line is data (".\n" included:
                    // the bare LF is flagged, it does not end the data)
                    lineByte(b);
                }
            }
            case LINE_START_DOT_CR -> {
                if (b == LF) {
                    // RFC 5321 §4.1.1.4: CRLF "." CRLF, counting the message start as a line start, ends the data
                    state = State.COMPLETE;
                } else {
                    // "." CR and anything but LF: a bare CR, not the end mark
                    bareLineEnding = true;
                    store(CR);
                    lineByte(b);
                }
            }
            case COMPLETE -> throw new IllegalStateException("complete");
        }
    }

    /** A byte inside a line: a CR is held back, a LF alone is data but flagged (RFC 5321 §2.3.8). */
    private void lineByte(byte b) {
        if (b == CR) {
            state = State.CR;
            return;
        }
        if (b == LF) {
            bareLineEnding = true;
        }
        store(b);
        state = State.IN_LINE;
    }

    private void store(byte b) {
        if (reserve(1)) {
            buffer[held++] = b;
        }
    }

    private void store(byte[] src, int off, int n) {
        if (reserve(n)) {
            System.arraycopy(src, off, buffer, held, n);
            held += n;
        }
    }

    /** Counts {@code n} more message bytes and makes room for them, unless the message is too large. */
    private boolean reserve(int n) {
        messageBytes += n;
        if (tooLarge) {
            return false;
        }
        if (messageBytes > maxMessageBytes) {
            // RFC 1870 §6.3 and RFC 5321 §4.5.3.1.10: keep reading to the end mark, keep nothing
            tooLarge = true;
            buffer = new byte[0];
            held = 0;
            return false;
        }
        long needed = (long) held + n;
        if (needed > buffer.length) {
            if (needed > MAX_ARRAY_BYTES) {
                throw new IllegalStateException("message held in memory exceeds an array; drain() it");
            }
            long capacity = Math.max(needed, Math.max(MIN_GROWTH_BYTES, 2L * buffer.length));
            // Never more room than the message may take.
            capacity = Math.min(capacity, Math.min(MAX_ARRAY_BYTES, Math.max(needed, maxMessageBytes)));
            buffer = Arrays.copyOf(buffer, (int) capacity);
        }
        return true;
    }

    /** Whether the end mark CRLF "." CRLF has been read. */
    public boolean complete() {
        return state == State.COMPLETE;
    }

    /** Whether the message exceeded {@code maxMessageBytes}; nothing of it is held then. */
    public boolean tooLarge() {
        return tooLarge;
    }

    /** Whether the data held a CR or LF that was not part of a CRLF; the server refuses such a message. */
    public boolean bareLineEnding() {
        return bareLineEnding;
    }

    /** Message octets read so far after unstuffing, counted on past the limit; the end mark is not counted. */
    public long messageBytes() {
        return messageBytes;
    }

    /**
     * The message once complete: unstuffed, ending with the CRLF that preceded the end mark (empty for a bare
     * "." line). If {@link #drain()} was used, only the part not drained yet.
     *
     * @throws IllegalStateException if not complete, or too large (nothing was kept)
     */
    public byte[] message() {
        if (!complete() || tooLarge) {
            throw new IllegalStateException(tooLarge ? "message too large" : "message not complete");
        }
        return Arrays.copyOf(buffer, held);
    }

    /**
     * Removes and returns the message bytes held so far, for callers that spool a message as it arrives. The
     * size limit still counts every byte. A CR whose meaning depends on the next byte is held back until then.
     */
    public byte[] drain() {
        byte[] out = Arrays.copyOf(buffer, held);
        held = 0;
        return out;
    }

    /** Capacity of the internal buffer, for tests of the memory bound. */
    int bufferCapacity() {
        return buffer.length;
    }

    /**
     * The client side of RFC 5321 §4.5.2: the message as sent after DATA. Lines starting with "." get another
     * ".", a final CRLF is added if missing, and "." CRLF follows. A bare CR or LF is sent as CRLF (RFC 5321
     * §2.3.8), so that no next hop can read the data's end differently from us. An empty message becomes ".\r\n".
     */
    public static byte[] dotStuff(byte[] message) {
        byte[] out = new byte[stuff(message, null)];
        stuff(message, out);
        return out;
    }

    /** Writes the stuffed form of {@code message} into {@code out} if not null; returns its length. */
    private static int stuff(byte[] message, byte[] out) {
        int length = 0;
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == CR || b == LF) {
                if (b == CR && i + 1 < message.length && message[i + 1] == LF) {
                    i++;
                }
                length = put(out, length, CR);
                length = put(out, length, LF);
                lineStart = true;
                continue;
            }
            if (lineStart && b == DOT) {
                length = put(out, length, DOT);
            }
            length = put(out, length, b);
            lineStart = false;
        }
        if (!lineStart) {
            length = put(out, length, CR);
            length = put(out, length, LF);
        }
        // RFC 5321 §4.1.1.4: the final CRLF of the message, then "." CRLF
        length = put(out, length, DOT);
        length = put(out, length, CR);
        return put(out, length, LF);
    }

    private static int put(byte[] out, int index, byte b) {
        if (out != null) {
            out[index] = b;
        }
        return index + 1;
    }
}
