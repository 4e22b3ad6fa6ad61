package org.tegami.imap.protocol;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** APPEND (RFC 9051 §6.3.12), with several messages for MULTIAPPEND (RFC 3502). */
public record AppendCommand(String tag, String mailbox, List<AppendMessage> messages) implements ImapCommand {
    public AppendCommand {
        messages = List.copyOf(messages);
    }

    /**
     * RFC 3502 §6.3.11 (MULTIAPPEND): append = "APPEND" SP mailbox 1*append-message;
     * append-message = [SP flag-list] [SP date-time] SP (literal / literal8);
     * RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")".
     */
    static AppendCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        List<AppendMessage> messages = new ArrayList<>();
        do {
            messages.add(parseMessage(in));
        } while (!in.atEnd());
        return new AppendCommand(tag, mailbox, messages);
    }

    /** One append-message with its leading SP: [SP flag-list] [SP date-time] SP (literal / literal8 / UTF8 (literal8)). */
    static AppendMessage parseMessage(CommandReader in) {
        in.expectSpace("Missing message literal");
        List<String> flags = List.of();
        if (in.peek() == '(') {
            flags = in.readFlagList();
            in.expectSpace("Missing message literal");
        }
        OffsetDateTime internalDate = null;
        if (in.peek() == '"') {
            internalDate = in.readDateTime();
            in.expectSpace("Missing message literal");
        }
        // RFC 4469 §5: append-data =/ "CATENATE" SP "(" cat-part *(SP cat-part) ")";
        // cat-part = "TEXT" SP literal / "URL" SP astring
        if (in.tryWord("CATENATE")) {
            in.expectSpace("Missing CATENATE parts");
            in.expect('(', "Missing CATENATE parts");
            in.enterNesting();
            List<CatenatePart> parts = new ArrayList<>();
            do {
                String kind = in.readWord("Invalid CATENATE part");
                in.expectSpace("Invalid CATENATE part");
                switch (kind) {
                    case "TEXT" -> {
                        if (in.peek() != '{') {
                            throw in.fail("TEXT needs a literal");
                        }
                        parts.add(new CatenatePart.Text(in.bytesOf(in.readLiteral())));
                    }
                    case "URL" -> parts.add(new CatenatePart.Url(in.readAstring("Missing URL")));
                    default -> throw in.fail("Invalid CATENATE part");
                }
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid CATENATE parts");
            in.leaveNesting();
            return new AppendMessage(flags, internalDate, new byte[0], false, false, parts);
        }
        if (in.tryWord("UTF8")) {
            in.expectSpace("Missing UTF8 message");
            in.expect('(', "Missing UTF8 message");
            if (in.peek() != '~') {
                throw in.fail("UTF8 needs a literal8");
            }
            CommandReader.Literal literal = in.readLiteral();
            in.expect(')', "Invalid UTF8 message");
            return new AppendMessage(flags, internalDate, in.bytesOf(literal), false, true);
        }
        if (!in.startsLiteral()) {
            throw in.fail("Missing message literal");
        }
        CommandReader.Literal literal = in.readLiteral();
        // RFC 3516 §4.4: a literal8 marks the message as binary content.
        return new AppendMessage(flags, internalDate, in.bytesOf(literal), literal.binary());
    }
}
