package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tegami.imap.protocol.GetMetadataCommand.Depth;
import org.tegami.imap.protocol.SetMetadataCommand.EntryValue;

/** GETMETADATA and SETMETADATA (RFC 5464 §5): line → record and line → BAD. */
class MetadataParserTest {

    private static GetMetadataCommand get(String mailbox, Long maxSize, Depth depth, String... entries) {
        return new GetMetadataCommand("a", mailbox, maxSize == null ? OptionalLong.empty() : OptionalLong.of(maxSize),
                depth, List.of(entries));
    }

    private static EntryValue value(String entry, String text) {
        return new EntryValue(entry, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("a GETMETADATA \"\" /shared/comment", get("", null, Depth.ZERO, "/shared/comment")),
                Arguments.of("a getmetadata INBOX /Private/Comment", get("INBOX", null, Depth.ZERO, "/private/comment")),
                Arguments.of("a GETMETADATA \"INBOX\" (/shared/comment /private/comment)",
                        get("INBOX", null, Depth.ZERO, "/shared/comment", "/private/comment")),
                // RFC 5464 §5 grammar: options before the mailbox.
                Arguments.of("a GETMETADATA (MAXSIZE 1024) INBOX (/shared/comment)",
                        get("INBOX", 1024L, Depth.ZERO, "/shared/comment")),
                // RFC 5464 §4.2.1 and §4.2.2 examples: options after the mailbox.
                Arguments.of("a GETMETADATA \"INBOX\" (MAXSIZE 1024) (/shared/comment /private/comment)",
                        get("INBOX", 1024L, Depth.ZERO, "/shared/comment", "/private/comment")),
                Arguments.of("a GETMETADATA \"INBOX\" (DEPTH 1) (/private/filters/values)",
                        get("INBOX", null, Depth.ONE, "/private/filters/values")),
                Arguments.of("a GETMETADATA INBOX (depth infinity maxsize 0) /shared/x",
                        get("INBOX", 0L, Depth.INFINITY, "/shared/x")),
                Arguments.of("a GETMETADATA INBOX (DEPTH 0) \"/shared/x\"", get("INBOX", null, Depth.ZERO, "/shared/x")),
                // RFC 5464 §4.4.1 example: several entries without parentheses; a repeated entry counts once.
                Arguments.of("a GETMETADATA INBOX /private/comment /shared/comment /private/comment",
                        get("INBOX", null, Depth.ZERO, "/private/comment", "/shared/comment")),
                Arguments.of("a GETMETADATA INBOX /shared/vendor/example/color",
                        get("INBOX", null, Depth.ZERO, "/shared/vendor/example/color")),
                Arguments.of("a GETMETADATA INBOX (\"/shared/a b\")", get("INBOX", null, Depth.ZERO, "/shared/a b")),
                Arguments.of("a SETMETADATA INBOX (/private/comment \"My new comment\")",
                        new SetMetadataCommand("a", "INBOX", List.of(value("/private/comment", "My new comment")))),
                Arguments.of("a SETMETADATA INBOX (/private/comment NIL)",
                        new SetMetadataCommand("a", "INBOX", List.of(value("/private/comment", null)))),
                Arguments.of("a SETMETADATA INBOX (/private/comment {33}\r\nMy new comment across\r\ntwo lines.)",
                        new SetMetadataCommand("a", "INBOX", List.of(value("/private/comment",
                                "My new comment across\r\ntwo lines.")))),
                Arguments.of("a SETMETADATA \"\" (/PRIVATE/Comment \"x\" /shared/comment \"\")",
                        new SetMetadataCommand("a", "", List.of(value("/private/comment", "x"),
                                value("/shared/comment", "")))),
                Arguments.of("a SETMETADATA INBOX (/shared/comment \"NIL\")",
                        new SetMetadataCommand("a", "INBOX", List.of(value("/shared/comment", "NIL")))));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parses(String line, ImapCommand expected) {
        assertEquals(expected, parsed(line));
    }

    @Test
    void aLiteral8ValueMayCarryNulAndAnyOctet() {
        byte[] frame = "a SETMETADATA INBOX (/private/vendor/example/bin ~{4}\r\n\0\1\u00ff\0)"
                .getBytes(StandardCharsets.ISO_8859_1);
        SetMetadataCommand command = (SetMetadataCommand) ((ParseResult.Parsed) new CommandParser(ImapLimits.DEFAULTS)
                .parse(frame)).command();
        assertEquals(new EntryValue("/private/vendor/example/bin", new byte[] {0, 1, (byte) 0xff, 0}),
                command.values().getFirst());
    }

    @Test
    void aPlainLiteralValueKeepsItsOctetsEvenWhenTheyAreNotUtf8() {
        byte[] frame = "a SETMETADATA INBOX (/private/x {2}\r\n\u00e9\u00ff)".getBytes(StandardCharsets.ISO_8859_1);
        SetMetadataCommand command = (SetMetadataCommand) ((ParseResult.Parsed) new CommandParser(ImapLimits.DEFAULTS)
                .parse(frame)).command();
        assertEquals(new EntryValue("/private/x", new byte[] {(byte) 0xe9, (byte) 0xff}), command.values().getFirst());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a GETMETADATA",
        "a GETMETADATA INBOX",
        "a GETMETADATA INBOX ()",
        // RFC 5464 §3.2: entry names start with /private or /shared, have no wildcard, no "//", no trailing
        // "/", no character below 0x20 or above 0x7e, at least two components, four under vendor.
        "a GETMETADATA INBOX /foo/bar",
        "a GETMETADATA INBOX comment",
        "a GETMETADATA INBOX /shared",
        "a GETMETADATA INBOX /private/",
        "a GETMETADATA INBOX /shared//comment",
        "a GETMETADATA INBOX /shared/comment/",
        "a GETMETADATA INBOX /shared/comment*",
        "a GETMETADATA INBOX /shared/comm%nt",
        "a GETMETADATA INBOX \"/shared/c\u00f6mment\"",
        "a GETMETADATA INBOX \"/shared/a\tb\"",
        "a GETMETADATA INBOX /shared/vendor/example",
        "a GETMETADATA INBOX (MAXSIZE) /shared/comment",
        "a GETMETADATA INBOX (MAXSIZE x) /shared/comment",
        "a GETMETADATA INBOX (MAXSIZE -1) /shared/comment",
        "a GETMETADATA INBOX (MAXSIZE 1 MAXSIZE 2) /shared/comment",
        "a GETMETADATA INBOX (DEPTH 2) /shared/comment",
        "a GETMETADATA INBOX (DEPTH 0 DEPTH 1) /shared/comment",
        "a GETMETADATA INBOX (COLOR 1) /shared/comment",
        "a GETMETADATA (DEPTH 1) INBOX (MAXSIZE 5) /shared/comment",
        "a GETMETADATA INBOX (/shared/comment",
        "a SETMETADATA INBOX",
        "a SETMETADATA INBOX ()",
        "a SETMETADATA INBOX /shared/comment \"x\"",
        "a SETMETADATA INBOX (/shared/comment)",
        "a SETMETADATA INBOX (/shared/comment \"x\" /shared/comment \"y\")",
        "a SETMETADATA INBOX (/shared/comment \"x\" /Shared/Comment NIL)",
        "a SETMETADATA INBOX (/shared/comment x)",
        "a SETMETADATA INBOX (/shared/* \"x\")",
        "a SETMETADATA INBOX (/other/comment \"x\")",
        "a SETMETADATA INBOX (/shared/comment \"x\"",
        "a SETMETADATA INBOX (/shared/comment {3}\r\na\0b)"
    })
    void rejects(String line) {
        invalid(line);
    }
}
