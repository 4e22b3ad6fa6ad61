package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * NOTIFY (RFC 5465 §3.1): {@code NOTIFY NONE} (no {@code groups}), or {@code NOTIFY SET [STATUS]} with one or
 * more event groups, each a mailbox filter and the events wanted for it (none: the group's {@code NONE}).
 * The rules RFC 5465 makes part of the syntax are checked here (BAD): events that must come together
 * (§5.1, §5.2, §5.3), message events only for the selected mailbox (§6.1, §8) and at most one
 * {@code selected}/{@code selected-delayed} filter (§6.1). Whether the server supports an event is the
 * handler's question (NO [BADEVENT]).
 */
public record NotifyCommand(String tag, boolean status, List<EventGroup> groups) implements ImapCommand {

    public NotifyCommand {
        groups = List.copyOf(groups);
    }

    /** NOTIFY NONE: no event group at all. */
    public boolean none() {
        return groups.isEmpty();
    }

    /** The mailbox specifiers of RFC 5465 §6. */
    public enum FilterKind { SELECTED, SELECTED_DELAYED, INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES }

    /** A filter-mailboxes; {@code mailboxes} only for SUBTREE and MAILBOXES, as sent. */
    public record Filter(FilterKind kind, List<String> mailboxes) {
        public Filter {
            mailboxes = List.copyOf(mailboxes);
        }

        public boolean selected() {
            return kind == FilterKind.SELECTED || kind == FilterKind.SELECTED_DELAYED;
        }
    }

    /** The event types of RFC 5465 §5; {@code OTHER} is an event-ext this server does not know. */
    public enum EventType {
        MESSAGE_NEW, MESSAGE_EXPUNGE, FLAG_CHANGE, ANNOTATION_CHANGE, MAILBOX_NAME, SUBSCRIPTION_CHANGE,
        MAILBOX_METADATA_CHANGE, SERVER_METADATA_CHANGE, OTHER;

        /** RFC 5465 §8: message-event. */
        public boolean messageEvent() {
            return this == MESSAGE_NEW || this == MESSAGE_EXPUNGE || this == FLAG_CHANGE || this == ANNOTATION_CHANGE;
        }
    }

    /**
     * One event; {@code name} as the client spelled it (for an unknown one), {@code fetchAttributes} those of
     * MessageNew (RFC 5465 §5.2), empty otherwise.
     */
    public record Event(EventType type, String name, List<FetchItem> fetchAttributes) {
        public Event {
            fetchAttributes = List.copyOf(fetchAttributes);
        }

        public Event(EventType type, String name) {
            this(type, name, List.of());
        }
    }

    /** An event-group; no events stands for the group's NONE (RFC 5465 §3.1). */
    public record EventGroup(Filter filter, List<Event> events) {
        public EventGroup {
            events = List.copyOf(events);
        }

        public Set<EventType> types() {
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            events.forEach(e -> types.add(e.type()));
            return types;
        }
    }

    /** RFC 5465 §8: notify = "NOTIFY" SP (notify-set / notify-none). */
    static NotifyCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing NOTIFY arguments");
        if (in.tryWord("NONE")) {
            return new NotifyCommand(tag, false, List.of());
        }
        if (!in.tryWord("SET")) {
            throw in.fail("Expected NOTIFY SET or NOTIFY NONE");
        }
        // notify-set = "SET" [status-indicator] SP event-groups; status-indicator = SP "STATUS"
        in.expectSpace("Missing event groups");
        boolean status = false;
        if (in.tryWord("STATUS")) {
            status = true;
            in.expectSpace("Missing event groups");
        }
        List<EventGroup> groups = new ArrayList<>();
        boolean selectedSeen = false;
        do {
            EventGroup group = parseGroup(in);
            if (group.filter().selected()) {
                // RFC 5465 §6.1: only one of selected and selected-delayed in a NOTIFY command.
                if (selectedSeen) {
                    throw in.fail("Only one selected or selected-delayed filter is allowed");
                }
                selectedSeen = true;
            }
            groups.add(group);
        } while (in.tryConsume(' '));
        return new NotifyCommand(tag, status, groups);
    }

    /** event-group = "(" filter-mailboxes SP events ")". */
    private static EventGroup parseGroup(CommandReader in) {
        in.expect('(', "Expected an event group");
        in.enterNesting();
        Filter filter = parseFilter(in);
        in.expectSpace("Missing events");
        List<Event> events = new ArrayList<>();
        // events = ( "(" event *(SP event) ")" ) / "NONE"
        if (!in.tryWord("NONE")) {
            in.expect('(', "Expected an event list or NONE");
            do {
                events.add(parseEvent(in));
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid event list");
        }
        in.expect(')', "Invalid event group");
        in.leaveNesting();
        EventGroup group = new EventGroup(filter, events);
        checkCombination(group, in);
        return group;
    }

    /** filter-mailboxes = filter-mailboxes-selected / filter-mailboxes-other. */
    private static Filter parseFilter(CommandReader in) {
        String word = in.readWord("Missing mailbox filter");
        FilterKind kind = switch (word) {
            case "SELECTED" -> FilterKind.SELECTED;
            case "SELECTED-DELAYED" -> FilterKind.SELECTED_DELAYED;
            case "INBOXES" -> FilterKind.INBOXES;
            case "PERSONAL" -> FilterKind.PERSONAL;
            case "SUBSCRIBED" -> FilterKind.SUBSCRIBED;
            case "SUBTREE" -> FilterKind.SUBTREE;
            case "MAILBOXES" -> FilterKind.MAILBOXES;
            default -> throw in.fail("Unknown mailbox filter");
        };
        List<String> mailboxes = new ArrayList<>();
        if (kind == FilterKind.SUBTREE || kind == FilterKind.MAILBOXES) {
            // one-or-more-mailbox = mailbox / many-mailboxes; many-mailboxes = "(" mailbox *(SP mailbox) ")"
            in.expectSpace("Missing mailbox names");
            if (in.tryConsume('(')) {
                do {
                    mailboxes.add(in.readMailbox());
                } while (in.tryConsume(' '));
                in.expect(')', "Invalid mailbox list");
            } else {
                mailboxes.add(in.readMailbox());
            }
        }
        return new Filter(kind, mailboxes);
    }

    /**
     * event = message-event / mailbox-event / user-event / event-ext; message-event's MessageNew may carry
     * [SP "(" fetch-att *(SP fetch-att) ")"].
     */
    private static Event parseEvent(CommandReader in) {
        String name = in.readAtom("Missing event");
        EventType type = switch (name.toUpperCase(Locale.ROOT)) {
            case "MESSAGENEW" -> EventType.MESSAGE_NEW;
            case "MESSAGEEXPUNGE" -> EventType.MESSAGE_EXPUNGE;
            case "FLAGCHANGE" -> EventType.FLAG_CHANGE;
            case "ANNOTATIONCHANGE" -> EventType.ANNOTATION_CHANGE;
            case "MAILBOXNAME" -> EventType.MAILBOX_NAME;
            case "SUBSCRIPTIONCHANGE" -> EventType.SUBSCRIPTION_CHANGE;
            case "MAILBOXMETADATACHANGE" -> EventType.MAILBOX_METADATA_CHANGE;
            case "SERVERMETADATACHANGE" -> EventType.SERVER_METADATA_CHANGE;
            default -> EventType.OTHER;
        };
        if (type == EventType.MESSAGE_NEW) {
            int mark = in.mark();
            if (in.tryConsume(' ') && in.peek() == '(') {
                return new Event(type, name, FetchItemParser.parseItems(in));
            }
            in.rewind(mark);
        }
        return new Event(type, name);
    }

    private static void checkCombination(EventGroup group, CommandReader in) {
        Set<EventType> types = group.types();
        boolean newMessages = types.contains(EventType.MESSAGE_NEW);
        boolean expunges = types.contains(EventType.MESSAGE_EXPUNGE);
        // RFC 5465 §5.2, §5.3: MessageNew and MessageExpunge only together.
        if (newMessages != expunges) {
            throw in.fail("MessageNew and MessageExpunge must be requested together");
        }
        // RFC 5465 §5.1: FlagChange and AnnotationChange need MessageNew and MessageExpunge.
        if ((types.contains(EventType.FLAG_CHANGE) || types.contains(EventType.ANNOTATION_CHANGE)) && !newMessages) {
            throw in.fail("FlagChange and AnnotationChange need MessageNew and MessageExpunge");
        }
        if (group.filter().selected()) {
            // RFC 5465 §8: filter-mailboxes-selected takes message events only.
            for (EventType type : types) {
                if (!type.messageEvent() && type != EventType.OTHER) {
                    throw in.fail("Only message events can be requested for the selected mailbox");
                }
            }
        }
    }
}
