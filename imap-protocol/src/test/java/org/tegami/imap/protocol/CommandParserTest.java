package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Line → record and line → BAD for every command; FETCH, SEARCH and LIST have their own tables. */
class CommandParserTest {

    static final CommandParser PARSER = new CommandParser(ImapLimits.DEFAULTS);

    static ImapCommand parsed(String frame) {
        ParseResult result = PARSER.parse(frame.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(ParseResult.Parsed.class, result, () -> frame + " -> " + result).command();
    }

    static ParseResult.Invalid invalid(String frame) {
        ParseResult result = PARSER.parse(frame.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(ParseResult.Invalid.class, result, () -> frame + " -> " + result);
    }

    static SequenceSet seq(long... startEndPairs) {
        List<SequenceSet.Range> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < startEndPairs.length; i += 2) {
            ranges.add(new SequenceSet.Range(startEndPairs[i], startEndPairs[i + 1]));
        }
        return new SequenceSet(ranges, false);
    }

    static final long STAR = SequenceSet.STAR;

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("a1 CAPABILITY", new CapabilityCommand("a1")),
                Arguments.of("a1 capability", new CapabilityCommand("a1")),
                Arguments.of("A.b]c NOOP", new NoopCommand("A.b]c")),
                Arguments.of("x LOGOUT", new LogoutCommand("x")),
                Arguments.of("x StartTLS", new StartTlsCommand("x")),
                Arguments.of("x LOGIN alice secret", new LoginCommand("x", "alice", "secret")),
                Arguments.of("x LOGIN \"al ice\" \"p\\\"w\\\\d\"", new LoginCommand("x", "al ice", "p\"w\\d")),
                Arguments.of("x LOGIN {5}\r\nalice {6+}\r\nsecret", new LoginCommand("x", "alice", "secret")),
                Arguments.of("x LOGIN ~{5}\r\nalice \"\"", new LoginCommand("x", "alice", "")),
                Arguments.of("x LOGIN \"j\u00f6rg\" {3}\nr\u00e9", new LoginCommand("x", "j\u00f6rg", "r\u00e9")),
                Arguments.of("x ENABLE IMAP4rev2", new EnableCommand("x", List.of("IMAP4rev2"))),
                Arguments.of("x ENABLE CONDSTORE UTF8=ACCEPT", new EnableCommand("x", List.of("CONDSTORE", "UTF8=ACCEPT"))),
                Arguments.of("x SELECT INBOX", new SelectCommand("x", "INBOX")),
                Arguments.of("x select inbox", new SelectCommand("x", "inbox")),
                Arguments.of("x SELECT \"Sent Items\"", new SelectCommand("x", "Sent Items")),
                Arguments.of("x SELECT ~user]", new SelectCommand("x", "~user]")),
                Arguments.of("x SELECT \"&AMk-t&AOk-\"", new SelectCommand("x", "&AMk-t&AOk-")),
                Arguments.of("x SELECT \"\u00c9t\u00e9\"", new SelectCommand("x", "\u00c9t\u00e9")),
                Arguments.of("x EXAMINE Archive", new ExamineCommand("x", "Archive")),
                Arguments.of("x COMPRESS DEFLATE", new CompressCommand("x", "DEFLATE")),
                Arguments.of("x UNAUTHENTICATE", new UnauthenticateCommand("x")),
                Arguments.of("x compress deflate", new CompressCommand("x", "deflate")),
                Arguments.of("x CREATE Work/Projects", new CreateCommand("x", "Work/Projects", List.of())),
                Arguments.of("x CREATE Drafts (USE (\\Drafts))", new CreateCommand("x", "Drafts", List.of("\\Drafts"))),
                Arguments.of("x CREATE A (use (\\Sent \\Archive))", new CreateCommand("x", "A", List.of("\\Sent", "\\Archive"))),
                Arguments.of("x CREATE A (USE ())", new CreateCommand("x", "A", List.of())),
                Arguments.of("x DELETE Old", new DeleteCommand("x", "Old")),
                Arguments.of("x RENAME Old New", new RenameCommand("x", "Old", "New")),
                Arguments.of("x RENAME \"a b\" {1}\r\nc", new RenameCommand("x", "a b", "c")),
                Arguments.of("x SUBSCRIBE News", new SubscribeCommand("x", "News")),
                Arguments.of("x UNSUBSCRIBE News", new UnsubscribeCommand("x", "News")),
                Arguments.of("x LSUB \"\" *", new LsubCommand("x", "", "*")),
                Arguments.of("x LSUB \"\" Work/%", new LsubCommand("x", "", "Work/%")),
                Arguments.of("x NAMESPACE", new NamespaceCommand("x")),
                Arguments.of("x STATUS INBOX (MESSAGES)", new StatusCommand("x", "INBOX", List.of(StatusItem.MESSAGES))),
                Arguments.of("x STATUS INBOX (messages uidnext uidvalidity unseen deleted size recent)",
                        new StatusCommand("x", "INBOX", List.of(StatusItem.MESSAGES, StatusItem.UIDNEXT,
                                StatusItem.UIDVALIDITY, StatusItem.UNSEEN, StatusItem.DELETED, StatusItem.SIZE,
                                StatusItem.RECENT))),
                Arguments.of("x IDLE", new IdleCommand("x")),
                Arguments.of("x CHECK", new CheckCommand("x")),
                Arguments.of("x CLOSE", new CloseCommand("x")),
                Arguments.of("x UNSELECT", new UnselectCommand("x")),
                Arguments.of("x EXPUNGE", new ExpungeCommand("x")),
                Arguments.of("x UID EXPUNGE 1:3,5", new UidExpungeCommand("x", seq(1, 3, 5, 5))),
                Arguments.of("x uid expunge *", new UidExpungeCommand("x", seq(STAR, STAR))),
                Arguments.of("x STORE 1 FLAGS (\\Seen)",
                        new StoreCommand("x", false, seq(1, 1), StoreMode.REPLACE, false, List.of("\\Seen"))),
                Arguments.of("x STORE 1:* +FLAGS.SILENT (\\Deleted $Junk)",
                        new StoreCommand("x", false, seq(1, STAR), StoreMode.ADD, true, List.of("\\Deleted", "$Junk"))),
                Arguments.of("x UID STORE 4 -flags \\Seen \\Flagged",
                        new StoreCommand("x", true, seq(4, 4), StoreMode.REMOVE, false, List.of("\\Seen", "\\Flagged"))),
                Arguments.of("x STORE 2 FLAGS ()",
                        new StoreCommand("x", false, seq(2, 2), StoreMode.REPLACE, false, List.of())),
                Arguments.of("x STORE $ +FLAGS (\\Answered)",
                        new StoreCommand("x", false, SequenceSet.SAVED, StoreMode.ADD, false, List.of("\\Answered"))),
                Arguments.of("x COPY 1:2 Archive", new CopyCommand("x", false, seq(1, 2), "Archive")),
                Arguments.of("x UID COPY 4294967295 \"Sent\"", new CopyCommand("x", true, seq(4294967295L, 4294967295L), "Sent")),
                Arguments.of("x MOVE 3:1 Trash", new MoveCommand("x", false, seq(3, 1), "Trash")),
                Arguments.of("x UID MOVE 1,3:*,7 Trash", new MoveCommand("x", true, seq(1, 1, 3, STAR, 7, 7), "Trash")),
                Arguments.of("x ID NIL", new IdCommand("x", null)),
                Arguments.of("x ID ()", new IdCommand("x", Map.of())),
                Arguments.of("x ID (\"name\" \"Thunderbird\" \"version\" NIL)", new IdCommand("x", idFields())));
    }

    private static Map<String, String> idFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "Thunderbird");
        fields.put("version", null);
        return fields;
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parsesGoodCommand(String frame, ImapCommand expected) {
        assertEquals(expected, parsed(frame));
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                // tag
                Arguments.of("", null, "Empty command"),
                Arguments.of("NOOP", "NOOP", "Missing command"),
                Arguments.of("+ NOOP", null, "Missing or invalid tag"),
                Arguments.of("a+b NOOP", null, "Missing or invalid tag"),
                Arguments.of("* NOOP", null, "Missing or invalid tag"),
                Arguments.of("a(b NOOP", null, "Missing or invalid tag"),
                Arguments.of(" NOOP", null, "Missing or invalid tag"),
                // command name and framing of tokens
                Arguments.of("a FROB", "a", "Unknown command"),
                Arguments.of("a ", "a", "Missing command"),
                Arguments.of("a  NOOP", "a", "Missing command"),
                Arguments.of("a NOOP ", "a", "Unexpected characters at end of command"),
                Arguments.of("a NOOP extra", "a", "Unexpected characters at end of command"),
                Arguments.of("a NOOP\r", "a", "Unexpected characters at end of command"),
                Arguments.of("a UID FROB 1", "a", "Unknown UID command"),
                Arguments.of("a UID", "a", "Missing command after UID"),
                // strings
                Arguments.of("a LOGIN alice", "a", "Missing password"),
                Arguments.of("a LOGIN alice  secret", "a", "Missing password"),
                Arguments.of("a LOGIN \"alice secret", "a", "Unterminated quoted string"),
                Arguments.of("a LOGIN \"al\\ice\" x", "a", "Invalid escape in quoted string"),
                Arguments.of("a LOGIN {10}\r\nabc x", "a", "Literal is shorter than announced"),
                Arguments.of("a LOGIN {3} abc x", "a", "Invalid literal"),
                Arguments.of("a LOGIN {x}\r\nabc x", "a", "Invalid literal"),
                Arguments.of("a LOGIN {99999999999999999999}\r\nabc x", "a", "Invalid literal"),
                Arguments.of("a ENABLE", "a", "Missing capability name"),
                Arguments.of("a AUTHENTICATE", "a", "Missing authentication mechanism"),
                Arguments.of("a AUTHENTICATE PLAIN AGFsaWNl=", "a", "Invalid base64 in initial response"),
                Arguments.of("a AUTHENTICATE PLAIN QQ", "a", "Invalid base64 in initial response"),
                Arguments.of("a AUTHENTICATE PLAIN QR==", "a", "Invalid base64 in initial response"),
                Arguments.of("a AUTHENTICATE PLAIN Q===", "a", "Invalid base64 in initial response"),
                Arguments.of("a AUTHENTICATE PLAIN ", "a", "Invalid initial response"),
                // mailboxes
                Arguments.of("a SELECT", "a", "Missing mailbox name"),
                Arguments.of("a COMPRESS", "a", "Missing compression mechanism"),
                Arguments.of("a UNAUTHENTICATE now", "a", "Unexpected characters at end of command"),
                Arguments.of("a COMPRESS DEFLATE x", "a", "Unexpected characters at end of command"),
                Arguments.of("a SELECT ", "a", "Missing mailbox name"),
                Arguments.of("a SELECT INBOX (FOO)", "a", "Unknown SELECT parameter"),
                Arguments.of("a EXAMINE INBOX (QRESYNC (1 2) FOO)", "a", "Unknown SELECT parameter"),
                Arguments.of("a SELECT foo*", "a", "Unexpected characters at end of command"),
                Arguments.of("a DELETE", "a", "Missing mailbox name"),
                Arguments.of("a RENAME a", "a", "Missing new mailbox name"),
                Arguments.of("a SUBSCRIBE", "a", "Missing mailbox name"),
                Arguments.of("a UNSUBSCRIBE", "a", "Missing mailbox name"),
                Arguments.of("a CREATE A (FOO)", "a", "Unsupported CREATE parameter"),
                Arguments.of("a CREATE A (USE (Drafts))", "a", "Invalid USE attribute"),
                Arguments.of("a CREATE A (USE (\\Drafts)", "a", "Invalid CREATE parameters"),
                Arguments.of("a LSUB \"\"", "a", "Missing mailbox pattern"),
                Arguments.of("a STATUS INBOX", "a", "Missing status items"),
                Arguments.of("a STATUS INBOX ()", "a", "Invalid status item"),
                Arguments.of("a STATUS INBOX (MESSAGES FOO)", "a", "Unknown status item"),
                Arguments.of("a STATUS INBOX (MESSAGES  UNSEEN)", "a", "Invalid status item"),
                // sequence sets
                Arguments.of("a COPY 0 Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY 01 Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY 4294967296 Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY 1: Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY 1,,2 Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY ,1 Trash", "a", "Invalid sequence set"),
                Arguments.of("a COPY $,1 Trash", "a", "Missing mailbox name"),
                Arguments.of("a COPY 1", "a", "Missing mailbox name"),
                Arguments.of("a MOVE", "a", "Missing sequence set"),
                Arguments.of("a UID EXPUNGE", "a", "Missing sequence set"),
                // STORE
                Arguments.of("a STORE 1 FLAGS (\\*)", "a", "\\* is not a valid flag here"),
                Arguments.of("a STORE 1 FLAGS \\*", "a", "\\* is not a valid flag here"),
                Arguments.of("a STORE 1 LABELS (x)", "a", "Unknown STORE data item"),
                Arguments.of("a STORE 1 FLAGS", "a", "Missing flags"),
                Arguments.of("a STORE 1 FLAGS (\\Seen", "a", "Invalid flag list"),
                Arguments.of("a STORE 1 *FLAGS (\\Seen)", "a", "Missing STORE data item"),
                // ID
                Arguments.of("a ID", "a", "Missing ID parameters"),
                Arguments.of("a ID (\"name\")", "a", "Missing ID field value"),
                Arguments.of("a ID (name \"x\")", "a", "Invalid ID field name"),
                Arguments.of("a ID (\"name\" \"x\"", "a", "Invalid ID parameters"),
                // APPEND
                Arguments.of("a APPEND INBOX", "a", "Missing message literal"),
                Arguments.of("a APPEND INBOX \"hello\"", "a", "Invalid date-time"),
                Arguments.of("a APPEND INBOX (\\Seen)", "a", "Missing message literal"),
                Arguments.of("a APPEND INBOX (\\*) {1}\r\nx", "a", "\\* is not a valid flag here"),
                Arguments.of("a APPEND INBOX \"31-Feb-2024 10:00:00 +0000\" {1}\r\nx", "a", "Invalid date"),
                Arguments.of("a APPEND INBOX \"01-Jan-2024 24:00:00 +0000\" {1}\r\nx", "a", "Invalid date-time"),
                Arguments.of("a APPEND INBOX \"01-Foo-2024 10:00:00 +0000\" {1}\r\nx", "a", "Invalid date"),
                Arguments.of("a APPEND INBOX \"01-Jan-2024 10:00:00 0000\" {1}\r\nx", "a", "Invalid date-time"),
                Arguments.of("a APPEND INBOX \"01-Jan-2024 10:00:00 +1900\" {1}\r\nx", "a", "Invalid date-time"),
                Arguments.of("a APPEND INBOX {1}\r\nx y", "a", "Missing message literal"),
                Arguments.of("a APPEND INBOX {1}\r\nx ", "a", "Missing message literal"));
    }

    @ParameterizedTest
    @MethodSource("badCommands")
    void rejectsBadCommand(String frame, String expectedTag, String expectedMessage) {
        ParseResult.Invalid result = invalid(frame);
        assertEquals(expectedTag, result.tag());
        if (expectedMessage != null) {
            assertEquals(expectedMessage, result.message());
        }
    }

    @Test
    void rejectsInvalidUtf8InQuotedString() {
        byte[] frame = {'a', ' ', 'S', 'E', 'L', 'E', 'C', 'T', ' ', '"', (byte) 0xC3, '"'};
        assertEquals(new ParseResult.Invalid("a", "Invalid UTF-8 in string"), PARSER.parse(frame));
        byte[] overlong = {'a', ' ', 'S', 'E', 'L', 'E', 'C', 'T', ' ', '"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertEquals(new ParseResult.Invalid("a", "Invalid UTF-8 in string"), PARSER.parse(overlong));
    }

    @Test
    void rejectsInvalidUtf8AndNulInLiteral() {
        byte[] frame = {'a', ' ', 'S', 'E', 'L', 'E', 'C', 'T', ' ', '{', '1', '}', '\r', '\n', (byte) 0xFF};
        assertEquals(new ParseResult.Invalid("a", "Invalid UTF-8 in string"), PARSER.parse(frame));
        byte[] nul = {'a', ' ', 'S', 'E', 'L', 'E', 'C', 'T', ' ', '{', '1', '}', '\r', '\n', 0};
        assertEquals(new ParseResult.Invalid("a", "NUL is not allowed in a string"), PARSER.parse(nul));
    }

    @Test
    void parsesAuthenticateWithAndWithoutInitialResponse() {
        AuthenticateCommand plain = (AuthenticateCommand) parsed("a AUTHENTICATE plain AGFsaWNlAHNlY3JldA==");
        assertEquals("PLAIN", plain.mechanism());
        assertArrayEquals("\0alice\0secret".getBytes(StandardCharsets.US_ASCII), plain.initialResponse());

        AuthenticateCommand noResponse = (AuthenticateCommand) parsed("a AUTHENTICATE SCRAM-SHA-256");
        assertEquals("SCRAM-SHA-256", noResponse.mechanism());
        assertNull(noResponse.initialResponse());

        AuthenticateCommand empty = (AuthenticateCommand) parsed("a AUTHENTICATE EXTERNAL =");
        assertArrayEquals(new byte[0], empty.initialResponse());

        AuthenticateCommand oneByte = (AuthenticateCommand) parsed("a AUTHENTICATE X QQ==");
        assertArrayEquals(new byte[] {'A'}, oneByte.initialResponse());
        AuthenticateCommand twoBytes = (AuthenticateCommand) parsed("a AUTHENTICATE X QUI=");
        assertArrayEquals(new byte[] {'A', 'B'}, twoBytes.initialResponse());
    }

    @Test
    void parsesAppendWithFlagsDateAndLiteral() {
        AppendCommand append = (AppendCommand) parsed(
                "a APPEND Sent (\\Seen $Forwarded) \" 5-Jan-2024 13:07:09 +0130\" {5}\r\nHello");
        assertEquals("Sent", append.mailbox());
        AppendMessage message = append.messages().getFirst();
        assertEquals(List.of("\\Seen", "$Forwarded"), message.flags());
        assertEquals(OffsetDateTime.of(2024, 1, 5, 13, 7, 9, 0, ZoneOffset.ofHoursMinutes(1, 30)), message.internalDate());
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), message.content());
        assertEquals(false, message.binary());
    }

    @Test
    void parsesAppendVariants() {
        AppendCommand plain = (AppendCommand) parsed("a append INBOX {3+}\r\nA\0B");
        assertEquals(List.of(), plain.messages().getFirst().flags());
        assertNull(plain.messages().getFirst().internalDate());
        assertArrayEquals(new byte[] {'A', 0, 'B'}, plain.messages().getFirst().content());

        AppendCommand dated = (AppendCommand) parsed("a APPEND INBOX \"29-Feb-2024 23:59:59 -1200\" ~{2}\r\n\0\1");
        AppendMessage message = dated.messages().getFirst();
        assertEquals(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 0, ZoneOffset.ofHours(-12)), message.internalDate());
        assertEquals(true, message.binary());
        assertArrayEquals(new byte[] {0, 1}, message.content());

        AppendCommand flaggedOnly = (AppendCommand) parsed("a APPEND INBOX () {0}\r\n");
        assertEquals(0, flaggedOnly.messages().getFirst().content().length);
    }

    @Test
    void parsesReplaceAndUidReplace() {
        ReplaceCommand replace = (ReplaceCommand) parsed("a REPLACE 3 Drafts (\\Draft) {5+}\r\nhello");
        assertEquals(false, replace.uid());
        assertEquals(3, replace.message());
        assertEquals("Drafts", replace.mailbox());
        assertEquals(List.of("\\Draft"), replace.replacement().flags());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), replace.replacement().content());
        ReplaceCommand uid = (ReplaceCommand) parsed("a UID REPLACE 4294967295 INBOX ~{1}\r\nx");
        assertEquals(true, uid.uid());
        assertEquals(4294967295L, uid.message());
        assertEquals("Invalid message number", invalid("a REPLACE * INBOX {1}\r\nx").message());
        assertEquals("Missing message literal", invalid("a REPLACE 1 INBOX").message());
        assertEquals("Unexpected characters at end of command",
                invalid("a REPLACE 1 INBOX {1}\r\nx {1}\r\ny").message());
    }

    @Test
    void parsesAppendCatenate() {
        AppendCommand append = (AppendCommand) parsed(
                "a APPEND Drafts (\\Draft) CATENATE (TEXT {3+}\r\nabc URL \"/INBOX/;UID=1/;SECTION=1\" TEXT {1}\r\nd)");
        List<CatenatePart> parts = append.messages().getFirst().catenate();
        assertEquals(3, parts.size());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), ((CatenatePart.Text) parts.getFirst()).bytes());
        assertEquals(new CatenatePart.Url("/INBOX/;UID=1/;SECTION=1"), parts.get(1));
        assertEquals(null, ((AppendCommand) parsed("a APPEND INBOX {1+}\r\nx")).messages().getFirst().catenate());
        assertEquals("TEXT needs a literal", invalid("a APPEND INBOX CATENATE (TEXT \"abc\")").message());
        assertEquals("Invalid CATENATE part", invalid("a APPEND INBOX CATENATE (FILE x)").message());
        assertEquals("Invalid CATENATE parts", invalid("a APPEND INBOX CATENATE (URL x").message());
    }

    @Test
    void parsesASectionSpecOnItsOwn() {
        assertEquals(java.util.Optional.of(new Section(List.of(1, 2), Section.Text.TEXT, List.of())),
                Section.parse("1.2.TEXT"));
        assertEquals(java.util.Optional.of(Section.WHOLE), Section.parse(""));
        assertEquals(java.util.Optional.empty(), Section.parse("1.FOO"));
        assertEquals(java.util.Optional.empty(), Section.parse("1] x ["));
    }

    @Test
    void parsesAppendOfUtf8Messages() {
        AppendCommand append = (AppendCommand) parsed("a APPEND INBOX (\\Seen) UTF8 (~{3+}\r\nabc) UTF8 (~{2}\r\nde)");
        assertEquals(2, append.messages().size());
        assertEquals(List.of("\\Seen"), append.messages().getFirst().flags());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), append.messages().getFirst().content());
        assertEquals(true, append.messages().getFirst().utf8());
        assertEquals(true, append.messages().get(1).utf8());
        assertEquals(false, ((AppendCommand) parsed("a APPEND INBOX {1+}\r\nx")).messages().getFirst().utf8());
        assertEquals("UTF8 needs a literal8", invalid("a APPEND INBOX UTF8 ({3}\r\nabc)").message());
        assertEquals("Invalid UTF8 message", invalid("a APPEND INBOX UTF8 (~{3}\r\nabc").message());
        assertEquals("Missing UTF8 message", invalid("a APPEND INBOX UTF8 ~{3}\r\nabc").message());
    }

    @Test
    void parsesMultiAppend() {
        AppendCommand append = (AppendCommand) parsed(
                "a APPEND Drafts (\\Draft) {2}\r\nm1 {2+}\r\nm2 (\\Seen) \"01-Mar-2020 00:00:00 +0000\" ~{2}\r\nm3");
        assertEquals(3, append.messages().size());
        assertEquals(List.of("\\Draft"), append.messages().get(0).flags());
        assertArrayEquals("m2".getBytes(StandardCharsets.US_ASCII), append.messages().get(1).content());
        assertEquals(List.of(), append.messages().get(1).flags());
        assertEquals(true, append.messages().get(2).binary());
        assertEquals(List.of("\\Seen"), append.messages().get(2).flags());
    }

    @Test
    void limitsSequenceRanges() {
        CommandParser parser = new CommandParser(new ImapLimits(1000, 100, 100, 100, 10_000, 4, 3));
        assertInstanceOf(ParseResult.Parsed.class, parser.parse(bytes("a COPY 1,2:3,5 X")));
        assertEquals(new ParseResult.Invalid("a", "Too many ranges in sequence set"), parser.parse(bytes("a COPY 1,2:3,5,7 X")));
    }

    @Test
    void limitsNestingOfLists() {
        CommandParser parser = new CommandParser(new ImapLimits(1000, 100, 100, 100, 10_000, 1, 10));
        assertInstanceOf(ParseResult.Parsed.class, parser.parse(bytes("a STORE 1 FLAGS (\\Seen)")));
        assertEquals(new ParseResult.Invalid("a", "Command nested too deeply"),
                parser.parse(bytes("a FETCH 1 (BODY[HEADER.FIELDS (From)])")));
    }

    static byte[] bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
