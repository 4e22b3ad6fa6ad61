package org.tegami.imap.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the tokens of one command frame (RFC 9051 §9 formal syntax): tags, atoms, keywords, strings,
 * literals, numbers, sequence sets, flags and dates. Every read either consumes a valid token or raises
 * {@link ParseFailure}; reads never run past the end of the frame. Counts nesting against
 * {@link ImapLimits#maxNestingDepth()}.
 */
final class CommandReader {

    /** A hard ceiling on nesting whatever the limits say, so recursion can never exhaust the stack. */
    private static final int NESTING_CEILING = 1000;

    /** RFC 9051 §9: number is a 32-bit unsigned integer. */
    static final long MAX_NUMBER = 0xFFFF_FFFFL;

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final byte[] input;
    private final ImapLimits limits;
    private final int maxNestingDepth;
    private int position;
    private int depth;

    CommandReader(byte[] input, ImapLimits limits) {
        this.input = input;
        this.limits = limits;
        this.maxNestingDepth = Math.min(limits.maxNestingDepth(), NESTING_CEILING);
    }

    // ---------------------------------------------------------------- character classes (RFC 9051 §9)

    /** ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ]. */
    static boolean isAtomChar(int b) {
        return b > 0x20 && b < 0x7F
                && b != '(' && b != ')' && b != '{' && b != '%' && b != '*' && b != '"' && b != '\\' && b != ']';
    }

    /** ASTRING-CHAR = ATOM-CHAR / resp-specials. */
    static boolean isAstringChar(int b) {
        return isAtomChar(b) || b == ']';
    }

    /** list-char = ATOM-CHAR / list-wildcards / resp-specials. */
    static boolean isListChar(int b) {
        return isAstringChar(b) || b == '%' || b == '*';
    }

    /** The characters keywords (command names, FETCH items, SEARCH keys, options) are made of. */
    private static boolean isWordChar(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '-';
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    // ---------------------------------------------------------------- position

    ParseFailure fail(String clientMessage) {
        return new ParseFailure(clientMessage);
    }

    boolean atEnd() {
        return position >= input.length;
    }

    /** The next byte (0-255), or -1 at the end of the frame. */
    int peek() {
        return position < input.length ? input[position] & 0xFF : -1;
    }

    int peek(int ahead) {
        int index = position + ahead;
        return index < input.length ? input[index] & 0xFF : -1;
    }

    void skip() {
        position++;
    }

    /** The current position, to come back to with {@link #rewind} after a look ahead. */
    int mark() {
        return position;
    }

    void rewind(int mark) {
        position = mark;
    }

    boolean tryConsume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    void expect(char c, String clientMessage) {
        if (!tryConsume(c)) {
            throw fail(clientMessage);
        }
    }

    /** Exactly one SP separates tokens (RFC 9051 §9 is strict about SP). */
    void expectSpace(String clientMessage) {
        expect(' ', clientMessage);
    }

    void expectEnd() {
        if (!atEnd()) {
            throw fail("Unexpected characters at end of command");
        }
    }

    // ---------------------------------------------------------------- nesting (ImapLimits.maxNestingDepth)

    void enterNesting() {
        depth++;
        if (depth > maxNestingDepth) {
            throw fail("Command nested too deeply");
        }
    }

    void leaveNesting() {
        depth--;
    }

    // ---------------------------------------------------------------- tag and keywords

    /**
     * RFC 9051 §9: tag = 1*&lt;any ASTRING-CHAR except "+"&gt;. Returns {@code null} when the frame does not
     * start with a tag followed by SP or the end of the frame (the answer is then an untagged BAD).
     */
    String readTag() {
        int start = position;
        while (position < input.length && isAstringChar(input[position] & 0xFF) && input[position] != '+') {
            position++;
        }
        if (position == start || (position < input.length && input[position] != ' ')) {
            position = start;
            return null;
        }
        return ascii(start, position);
    }

    /** Reads a keyword (letters, digits, '.', '-') and returns it upper-cased; empty when there is none. */
    String readWord() {
        int start = position;
        while (position < input.length && isWordChar(input[position])) {
            position++;
        }
        byte[] upper = Arrays.copyOfRange(input, start, position);
        for (int i = 0; i < upper.length; i++) {
            if (upper[i] >= 'a' && upper[i] <= 'z') {
                upper[i] -= 'a' - 'A';
            }
        }
        return new String(upper, StandardCharsets.US_ASCII);
    }

    String readWord(String clientMessageIfMissing) {
        String word = readWord();
        if (word.isEmpty()) {
            throw fail(clientMessageIfMissing);
        }
        return word;
    }

    /** Consumes {@code keyword} (upper case) if it comes next, case-insensitively, as a whole word. */
    boolean tryWord(String keyword) {
        int length = keyword.length();
        if (position + length > input.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = input[position + i];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != keyword.charAt(i)) {
                return false;
            }
        }
        if (position + length < input.length && isWordChar(input[position + length])) {
            return false;
        }
        position += length;
        return true;
    }

    /** RFC 9051 §9: atom = 1*ATOM-CHAR. */
    String readAtom(String clientMessageIfMissing) {
        int start = position;
        while (position < input.length && isAtomChar(input[position] & 0xFF)) {
            position++;
        }
        if (position == start) {
            throw fail(clientMessageIfMissing);
        }
        return ascii(start, position);
    }

    // ---------------------------------------------------------------- strings

    /** RFC 9051 §9: astring = 1*ASTRING-CHAR / string. */
    String readAstring(String clientMessageIfMissing) {
        if (startsString()) {
            return readString(clientMessageIfMissing);
        }
        int start = position;
        while (position < input.length && isAstringChar(input[position] & 0xFF)) {
            position++;
        }
        if (position == start) {
            throw fail(clientMessageIfMissing);
        }
        return ascii(start, position);
    }

    /** RFC 9051 §9: mailbox = "INBOX" / astring; kept as sent (the session canonicalises INBOX). */
    String readMailbox() {
        return readAstring("Missing mailbox name");
    }

    /** RFC 9051 §9: list-mailbox = 1*list-char / string. */
    String readListMailbox() {
        if (startsString()) {
            return readString("Missing mailbox pattern");
        }
        int start = position;
        while (position < input.length && isListChar(input[position] & 0xFF)) {
            position++;
        }
        if (position == start) {
            throw fail("Missing mailbox pattern");
        }
        return ascii(start, position);
    }

    /** Whether a quoted string, a literal or a literal8 starts here ("~" alone is an ATOM-CHAR). */
    boolean startsString() {
        int c = peek();
        return c == '"' || c == '{' || (c == '~' && peek(1) == '{');
    }

    /** Whether a literal or literal8 starts here. */
    boolean startsLiteral() {
        int c = peek();
        return c == '{' || (c == '~' && peek(1) == '{');
    }

    /** RFC 9051 §9: string = quoted / literal (literal8 accepted too); decoded as UTF-8. */
    String readString(String clientMessageIfMissing) {
        int c = peek();
        if (c == '"') {
            return readQuoted();
        }
        if (startsString()) {
            Literal literal = readLiteral();
            for (int i = literal.start(); i < literal.start() + literal.length(); i++) {
                if (input[i] == 0) {
                    throw fail("NUL is not allowed in a string");
                }
            }
            return utf8(input, literal.start(), literal.length());
        }
        throw fail(clientMessageIfMissing);
    }

    /** RFC 9051 §9: quoted, and nothing else (no literal). */
    String readQuotedString(String clientMessageIfMissing) {
        if (peek() != '"') {
            throw fail(clientMessageIfMissing);
        }
        return readQuoted();
    }

    /** RFC 9051 §9: nstring = string / nil; {@code null} for NIL. */
    String readNstring(String clientMessageIfMissing) {
        if (tryWord("NIL")) {
            return null;
        }
        return readString(clientMessageIfMissing);
    }

    /**
     * RFC 5464 §5: value = nstring / literal8, as octets; {@code null} for NIL. A quoted string gives its UTF-8
     * bytes; a literal gives its bytes as sent (CHAR8: no NUL); only a literal8 may carry NUL (RFC 3516 §4.3).
     */
    byte[] readValue(String clientMessageIfMissing) {
        if (tryWord("NIL")) {
            return null;
        }
        if (peek() == '"') {
            return readQuoted().getBytes(StandardCharsets.UTF_8);
        }
        if (startsLiteral()) {
            Literal literal = readLiteral();
            if (!literal.binary()) {
                for (int i = literal.start(); i < literal.start() + literal.length(); i++) {
                    if (input[i] == 0) {
                        throw fail("NUL is only allowed in a literal8");
                    }
                }
            }
            return bytesOf(literal);
        }
        throw fail(clientMessageIfMissing);
    }

    /**
     * RFC 9051 §9: quoted = DQUOTE *QUOTED-CHAR DQUOTE, QUOTED-CHAR = any TEXT-CHAR except quoted-specials,
     * or "\" quoted-specials, or UTF8-2/3/4 (checked by the strict UTF-8 decoding).
     */
    private String readQuoted() {
        position++; // opening DQUOTE
        byte[] text = null;
        int length = 0;
        int start = position;
        while (true) {
            if (position >= input.length) {
                throw fail("Unterminated quoted string");
            }
            int b = input[position] & 0xFF;
            if (b == '"') {
                position++;
                break;
            }
            if (b == 0 || b == '\r' || b == '\n') {
                throw fail("Invalid character in quoted string");
            }
            if (b == '\\') {
                int escaped = peek(1);
                if (escaped != '"' && escaped != '\\') {
                    throw fail("Invalid escape in quoted string");
                }
                if (text == null) {
                    text = new byte[input.length - start];
                    length = position - start;
                    System.arraycopy(input, start, text, 0, length);
                }
                text[length++] = (byte) escaped;
                position += 2;
                continue;
            }
            if (text != null) {
                text[length++] = (byte) b;
            }
            position++;
        }
        if (text == null) {
            return utf8(input, start, position - 1 - start);
        }
        return utf8(text, 0, length);
    }

    /** Where a literal's bytes are in the frame, and whether it was a literal8 ({@code ~{n}}, RFC 3516 §4.3). */
    record Literal(int start, int length, boolean binary) {
    }

    /**
     * RFC 9051 §9: literal = "{" number64 ["+"] "}" CRLF *CHAR8 (LITERAL+ RFC 7888 §3 adds "+");
     * RFC 3516 §4.3: literal8 = "~{" number64 "}" CRLF *OCTET. A bare LF is accepted as the framer does.
     */
    Literal readLiteral() {
        boolean binary = tryConsume('~');
        expect('{', "Expected a literal");
        if (!isDigit(peek())) {
            throw fail("Invalid literal");
        }
        long size = readNumber64("Invalid literal");
        tryConsume('+');
        expect('}', "Invalid literal");
        tryConsume('\r');
        expect('\n', "Invalid literal");
        if (size > input.length - position) {
            throw fail("Literal is shorter than announced");
        }
        Literal literal = new Literal(position, (int) size, binary);
        position += (int) size;
        return literal;
    }

    byte[] bytesOf(Literal literal) {
        return Arrays.copyOfRange(input, literal.start(), literal.start() + literal.length());
    }

    private String ascii(int start, int end) {
        return new String(input, start, end - start, StandardCharsets.US_ASCII);
    }

    /** Strict UTF-8 (RFC 3629): overlong forms, surrogates and truncated sequences are syntax errors. */
    private String utf8(byte[] bytes, int start, int length) {
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, start, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("Invalid UTF-8 in string");
        }
    }

    // ---------------------------------------------------------------- numbers

    /** RFC 9051 §9: number = 1*DIGIT, a 32-bit unsigned integer. */
    long readNumber(String clientMessage) {
        return readDigits(MAX_NUMBER, clientMessage);
    }

    /** RFC 9051 §9: number64 = 1*DIGIT, up to 2^63-1. */
    long readNumber64(String clientMessage) {
        return readDigits(Long.MAX_VALUE, clientMessage);
    }

    /** RFC 9051 §9: nz-number = digit-nz *DIGIT, a non-zero 32-bit unsigned integer. */
    long readNzNumber(String clientMessage) {
        if (peek() == '0') {
            throw fail(clientMessage);
        }
        return readDigits(MAX_NUMBER, clientMessage);
    }

    private long readDigits(long max, String clientMessage) {
        int start = position;
        long value = 0;
        while (position < input.length && isDigit(input[position])) {
            int digit = input[position] - '0';
            if (value > (max - digit) / 10) {
                throw fail(clientMessage);
            }
            value = value * 10 + digit;
            position++;
        }
        if (position == start) {
            throw fail(clientMessage);
        }
        return value;
    }

    // ---------------------------------------------------------------- sequence sets

    /**
     * RFC 9051 §9: sequence-set = (seq-number / seq-range) ["," sequence-set]; seq-number = nz-number / "*";
     * RFC 5182 §2: "$" stands for the saved search result. At most maxSequenceRanges ranges.
     */
    SequenceSet readSequenceSet() {
        if (tryConsume('$')) {
            return SequenceSet.SAVED;
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            if (ranges.size() >= limits.maxSequenceRanges()) {
                throw fail("Too many ranges in sequence set");
            }
            long start = readSequenceNumber();
            long end = start;
            if (tryConsume(':')) {
                end = readSequenceNumber();
            }
            ranges.add(new SequenceSet.Range(start, end));
        } while (tryConsume(','));
        return new SequenceSet(ranges, false);
    }

    /** A sequence set of UIDs in a command's data (RFC 7162 §7 known-uids and seq-match-data): no {@code $}. */
    SequenceSet readUidSet(String clientMessage) {
        int c = peek();
        if (c != '*' && !isDigit(c)) {
            throw fail(clientMessage);
        }
        return readSequenceSet();
    }

    /** RFC 7162 §7: mod-sequence-value = 1*DIGIT, a positive 63-bit integer. */
    long readModSeq(String clientMessage) {
        long value = readNumber64(clientMessage);
        if (value == 0) {
            throw fail(clientMessage);
        }
        return value;
    }

    /** RFC 7162 §7: mod-sequence-valzer = "0" / mod-sequence-value. */
    long readModSeqOrZero(String clientMessage) {
        return readNumber64(clientMessage);
    }

    private long readSequenceNumber() {
        if (tryConsume('*')) {
            return SequenceSet.STAR;
        }
        return readNzNumber("Invalid sequence set");
    }

    // ---------------------------------------------------------------- flags

    /**
     * RFC 9051 §9: flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
     * flag-extension, flag-extension = "\" atom. Kept as sent. "\*" is only a flag-perm (PERMANENTFLAGS).
     */
    String readFlag() {
        int start = position;
        if (tryConsume('\\')) {
            if (peek() == '*') {
                throw fail("\\* is not a valid flag here");
            }
            readAtom("Invalid flag");
            return ascii(start, position);
        }
        return readAtom("Invalid flag");
    }

    /** RFC 9051 §9: flag-list = "(" [flag *(SP flag)] ")". */
    List<String> readFlagList() {
        expect('(', "Expected a flag list");
        enterNesting();
        List<String> flags = new ArrayList<>();
        if (!tryConsume(')')) {
            do {
                flags.add(readFlag());
            } while (tryConsume(' '));
            expect(')', "Invalid flag list");
        }
        leaveNesting();
        return flags;
    }

    // ---------------------------------------------------------------- dates

    /** RFC 9051 §9: date = date-text / DQUOTE date-text DQUOTE; date-text = date-day "-" date-month "-" date-year. */
    LocalDate readDate() {
        boolean quoted = tryConsume('"');
        int day = readFixedDigits(1, 2, "Invalid date");
        expect('-', "Invalid date");
        int month = readMonth();
        expect('-', "Invalid date");
        int year = readFixedDigits(4, 4, "Invalid date");
        if (quoted) {
            expect('"', "Invalid date");
        }
        return date(year, month, day);
    }

    /**
     * RFC 9051 §9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE,
     * date-day-fixed = (SP DIGIT) / 2DIGIT, time = 2DIGIT ":" 2DIGIT ":" 2DIGIT, zone = ("+" / "-") 4DIGIT.
     */
    OffsetDateTime readDateTime() {
        expect('"', "Invalid date-time");
        // date-day-fixed: a one-digit day is space-padded; a bare single digit is tolerated.
        int day = tryConsume(' ')
                ? readFixedDigits(1, 1, "Invalid date-time")
                : readFixedDigits(1, 2, "Invalid date-time");
        expect('-', "Invalid date-time");
        int month = readMonth();
        expect('-', "Invalid date-time");
        int year = readFixedDigits(4, 4, "Invalid date-time");
        expectSpace("Invalid date-time");
        int hour = readFixedDigits(2, 2, "Invalid date-time");
        expect(':', "Invalid date-time");
        int minute = readFixedDigits(2, 2, "Invalid date-time");
        expect(':', "Invalid date-time");
        int second = readFixedDigits(2, 2, "Invalid date-time");
        expectSpace("Invalid date-time");
        int sign = peek() == '+' ? 1 : peek() == '-' ? -1 : 0;
        if (sign == 0) {
            throw fail("Invalid date-time");
        }
        skip();
        int zoneHours = readFixedDigits(2, 2, "Invalid date-time");
        int zoneMinutes = readFixedDigits(2, 2, "Invalid date-time");
        expect('"', "Invalid date-time");
        // ZoneOffset allows at most ±18:00.
        if (hour > 23 || minute > 59 || second > 59 || zoneMinutes > 59
                || zoneHours * 60 + zoneMinutes > 18 * 60) {
            throw fail("Invalid date-time");
        }
        LocalDate date = date(year, month, day);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(sign * (zoneHours * 3600 + zoneMinutes * 60));
        return OffsetDateTime.of(LocalDateTime.of(date.getYear(), date.getMonth(), date.getDayOfMonth(),
                hour, minute, second), offset);
    }

    private LocalDate date(int year, int month, int day) {
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw fail("Invalid date");
        }
        return LocalDate.of(year, month, day);
    }

    /** RFC 9051 §9: date-month = "Jan" / "Feb" / ... / "Dec" (case-insensitive). */
    private int readMonth() {
        if (position + 3 > input.length) {
            throw fail("Invalid date");
        }
        for (int month = 0; month < MONTHS.length; month++) {
            String name = MONTHS[month];
            boolean matches = true;
            for (int i = 0; i < 3 && matches; i++) {
                int b = input[position + i];
                if (b >= 'a' && b <= 'z') {
                    b -= 'a' - 'A';
                }
                matches = b == name.charAt(i);
            }
            if (matches) {
                position += 3;
                return month + 1;
            }
        }
        throw fail("Invalid date");
    }

    private int readFixedDigits(int min, int max, String clientMessage) {
        int value = 0;
        int count = 0;
        while (count < max && isDigit(peek())) {
            value = value * 10 + (input[position] - '0');
            position++;
            count++;
        }
        if (count < min) {
            throw fail(clientMessage);
        }
        return value;
    }
}
