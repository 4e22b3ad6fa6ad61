package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** Reads the data items of FETCH (RFC 9051 §6.4.5 and §9 fetch-att; RFC 3501 RFC822.*; RFC 3516 BINARY). */
final class FetchItemParser {

    private FetchItemParser() {
    }

    /** ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")"). */
    static List<FetchItem> parseItems(CommandReader in) {
        List<FetchItem> items = new ArrayList<>();
        if (in.tryConsume('(')) {
            in.enterNesting();
            do {
                items.add(parseItem(in.readWord("Invalid FETCH item"), in));
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid FETCH item list");
            in.leaveNesting();
            return items;
        }
        String word = in.readWord("Missing FETCH items");
        // RFC 9051 §6.4.5: the macros, only valid alone.
        switch (word) {
            case "ALL" -> items.addAll(List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size(), new FetchItem.Envelope()));
            case "FAST" -> items.addAll(List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size()));
            case "FULL" -> items.addAll(List.of(new FetchItem.Flags(), new FetchItem.InternalDate(),
                    new FetchItem.Rfc822Size(), new FetchItem.Envelope(), new FetchItem.BodyStructure(false)));
            default -> items.add(parseItem(word, in));
        }
        return items;
    }

    private static FetchItem parseItem(String name, CommandReader in) {
        return switch (name) {
            case "FLAGS" -> new FetchItem.Flags();
            case "INTERNALDATE" -> new FetchItem.InternalDate();
            case "RFC822.SIZE" -> new FetchItem.Rfc822Size();
            case "ENVELOPE" -> new FetchItem.Envelope();
            case "BODYSTRUCTURE" -> new FetchItem.BodyStructure(true);
            case "UID" -> new FetchItem.Uid();
            // RFC 7162 §3.1.4
            case "MODSEQ" -> new FetchItem.ModSeq();
            // RFC 8514 §4.1
            case "SAVEDATE" -> new FetchItem.SaveDate();
            // RFC 8474 §5
            case "EMAILID" -> new FetchItem.EmailId();
            case "THREADID" -> new FetchItem.ThreadId();
            // RFC 8970 §7: "PREVIEW" [SP "(" preview-mod *(SP preview-mod) ")"]; preview-mod = "LAZY"
            case "PREVIEW" -> {
                // " (LAZY" after a lone PREVIEW item could also start the FETCH modifiers: look ahead.
                int mark = in.mark();
                if (in.tryConsume(' ') && in.tryConsume('(') && in.tryWord("LAZY")) {
                    while (in.tryConsume(' ')) {
                        if (!in.tryWord("LAZY")) {
                            throw in.fail("Unknown PREVIEW modifier");
                        }
                    }
                    in.expect(')', "Invalid PREVIEW modifiers");
                } else {
                    in.rewind(mark);
                }
                yield new FetchItem.Preview();
            }
            // RFC 3501 §6.4.5: RFC822 = BODY[], RFC822.HEADER = BODY.PEEK[HEADER], RFC822.TEXT = BODY[TEXT]
            case "RFC822" -> new FetchItem.BodySection(Section.WHOLE, null, false, "RFC822");
            case "RFC822.HEADER" -> new FetchItem.BodySection(
                    new Section(List.of(), Section.Text.HEADER, List.of()), null, true, "RFC822.HEADER");
            case "RFC822.TEXT" -> new FetchItem.BodySection(
                    new Section(List.of(), Section.Text.TEXT, List.of()), null, false, "RFC822.TEXT");
            case "BODY" -> in.peek() == '['
                    ? new FetchItem.BodySection(parseSection(in), parsePartial(in), false, null)
                    : new FetchItem.BodyStructure(false);
            case "BODY.PEEK" -> new FetchItem.BodySection(parseSection(in), parsePartial(in), true, null);
            // RFC 3516 §4.2
            case "BINARY" -> new FetchItem.Binary(parseBinarySection(in), parsePartial(in), false);
            case "BINARY.PEEK" -> new FetchItem.Binary(parseBinarySection(in), parsePartial(in), true);
            case "BINARY.SIZE" -> new FetchItem.BinarySize(parseBinarySection(in));
            default -> throw in.fail("Unknown FETCH item");
        };
    }

    /**
     * RFC 9051 §9: section = "[" [section-spec] "]"; section-spec = section-msgtext / (section-part ["." section-text]);
     * section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"; section-text = section-msgtext / "MIME".
     */
    static Section parseSection(CommandReader in) {
        in.expect('[', "Invalid section");
        List<Integer> part = List.of();
        Section.Text text = Section.Text.NONE;
        List<String> fields = List.of();
        if (!in.tryConsume(']')) {
            boolean textExpected = true;
            if (isDigit(in.peek())) {
                part = parsePartNumbers(in);
                textExpected = in.tryConsume('.');
            }
            if (textExpected) {
                text = switch (in.readWord("Invalid section")) {
                    case "HEADER" -> Section.Text.HEADER;
                    case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
                    case "TEXT" -> Section.Text.TEXT;
                    case "MIME" -> Section.Text.MIME;
                    default -> throw in.fail("Invalid section");
                };
                // section-text: MIME only follows a part number.
                if (text == Section.Text.MIME && part.isEmpty()) {
                    throw in.fail("MIME needs a part number");
                }
                if (text == Section.Text.HEADER_FIELDS || text == Section.Text.HEADER_FIELDS_NOT) {
                    in.expectSpace("Missing header field list");
                    fields = parseHeaderList(in);
                }
            }
            in.expect(']', "Invalid section");
        }
        return new Section(part, text, fields);
    }

    /** RFC 3516 §4.2: section-binary = "[" [section-part] "]". */
    private static List<Integer> parseBinarySection(CommandReader in) {
        in.expect('[', "Invalid section");
        List<Integer> part = List.of();
        if (!in.tryConsume(']')) {
            part = parsePartNumbers(in);
            in.expect(']', "Invalid section");
        }
        return part;
    }

    /** RFC 9051 §9: section-part = nz-number *("." nz-number). */
    private static List<Integer> parsePartNumbers(CommandReader in) {
        List<Integer> part = new ArrayList<>();
        while (true) {
            long number = in.readNzNumber("Invalid section part");
            if (number > Integer.MAX_VALUE) {
                throw in.fail("Invalid section part");
            }
            part.add((int) number);
            // A '.' followed by a letter starts the section-text instead.
            if (in.peek() != '.' || !isDigit(in.peek(1))) {
                return part;
            }
            in.skip();
        }
    }

    /** RFC 9051 §9: header-list = "(" header-fld-name *(SP header-fld-name) ")"; header-fld-name = astring. */
    private static List<String> parseHeaderList(CommandReader in) {
        in.expect('(', "Invalid header field list");
        in.enterNesting();
        List<String> fields = new ArrayList<>();
        do {
            fields.add(in.readAstring("Invalid header field name"));
        } while (in.tryConsume(' '));
        in.expect(')', "Invalid header field list");
        in.leaveNesting();
        return fields;
    }

    /** RFC 9051 §9: partial = "<" number64 "." nz-number64 ">"; {@code null} when absent. */
    private static FetchItem.Partial parsePartial(CommandReader in) {
        if (!in.tryConsume('<')) {
            return null;
        }
        long offset = in.readNumber64("Invalid partial range");
        in.expect('.', "Invalid partial range");
        if (in.peek() == '0') {
            throw in.fail("Invalid partial range");
        }
        long length = in.readNumber64("Invalid partial range");
        in.expect('>', "Invalid partial range");
        return new FetchItem.Partial(offset, length);
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }
}
