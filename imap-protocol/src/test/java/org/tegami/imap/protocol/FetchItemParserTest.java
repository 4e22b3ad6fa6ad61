package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;
import static org.tegami.imap.protocol.CommandParserTest.seq;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FETCH data items (RFC 9051 §6.4.5): every item, section form, partial, macro; and malformed ones. */
class FetchItemParserTest {

    private static final FetchItem FLAGS = new FetchItem.Flags();
    private static final FetchItem INTERNALDATE = new FetchItem.InternalDate();
    private static final FetchItem SIZE = new FetchItem.Rfc822Size();
    private static final FetchItem ENVELOPE = new FetchItem.Envelope();

    private static FetchItem body(Section section, FetchItem.Partial partial, boolean peek) {
        return new FetchItem.BodySection(section, partial, peek, null);
    }

    private static Section section(List<Integer> part, Section.Text text, String... fields) {
        return new Section(part, text, List.of(fields));
    }

    static Stream<Arguments> goodItems() {
        return Stream.of(
                Arguments.of("FLAGS", List.of(FLAGS)),
                Arguments.of("flags", List.of(FLAGS)),
                Arguments.of("INTERNALDATE", List.of(INTERNALDATE)),
                Arguments.of("RFC822.SIZE", List.of(SIZE)),
                Arguments.of("ENVELOPE", List.of(ENVELOPE)),
                Arguments.of("BODY", List.of(new FetchItem.BodyStructure(false))),
                Arguments.of("BODYSTRUCTURE", List.of(new FetchItem.BodyStructure(true))),
                Arguments.of("UID", List.of(new FetchItem.Uid())),
                Arguments.of("PREVIEW", List.of(new FetchItem.Preview())),
                Arguments.of("(UID SAVEDATE)", List.of(new FetchItem.Uid(), new FetchItem.SaveDate())),
                Arguments.of("(EMAILID THREADID)", List.of(new FetchItem.EmailId(), new FetchItem.ThreadId())),
                Arguments.of("(UID PREVIEW (LAZY))", List.of(new FetchItem.Uid(), new FetchItem.Preview())),
                Arguments.of("PREVIEW (lazy)", List.of(new FetchItem.Preview())),
                Arguments.of("ALL", List.of(FLAGS, INTERNALDATE, SIZE, ENVELOPE)),
                Arguments.of("FAST", List.of(FLAGS, INTERNALDATE, SIZE)),
                Arguments.of("full", List.of(FLAGS, INTERNALDATE, SIZE, ENVELOPE, new FetchItem.BodyStructure(false))),
                Arguments.of("RFC822", List.of(new FetchItem.BodySection(Section.WHOLE, null, false, "RFC822"))),
                Arguments.of("RFC822.HEADER", List.of(new FetchItem.BodySection(
                        section(List.of(), Section.Text.HEADER), null, true, "RFC822.HEADER"))),
                Arguments.of("RFC822.TEXT", List.of(new FetchItem.BodySection(
                        section(List.of(), Section.Text.TEXT), null, false, "RFC822.TEXT"))),
                Arguments.of("BODY[]", List.of(body(Section.WHOLE, null, false))),
                Arguments.of("BODY.PEEK[]", List.of(body(Section.WHOLE, null, true))),
                Arguments.of("body.peek[header]", List.of(body(section(List.of(), Section.Text.HEADER), null, true))),
                Arguments.of("BODY[TEXT]", List.of(body(section(List.of(), Section.Text.TEXT), null, false))),
                Arguments.of("BODY[1]", List.of(body(section(List.of(1), Section.Text.NONE), null, false))),
                Arguments.of("BODY[1.2.3]", List.of(body(section(List.of(1, 2, 3), Section.Text.NONE), null, false))),
                Arguments.of("BODY[1.2.MIME]", List.of(body(section(List.of(1, 2), Section.Text.MIME), null, false))),
                Arguments.of("BODY[2.HEADER]", List.of(body(section(List.of(2), Section.Text.HEADER), null, false))),
                Arguments.of("BODY[2.TEXT]", List.of(body(section(List.of(2), Section.Text.TEXT), null, false))),
                Arguments.of("BODY[HEADER.FIELDS (From To)]", List.of(body(
                        section(List.of(), Section.Text.HEADER_FIELDS, "From", "To"), null, false))),
                Arguments.of("BODY.PEEK[HEADER.FIELDS.NOT (\"Received\" {4}\r\nX-Me)]", List.of(body(
                        section(List.of(), Section.Text.HEADER_FIELDS_NOT, "Received", "X-Me"), null, true))),
                Arguments.of("BODY[3.HEADER.FIELDS (SUBJECT)]", List.of(body(
                        section(List.of(3), Section.Text.HEADER_FIELDS, "SUBJECT"), null, false))),
                Arguments.of("BODY[]<0.1024>", List.of(body(Section.WHOLE, new FetchItem.Partial(0, 1024), false))),
                Arguments.of("BODY.PEEK[1]<100.5>", List.of(body(
                        section(List.of(1), Section.Text.NONE), new FetchItem.Partial(100, 5), true))),
                Arguments.of("BINARY[]", List.of(new FetchItem.Binary(List.of(), null, false))),
                Arguments.of("BINARY[1.2]", List.of(new FetchItem.Binary(List.of(1, 2), null, false))),
                Arguments.of("BINARY.PEEK[1]<0.10>", List.of(new FetchItem.Binary(List.of(1), new FetchItem.Partial(0, 10), true))),
                Arguments.of("BINARY.SIZE[2]", List.of(new FetchItem.BinarySize(List.of(2)))),
                Arguments.of("BINARY.SIZE[]", List.of(new FetchItem.BinarySize(List.of()))),
                Arguments.of("(FLAGS)", List.of(FLAGS)),
                Arguments.of("(UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM)] RFC822.SIZE)", List.of(
                        new FetchItem.Uid(), FLAGS,
                        body(section(List.of(), Section.Text.HEADER_FIELDS, "DATE", "FROM"), null, true), SIZE)));
    }

