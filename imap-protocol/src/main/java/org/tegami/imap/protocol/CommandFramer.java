package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the client's byte stream into command frames (RFC 9051 §2.2, §4.3 literals, RFC 7888 LITERAL+),
 * enforcing {@link ImapLimits} before buffering: a line longer than maxLineBytes, or a literal larger
 * than allowed for the current state, is refused as soon as its announcement is read. Pure: no I/O.
 * Not thread-safe; one per connection.
 *
 * <p>Lines end with CRLF; a bare LF is accepted too. Empty lines are ignored. After a non-fatal
 * rejection the framer discards input up to the end of the offending line and resumes there; if a
 * discarded line announced a non-synchronising literal, the literal's bytes are skipped as well, since
 * the client sends them without waiting. After a fatal rejection all input is ignored until {@link #reset()}.
 */
public final class CommandFramer {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int INITIAL_CAPACITY = 512;
    /** A buffer grown beyond this by a large command is given back once the command is framed. */
    private static final int RETAINED_CAPACITY = 64 * 1024;
    /** Enough to hold the longest literal announcement worth recognising, e.g. {@code ~{9223372036854775807+}}. */
    private static final int TAIL_CAPACITY = 32;
    /** The largest Java array; bounds maxCommandBytes. */
    private static final long MAX_FRAME_BYTES = Integer.MAX_VALUE - 16;

    private enum State {
        /** Reading a line segment into the frame. */
        LINE,
        /** Reading the bytes of an accepted literal into the frame. */
        LITERAL,
        /** Skipping a refused line up to its LF, remembering only its last bytes. */
        DISCARD_LINE,
        /** Skipping the bytes of a non-synchronising literal announced by a discarded line. */
        DISCARD_LITERAL,
        /** After a fatal rejection: the connection is to be closed, input is ignored. */
        FAILED
    }

    private enum Announcement { NONE, VALID, MALFORMED }

    private final ImapLimits limits;
    private final long maxCommandBytes;
    private boolean authenticated;

    private State state = State.LINE;
    private byte[] frame = new byte[INITIAL_CAPACITY];
    private int frameLength;
    private int segmentStart;
    private long literalRemaining;

    /** Set by {@link #readAnnouncement} when it returns {@link Announcement#VALID}. */
    private long announcedSize;
    private boolean announcedNonSynchronising;

    /** The last bytes of a line being discarded, as a ring, and a scratch copy in order. */
    private final byte[] discardTail = new byte[TAIL_CAPACITY];
    private final byte[] tailScratch = new byte[TAIL_CAPACITY];
    private long discardTailCount;

    public CommandFramer(ImapLimits limits) {
        this.limits = limits;
        this.maxCommandBytes = Math.min(limits.maxCommandBytes(), MAX_FRAME_BYTES);
    }

    /** Chooses the literal limit: maxLiteralBytesBeforeAuth until authenticated, then maxLiteralBytes. */
    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Feeds received bytes; returns the events they complete, in order (often none). */
    public List<FramerEvent> feed(byte[] data, int offset, int length) {
        List<FramerEvent> events = new ArrayList<>(2);
        int position = offset;
        int end = offset + length;
        while (position < end) {
            position = switch (state) {
                case LINE -> readLine(data, position, end, events);
                case LITERAL -> readLiteral(data, position, end);
                case DISCARD_LINE -> discardLine(data, position, end);
                case DISCARD_LITERAL -> discardLiteral(position, end);
                case FAILED -> end;
            };
        }
        return events;
    }

    /** Forgets any partial frame (after STARTTLS, pipelined cleartext must never be executed). */
    public void reset() {
        state = State.LINE;
        dropFrame();
        literalRemaining = 0;
        discardTailCount = 0;
    }

    // ---------------------------------------------------------------- states

    private int readLine(byte[] data, int position, int end, List<FramerEvent> events) {
        int lineFeed = indexOf(data, position, end, LF);
        int chunkEnd = lineFeed < 0 ? end : lineFeed;
        int chunk = chunkEnd - position;
        byte lastByte = chunk > 0 ? data[chunkEnd - 1] : frameLength > segmentStart ? frame[frameLength - 1] : 0;
        // A CR just past a limit is allowed: it belongs to the line ending, not to the line.
        if (exceeds((long) frameLength - segmentStart + chunk, limits.maxLineBytes(), lastByte)) {
            return refuseLine(data, position, chunkEnd, FramerEvent.Problem.LINE_TOO_LONG, "Line too long", events);
        }
        if (exceeds((long) frameLength + chunk, maxCommandBytes, lastByte)) {
            return refuseLine(data, position, chunkEnd, FramerEvent.Problem.COMMAND_TOO_LARGE, "Command too large", events);
        }
        append(data, position, chunk);
        if (lineFeed < 0) {
            return end;
        }
        endLine(events);
        return lineFeed + 1;
    }

    private static boolean exceeds(long size, long limit, byte lastByte) {
        return size > limit && !(size == limit + 1 && lastByte == CR);
    }

    /** A whole line segment is buffered (its LF consumed): either a literal follows, or the command is complete. */
    private void endLine(List<FramerEvent> events) {
        int contentEnd = frameLength > segmentStart && frame[frameLength - 1] == CR ? frameLength - 1 : frameLength;
        switch (readAnnouncement(frame, segmentStart, contentEnd)) {
            case NONE -> {
                // An empty line is a frame too: it is the empty response to a SASL challenge (RFC 9051
                // §6.2.2), which SCRAM's last step needs; between commands the session ignores it.
                events.add(new FramerEvent.Frame(Arrays.copyOf(frame, contentEnd)));
                dropFrame();
            }
            case MALFORMED -> {
                events.add(new FramerEvent.Rejected(tagOf(frame, frameLength, null, 0, 0),
                        FramerEvent.Problem.BAD_LITERAL, false, "Invalid literal"));
                dropFrame();
            }
            case VALID -> acceptOrRefuseLiteral(events);
        }
    }

    /**
     * RFC 9051 §4.3 / RFC 7888 §4: a refused synchronising literal leaves the client waiting for "+", so the
     * stream stays in step; a refused non-synchronising literal is already on its way, so it is fatal.
     */
    private void acceptOrRefuseLiteral(List<FramerEvent> events) {
        long size = announcedSize;
        boolean append = authenticated && startsWithAppend();
        long literalLimit = !authenticated ? limits.maxLiteralBytesBeforeAuth()
                : append ? limits.appendLimitBytes() : limits.maxLiteralBytes();
        FramerEvent.Problem problem = null;
        String message = null;
        if (size > literalLimit) {
            problem = append ? FramerEvent.Problem.APPEND_TOO_LARGE : FramerEvent.Problem.LITERAL_TOO_LARGE;
            message = append ? "Message too large" : "Literal too large";
        } else if (limits.literalMinus() && announcedNonSynchronising && size > ImapLimits.LITERAL_MINUS_MAX_BYTES) {
            // RFC 7888 §5: under LITERAL- a larger literal must be synchronising; this one is already on its way.
            problem = FramerEvent.Problem.LITERAL_TOO_LARGE;
            message = "Non-synchronising literals may have at most " + ImapLimits.LITERAL_MINUS_MAX_BYTES + " octets";
        } else if (frameLength + 1 + size > maxCommandBytes) { // +1: the LF that goes into the frame
            problem = FramerEvent.Problem.COMMAND_TOO_LARGE;
            message = "Command too large";
        }
        if (problem != null) {
            boolean fatal = announcedNonSynchronising;
            events.add(new FramerEvent.Rejected(tagOf(frame, frameLength, null, 0, 0), problem, fatal, message));
            dropFrame();
            if (fatal) {
                state = State.FAILED;
            }
            return;
        }
        frame = ensureCapacity(frame, frameLength + 1, maxCommandBytes + 2);
        frame[frameLength++] = LF;
        if (!announcedNonSynchronising) {
            events.add(new FramerEvent.LiteralContinuation()); // RFC 9051 §7.5: the server sends "+"
        }
        literalRemaining = size;
        state = State.LITERAL;
        if (size == 0) {
            state = State.LINE;
            segmentStart = frameLength;
        }
    }

    private int readLiteral(byte[] data, int position, int end) {
        int chunk = (int) Math.min(literalRemaining, end - position);
        // Grow at most to the literal's end (plus room for the line after it), not by blind doubling.
        frame = ensureCapacity(frame, frameLength + chunk, frameLength + literalRemaining + INITIAL_CAPACITY);
        append(data, position, chunk);
        literalRemaining -= chunk;
        if (literalRemaining == 0) {
            state = State.LINE;
            segmentStart = frameLength;
        }
        return position + chunk;
    }

    /** Refuses the current line; its remaining bytes (from {@code position}) are discarded up to the next LF. */
    private int refuseLine(byte[] data, int position, int chunkEnd, FramerEvent.Problem problem, String message,
            List<FramerEvent> events) {
        events.add(new FramerEvent.Rejected(tagOf(frame, frameLength, data, position, chunkEnd), problem, false,
                message));
        discardTailCount = 0;
        rememberTail(frame, Math.max(segmentStart, frameLength - TAIL_CAPACITY), frameLength);
        dropFrame();
        state = State.DISCARD_LINE;
        return position;
    }

    private int discardLine(byte[] data, int position, int end) {
        int lineFeed = indexOf(data, position, end, LF);
        int chunkEnd = lineFeed < 0 ? end : lineFeed;
        rememberTail(data, Math.max(position, chunkEnd - TAIL_CAPACITY), chunkEnd);
        if (lineFeed < 0) {
            return end;
        }
        int tailLength = (int) Math.min(discardTailCount, TAIL_CAPACITY);
        for (int k = 0; k < tailLength; k++) {
            tailScratch[k] = discardTail[(int) ((discardTailCount - tailLength + k) % TAIL_CAPACITY)];
        }
        int contentEnd = tailLength > 0 && tailScratch[tailLength - 1] == CR ? tailLength - 1 : tailLength;
        discardTailCount = 0;
        state = State.LINE;
        // RFC 7888 §4: the client sends a non-synchronising literal without waiting; skip it too.
        if (readAnnouncement(tailScratch, 0, contentEnd) == Announcement.VALID && announcedNonSynchronising) {
            literalRemaining = announcedSize;
            state = announcedSize > 0 ? State.DISCARD_LITERAL : State.DISCARD_LINE;
        }
        return lineFeed + 1;
    }

    private int discardLiteral(int position, int end) {
        int chunk = (int) Math.min(literalRemaining, end - position);
        literalRemaining -= chunk;
        if (literalRemaining == 0) {
            state = State.DISCARD_LINE;
        }
        return position + chunk;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * RFC 9051 §9: literal = "{" number64 ["+"] "}" CRLF; RFC 3516 §4.3: literal8 = "~{" number64 "}" CRLF.
     * Looks at the end of {@code bytes[from, to)} (a line without its line ending).
     */
    private Announcement readAnnouncement(byte[] bytes, int from, int to) {
        if (to == from || bytes[to - 1] != '}') {
            return Announcement.NONE;
        }
        int index = to - 2;
        boolean nonSynchronising = index >= from && bytes[index] == '+';
        if (nonSynchronising) {
            index--;
        }
        int digitsEnd = index + 1;
        while (index >= from && bytes[index] >= '0' && bytes[index] <= '9') {
            index--;
        }
        int digitsStart = index + 1;
        if (index >= from && bytes[index] == '{' && digitsStart < digitsEnd) {
            long size = 0;
            for (int k = digitsStart; k < digitsEnd; k++) {
                int digit = bytes[k] - '0';
                if (size > (Long.MAX_VALUE - digit) / 10) {
                    return Announcement.MALFORMED; // number64 overflow
                }
                size = size * 10 + digit;
            }
            announcedSize = size;
            announcedNonSynchronising = nonSynchronising;
            return Announcement.VALID;
        }
        // A "{" in the last token makes it a broken announcement rather than an ordinary "}".
        for (int k = to - 2; k >= from; k--) {
            byte b = bytes[k];
            if (b == '{') {
                return Announcement.MALFORMED;
            }
            if (b == ' ' || b == '"' || b == '(' || b == ')' || b == '}') {
                break;
            }
        }
        return Announcement.NONE;
    }

    /**
     * Whether the frame so far is a command whose literals are messages, so APPENDLIMIT applies to them:
     * {@code tag SP "APPEND" SP ...}, {@code tag SP "REPLACE" SP ...} or {@code tag SP "UID REPLACE" SP ...}
     * (RFC 8508 §3), case-insensitive.
     */
    private boolean startsWithAppend() {
        int space = indexOf(frame, 0, frameLength, (byte) ' ');
        if (space < 0) {
            return false;
        }
        return startsWith(space + 1, "APPEND ") || startsWith(space + 1, "REPLACE ")
                || startsWith(space + 1, "UID REPLACE ");
    }

    private boolean startsWith(int from, String command) {
        if (frameLength - from < command.length()) {
            return false;
        }
        for (int k = 0; k < command.length(); k++) {
            int b = frame[from + k];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != command.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tag (RFC 9051 §9: 1*ASTRING-CHAR except "+") at the start of {@code first[0, firstLength)} followed
     * by {@code second[secondFrom, secondTo)}, or {@code null} if there is no valid tag followed by SP.
     */
    private static String tagOf(byte[] first, int firstLength, byte[] second, int secondFrom, int secondTo) {
        int total = firstLength + (second == null ? 0 : secondTo - secondFrom);
        StringBuilder tag = new StringBuilder();
        for (int index = 0; index < total; index++) {
            int b = (index < firstLength ? first[index] : second[secondFrom + (index - firstLength)]) & 0xFF;
            if (b == ' ') {
                return tag.isEmpty() ? null : tag.toString();
            }
            if (!CommandReader.isAstringChar(b) || b == '+') {
                return null;
            }
            tag.append((char) b);
        }
        return null;
    }

    private void rememberTail(byte[] bytes, int from, int to) {
        for (int k = from; k < to; k++) {
            discardTail[(int) (discardTailCount++ % TAIL_CAPACITY)] = bytes[k];
        }
    }

    private void append(byte[] data, int position, int count) {
        frame = ensureCapacity(frame, frameLength + count, maxCommandBytes + 2);
        System.arraycopy(data, position, frame, frameLength, count);
        frameLength += count;
    }

    /**
     * Grows by doubling, but not beyond {@code ceiling}; callers have checked the limits, so {@code needed}
     * is within them.
     */
    private static byte[] ensureCapacity(byte[] buffer, int needed, long ceiling) {
        if (needed <= buffer.length) {
            return buffer;
        }
        long doubled = Math.min((long) buffer.length * 2, Math.min(ceiling, MAX_FRAME_BYTES));
        return Arrays.copyOf(buffer, (int) Math.max(needed, doubled));
    }

    private void dropFrame() {
        frameLength = 0;
        segmentStart = 0;
        if (frame.length > RETAINED_CAPACITY) {
            frame = new byte[INITIAL_CAPACITY];
        }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int k = from; k < to; k++) {
            if (bytes[k] == wanted) {
                return k;
            }
        }
        return -1;
    }
}
