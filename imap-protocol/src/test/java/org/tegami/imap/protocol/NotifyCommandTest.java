package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tegami.imap.protocol.CommandParserTest.invalid;
import static org.tegami.imap.protocol.CommandParserTest.parsed;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tegami.imap.protocol.NotifyCommand.Event;
import org.tegami.imap.protocol.NotifyCommand.EventGroup;
import org.tegami.imap.protocol.NotifyCommand.EventType;
import org.tegami.imap.protocol.NotifyCommand.Filter;
import org.tegami.imap.protocol.NotifyCommand.FilterKind;

/** NOTIFY (RFC 5465 §8): line → record and line → BAD. */
class NotifyCommandTest {

    private static final Event NEW = new Event(EventType.MESSAGE_NEW, "MessageNew");
    private static final Event EXPUNGE = new Event(EventType.MESSAGE_EXPUNGE, "MessageExpunge");

    private static final Event NEW_WITH_HEADERS = new Event(EventType.MESSAGE_NEW, "MessageNew", List.of(
            new FetchItem.Uid(),
            new FetchItem.BodySection(new Section(List.of(), Section.Text.HEADER_FIELDS, List.of("From", "Subject")),
                    null, true, null)));

    private static Filter filter(FilterKind kind, String... mailboxes) {
        return new Filter(kind, List.of(mailboxes));
    }

    private static EventGroup group(Filter filter, Event... events) {
        return new EventGroup(filter, List.of(events));
    }

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("a NOTIFY NONE", new NotifyCommand("a", false, List.of())),
                Arguments.of("a notify none", new NotifyCommand("a", false, List.of())),
                Arguments.of("a NOTIFY SET (selected (MessageNew MessageExpunge))",
                        new NotifyCommand("a", false, List.of(group(filter(FilterKind.SELECTED), NEW, EXPUNGE)))),
                Arguments.of("a NOTIFY SET STATUS (personal (MessageNew MessageExpunge))",
                        new NotifyCommand("a", true, List.of(group(filter(FilterKind.PERSONAL), NEW, EXPUNGE)))),
                Arguments.of("a notify set (selected-delayed (messagenew messageexpunge flagchange))",
                        new NotifyCommand("a", false, List.of(group(filter(FilterKind.SELECTED_DELAYED),
                                new Event(EventType.MESSAGE_NEW, "messagenew"),
                                new Event(EventType.MESSAGE_EXPUNGE, "messageexpunge"),
                                new Event(EventType.FLAG_CHANGE, "flagchange"))))),
                Arguments.of("a NOTIFY SET (selected (MessageNew (UID BODY.PEEK[HEADER.FIELDS (From Subject)]) "
                                + "MessageExpunge)) (inboxes NONE)",
                        new NotifyCommand("a", false, List.of(
                                group(filter(FilterKind.SELECTED), NEW_WITH_HEADERS, EXPUNGE),
                                group(filter(FilterKind.INBOXES))))),
                Arguments.of("a NOTIFY SET (subtree INBOX (MailboxName)) (mailboxes (Work \"Sent Items\") "
                                + "(SubscriptionChange MailboxMetadataChange ServerMetadataChange))",
                        new NotifyCommand("a", false, List.of(
                                group(filter(FilterKind.SUBTREE, "INBOX"),
                                        new Event(EventType.MAILBOX_NAME, "MailboxName")),
                                group(filter(FilterKind.MAILBOXES, "Work", "Sent Items"),
                                        new Event(EventType.SUBSCRIPTION_CHANGE, "SubscriptionChange"),
                                        new Event(EventType.MAILBOX_METADATA_CHANGE, "MailboxMetadataChange"),
                                        new Event(EventType.SERVER_METADATA_CHANGE, "ServerMetadataChange"))))),
                Arguments.of("a NOTIFY SET (subscribed (MessageNew MessageExpunge FlagChange AnnotationChange))",
                        new NotifyCommand("a", false, List.of(group(filter(FilterKind.SUBSCRIBED), NEW, EXPUNGE,
                                new Event(EventType.FLAG_CHANGE, "FlagChange"),
                                new Event(EventType.ANNOTATION_CHANGE, "AnnotationChange"))))),
                // An event-ext parses; the handler refuses it with BADEVENT.
                Arguments.of("a NOTIFY SET (personal (x-Future))",
                        new NotifyCommand("a", false, List.of(group(filter(FilterKind.PERSONAL),
                                new Event(EventType.OTHER, "x-Future"))))));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void parses(String line, ImapCommand expected) {
        assertEquals(expected, parsed(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a NOTIFY",
        "a NOTIFY bogus",
        "a NOTIFY NONE ",
        "a NOTIFY NONE (personal (MailboxName))",
        "a NOTIFY SET",
        "a NOTIFY SET ",
        "a NOTIFY SET STATUS",
        "a NOTIFY SET STATUS ()",
        "a NOTIFY SET (unknown (MessageNew MessageExpunge))",
        "a NOTIFY SET (personal MessageNew)",
        "a NOTIFY SET (personal (MessageNew MessageExpunge) )",
        "a NOTIFY SET (personal (MessageNew MessageExpunge)) ",
        "a NOTIFY SET (personal ())",
        "a NOTIFY SET (subtree (MailboxName))",
        "a NOTIFY SET (mailboxes () (MailboxName))",
        // RFC 5465 §5.2, §5.3: MessageNew and MessageExpunge together.
        "a NOTIFY SET (personal (MessageNew))",
        "a NOTIFY SET (personal (MessageExpunge))",
        // RFC 5465 §5.1: FlagChange and AnnotationChange need both.
        "a NOTIFY SET (personal (FlagChange))",
        "a NOTIFY SET (selected (AnnotationChange))",
        // RFC 5465 §8: message events only for the selected mailbox.
        "a NOTIFY SET (selected (MailboxName))",
        "a NOTIFY SET (selected-delayed (MessageNew MessageExpunge SubscriptionChange))",
        // RFC 5465 §6.1: one selected filter at most.
        "a NOTIFY SET (selected (MessageNew MessageExpunge)) (selected-delayed (MessageNew MessageExpunge))",
        "a NOTIFY SET (selected NONE) (selected NONE)",
        "a NOTIFY SET (selected (MessageNew (UID MessageExpunge))",
        "a NOTIFY SET (selected (MessageNew (NOSUCHITEM) MessageExpunge))"
    })
    void rejects(String line) {
        invalid(line);
    }
}