    @ParameterizedTest
    @MethodSource("goodItems")
    void parsesFetchItems(String items, List<FetchItem> expected) {
        assertEquals(new FetchCommand("t", false, seq(1, SequenceSet.STAR), expected), parsed("t FETCH 1:* " + items));
        assertEquals(new FetchCommand("t", true, seq(7, 7), expected), parsed("t UID FETCH 7 " + items));
    }

    static Stream<Arguments> badItems() {
        return Stream.of(
                Arguments.of("t FETCH 1", "Missing FETCH items"),
                Arguments.of("t FETCH 1 ", "Missing FETCH items"),
                Arguments.of("t FETCH 1 FOO", "Unknown FETCH item"),
                Arguments.of("t FETCH 1 ()", "Invalid FETCH item"),
                Arguments.of("t FETCH 1 (FLAGS", "Invalid FETCH item list"),
                Arguments.of("t FETCH 1 (FLAGS  UID)", "Invalid FETCH item"),
                Arguments.of("t FETCH 1 (ALL)", "Unknown FETCH item"),
                Arguments.of("t FETCH 1 BODY.PEEK", "Invalid section"),
                Arguments.of("t FETCH 1 BODY[", "Invalid section"),
                Arguments.of("t FETCH 1 BODY[MIME]", "MIME needs a part number"),
                Arguments.of("t FETCH 1 (PREVIEW (LAZY FAST))", "Unknown PREVIEW modifier"),
                Arguments.of("t FETCH 1 PREVIEW (LAZY", "Invalid PREVIEW modifiers"),
                Arguments.of("t FETCH 1 BODY[0]", "Invalid section part"),
                Arguments.of("t FETCH 1 BODY[1.]", "Invalid section"),
                Arguments.of("t FETCH 1 BODY[1.0]", "Invalid section part"),
                Arguments.of("t FETCH 1 BODY[2147483648]", "Invalid section part"),
                Arguments.of("t FETCH 1 BODY[HEADER.FIELDS]", "Missing header field list"),
                Arguments.of("t FETCH 1 BODY[HEADER.FIELDS ()]", "Invalid header field name"),
                Arguments.of("t FETCH 1 BODY[FOO]", "Invalid section"),
                Arguments.of("t FETCH 1 BODY[]<0.0>", "Invalid partial range"),
                Arguments.of("t FETCH 1 BODY[]<5>", "Invalid partial range"),
                Arguments.of("t FETCH 1 BODY[]<1.2", "Invalid partial range"),
                Arguments.of("t FETCH 1 BINARY[TEXT]", "Invalid section part"),
                Arguments.of("t FETCH 1 BINARY.SIZE[1]<0.1>", "Unexpected characters at end of command"),
                Arguments.of("t FETCH 1 RFC822.FOO", "Unknown FETCH item"),
                Arguments.of("t FETCH 0 FLAGS", "Invalid sequence set"),
                Arguments.of("t FETCH 1 FLAGS (CHANGEDSINCE 5) x", "Unexpected characters at end of command"));
    }

    @ParameterizedTest
    @MethodSource("badItems")
    void rejectsBadFetch(String frame, String message) {
        assertEquals(new ParseResult.Invalid("t", message), invalid(frame));
    }
}
