package org.tegami.imap.server.notify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tegami.imap.protocol.AppendCommand;
import org.tegami.imap.protocol.CopyCommand;
import org.tegami.imap.protocol.CreateCommand;
import org.tegami.imap.protocol.DeleteCommand;
import org.tegami.imap.protocol.FetchItem;
import org.tegami.imap.protocol.ImapCommand;
import org.tegami.imap.protocol.MoveCommand;
import org.tegami.imap.protocol.NotifyCommand;
import org.tegami.imap.protocol.NotifyCommand.EventType;
import org.tegami.imap.protocol.NotifyCommand.FilterKind;
import org.tegami.imap.protocol.RenameCommand;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.protocol.SubscribeCommand;
import org.tegami.imap.protocol.UnsubscribeCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.SessionState;
import org.tegami.imap.server.command.FetchHandler;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.MailboxName;
import org.tegami.store.MailboxStatus;
import org.tegami.store.SpecialUse;
import org.tegami.store.Uid;

/**
 * A session's NOTIFY (RFC 5465): the event groups the client asked for, and what it takes to report them at
 * any time rather than only after commands (§3.1). Before the client's first NOTIFY it changes nothing: RFC
 * 9051's rules for the selected mailbox apply alone. Confined to the session's thread, except
 * {@link #offer}, which the change feed calls.
 *
 * <p>For mailboxes other than the selected one it sends STATUS when their counters change (§5.2, §5.3,
 * §5.1 with HIGHESTMODSEQ), remembering the counters of at most {@code maxWatchedMailboxes} mailboxes; LIST
 * when mailboxes are created, deleted or renamed (§5.4) or subscriptions change (§5.5), found by comparing
 * the mailbox list (by {@link MailboxId}, so that a rename is told from a delete and a create) and the
 * subscriptions with the last ones it saw, kept only while such events are wanted; METADATA when an entry
 * changes (§5.7). Changes this session made itself are not reported back (§5).
 */
public final class Notifier {

    /** One event group with its mailbox names decoded (RFC 5465 §6). */
    private record Group(FilterKind kind, List<String> names, Set<EventType> types, List<FetchItem> fetch) {
        boolean none() {
            return types.isEmpty();
        }

        boolean selected() {
            return kind == FilterKind.SELECTED || kind == FilterKind.SELECTED_DELAYED;
        }
    }

    /** What a STATUS notification tells, to compare with what the client was last told. */
    private record Counters(long messages, long uidNext, long uidValidity, long highestModSeq) {
        static Counters of(MailboxStatus status) {
            return new Counters(status.messages(), status.uidNext(), status.uidValidity().value(),
                    status.highestModSeq().value());
        }
    }

    /** The events this server can report; the metadata ones only while METADATA is offered (RFC 5465 §5.7). */
    public static Set<EventType> supportedEvents(boolean metadata, boolean serverMetadata) {
        Set<EventType> events = EnumSet.of(EventType.MESSAGE_NEW, EventType.MESSAGE_EXPUNGE, EventType.FLAG_CHANGE,
                EventType.MAILBOX_NAME, EventType.SUBSCRIPTION_CHANGE);
        if (metadata) {
            events.add(EventType.MAILBOX_METADATA_CHANGE);
        }
        if (metadata || serverMetadata) {
            events.add(EventType.SERVER_METADATA_CHANGE);
        }
        return events;
    }

    private final CommandContext session;
    private final PendingChanges pending;
    /** Null until the first NOTIFY; empty after NOTIFY NONE. */
    private List<Group> groups;
    /** The mailbox list and subscriptions last reported, while MailboxName or SubscriptionChange is wanted. */
    private Map<MailboxId, Mailbox> knownMailboxes;
    private Set<String> knownSubscriptions;
    private final Map<MailboxId, Counters> knownCounters;

    public Notifier(CommandContext session, int maxWatchedMailboxes, int maxPendingNotifications) {
        this.session = session;
        this.pending = new PendingChanges(maxPendingNotifications);
        this.knownCounters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MailboxId, Counters> eldest) {
                return size() > maxWatchedMailboxes;
            }
        };
    }

    /** From the change feed's thread: remembers a change for {@link #deliver}. */
    public void offer(MailboxChange change) {
        pending.offer(change);
    }

    /** Whether the client has sent NOTIFY on this connection (since login). */
    public boolean active() {
        return groups != null;
    }

    /** RFC 5465 §3.1: whether message events of the selected mailbox are reported at all. */
    public boolean reportsSelected() {
        return groups == null || selectedGroup().map(g -> !g.none()).orElse(false);
    }

    /** RFC 5465 §6.1: {@code selected} reports at once, also when no command is in progress. */
    public boolean reportsSelectedAtOnce() {
        return groups != null && selectedGroup().map(g -> !g.none() && g.kind() == FilterKind.SELECTED).orElse(false);
    }

    /** RFC 5465 §5.1: flag changes of the selected mailbox are reported only when FlagChange was asked for. */
    public boolean reportsFlagChanges() {
        return groups == null || selectedGroup().map(g -> g.types().contains(EventType.FLAG_CHANGE)).orElse(false);
    }

    private Optional<Group> selectedGroup() {
        return groups.stream().filter(Group::selected).findFirst();
    }

    /**
     * RFC 5465 §5.2: after the EXISTS for new messages in the selected mailbox, the fetch attributes the client
     * asked for with MessageNew, as FETCH responses.
     */
    public void newMessages(List<Long> uids) {
        if (groups == null || uids.isEmpty()) {
            return;
        }
        Optional<Group> selected = selectedGroup();
        if (selected.isEmpty() || selected.get().fetch().isEmpty()) {
            return;
        }
        FetchHandler.writeUnsolicited(session, uids.stream().map(Uid::new).toList(), selected.get().fetch());
    }

    /** NOTIFY NONE (RFC 5465 §3.1): nothing is reported any more, not even for the selected mailbox. */
    public void none() {
        groups = List.of();
        knownMailboxes = null;
        knownSubscriptions = null;
        knownCounters.clear();
        pending.collect(false);
    }

    /**
     * NOTIFY SET (RFC 5465 §3.1): replaces the event groups. With {@code status}, sends a STATUS for every
     * mailbox other than the selected one for which message events are now wanted; otherwise remembers their
     * counters, so that the first notification is about a change.
     */
    public void set(NotifyCommand command) {
        List<Group> next = new ArrayList<>();
        for (NotifyCommand.EventGroup g : command.groups()) {
            List<String> names = new ArrayList<>();
            for (String wire : g.filter().mailboxes()) {
                session.names().decode(wire).ifPresent(names::add);
            }
            List<FetchItem> fetch = g.events().stream().filter(e -> e.type() == EventType.MESSAGE_NEW)
                    .findFirst().map(NotifyCommand.Event::fetchAttributes).orElse(List.of());
            next.add(new Group(g.filter().kind(), names, g.types(), fetch));
        }
        pending.collect(false);
        groups = next;
        knownCounters.clear();
        knownMailboxes = null;
        knownSubscriptions = null;
        if (!watchesOtherMailboxes()) {
            // Only the selected mailbox: the session reports it; nothing to remember or to collect.
            return;
        }
        boolean listEvents = wantsAnywhere(EventType.MAILBOX_NAME) || wantsAnywhere(EventType.SUBSCRIPTION_CHANGE);
        pending.collect(true);
        List<Mailbox> mailboxes = session.store().mailboxes().listMailboxes(session.account().id());
        Set<String> subscriptions = new HashSet<>(session.store().mailboxes().subscriptions(session.account().id()));
        if (listEvents) {
            knownMailboxes = byId(mailboxes);
            knownSubscriptions = subscriptions;
        }
        for (Mailbox m : byName(mailboxes).values()) {
            if (!m.selectable() || isSelected(m.id()) || !wantsMessageEvents(m.name(), subscriptions)) {
                continue;
            }
            MailboxStatus status = session.store().mailboxes().status(m.id());
            knownCounters.put(m.id(), Counters.of(status));
            if (command.status()) {
                // RFC 5465 §3.1: the STATUS indicator asks for the state of each mailbox now watched.
                writeStatus(m, status, wants(m.name(), EventType.FLAG_CHANGE, subscriptions));
            }
        }
    }

    /** Logout to the not-authenticated state: NOTIFY is forgotten with everything else. */
    public void reset() {
        groups = null;
        knownMailboxes = null;
        knownSubscriptions = null;
        knownCounters.clear();
        pending.collect(false);
    }

    /**
     * Before one of this session's own commands that changes mailboxes: reports what others changed so far, so
     * that {@link #afterCommand} only absorbs this command's own changes.
     */
    public void beforeCommand(ImapCommand command) {
        if (groups != null && changesMailboxes(command)) {
            deliver();
        }
    }

    /** RFC 5465 §5: the changes the client made itself are taken as known rather than reported back to it. */
    public void afterCommand(ImapCommand command) {
        if (groups == null || !changesMailboxes(command)) {
            return;
        }
        var account = session.account().id();
        switch (command) {
            case AppendCommand a -> absorbCounters(a.mailbox());
            case CopyCommand c -> absorbCounters(c.mailbox());
            case MoveCommand m -> absorbCounters(m.mailbox());
            default -> {
                if (knownMailboxes != null) {
                    knownMailboxes = byId(session.store().mailboxes().listMailboxes(account));
                    knownSubscriptions = new HashSet<>(session.store().mailboxes().subscriptions(account));
                }
            }
        }
    }

    private static boolean changesMailboxes(ImapCommand command) {
        return switch (command) {
            case AppendCommand a -> true;
            case CopyCommand c -> true;
            case MoveCommand m -> true;
            case CreateCommand c -> true;
            case DeleteCommand d -> true;
            case RenameCommand r -> true;
            case SubscribeCommand s -> true;
            case UnsubscribeCommand u -> true;
            default -> false;
        };
    }

    private void absorbCounters(String wireName) {
        Optional<String> name = session.names().decode(wireName);
        if (name.isEmpty()) {
            return;
        }
        session.store().mailboxes().findMailbox(session.account().id(), name.get()).ifPresent(m -> {
            if (knownCounters.containsKey(m.id())) {
                knownCounters.put(m.id(), Counters.of(session.store().mailboxes().status(m.id())));
            }
        });
    }

    /**
     * Reports what changed since the last call, for every mailbox but the selected one (whose messages the
     * session reports itself). After an overflow, tells the client and stops, as NOTIFY NONE (RFC 5465 §5.8).
     */
    public void deliver() {
        if (groups == null) {
            return;
        }
        PendingChanges.Batch batch = pending.drain();
        if (batch.isEmpty()) {
            return;
        }
        if (batch.overflowed()) {
            none();
            session.send(session.response()
                    .raw("* OK [NOTIFICATIONOVERFLOW] Too many changes to report; notifications are off").crlf());
            return;
        }
        var account = session.account().id();
        List<Mailbox> mailboxes = session.store().mailboxes().listMailboxes(account);
        Set<String> subscriptions = new HashSet<>(session.store().mailboxes().subscriptions(account));
        if (batch.listChanged() && knownMailboxes != null) {
            reportListChanges(mailboxes, subscriptions);
        }
        Map<MailboxId, Mailbox> byId = byId(mailboxes);
        for (MailboxId id : batch.mailboxes()) {
            Mailbox m = byId.get(id);
            if (m != null && !isSelected(id)) {
                reportCounters(m, subscriptions);
            }
        }
        for (MailboxChange.MetadataChanged change : batch.metadata()) {
            reportMetadata(change, byId, subscriptions);
        }
    }

    private void reportCounters(Mailbox m, Set<String> subscriptions) {
        if (!wantsMessageEvents(m.name(), subscriptions)) {
            return;
        }
        boolean flags = wants(m.name(), EventType.FLAG_CHANGE, subscriptions);
        MailboxStatus status = session.store().mailboxes().status(m.id());
        Counters now = Counters.of(status);
        Counters before = knownCounters.put(m.id(), now);
        boolean changed = before == null || before.messages() != now.messages() || before.uidNext() != now.uidNext()
                || before.uidValidity() != now.uidValidity()
                || (flags && before.highestModSeq() != now.highestModSeq());
        if (changed) {
            writeStatus(m, status, flags);
        }
    }

    /**
     * RFC 5465 §5.2, §5.3: MESSAGES and UIDNEXT tell of new and expunged messages, UIDVALIDITY whether the
     * client's UIDs still hold; §5.1: with FlagChange (or once CONDSTORE is enabled, RFC 7162) HIGHESTMODSEQ
     * tells of flag changes.
     */
    private void writeStatus(Mailbox m, MailboxStatus status, boolean flagChanges) {
        ResponseWriter w = session.response().raw("* STATUS ").astring(session.names().encode(m.name()))
                .raw(" (MESSAGES ").number(status.messages()).raw(" UIDNEXT ").number(status.uidNext())
                .raw(" UIDVALIDITY ").number(status.uidValidity().value());
        if (flagChanges || session.condstore()) {
            w.raw(" HIGHESTMODSEQ ").number(status.highestModSeq().value());
        }
        session.send(w.raw(")").crlf());
    }

    private void reportListChanges(List<Mailbox> mailboxes, Set<String> subscriptions) {
        Map<MailboxId, Mailbox> now = byId(mailboxes);
        Map<String, Mailbox> byName = byName(mailboxes);
        Map<MailboxId, Mailbox> before = knownMailboxes;
        Set<String> subscribedBefore = knownSubscriptions;
        knownMailboxes = now;
        knownSubscriptions = subscriptions;
        // RFC 5465 §5.4: a new mailbox, a renamed one (with its old name, RFC 9051 §7.3.1 OLDNAME) and a deleted
        // one are each told with a LIST response.
        for (Mailbox m : byName.values()) {
            Mailbox old = before.get(m.id());
            if (old == null) {
                if (wants(m.name(), EventType.MAILBOX_NAME, subscriptions)) {
                    writeList(m.name(), attributes(m.name(), m, byName, subscriptions), null);
                }
            } else if (!old.name().equals(m.name())) {
                if (wants(m.name(), EventType.MAILBOX_NAME, subscriptions)
                        || wants(old.name(), EventType.MAILBOX_NAME, subscribedBefore)) {
                    writeList(m.name(), attributes(m.name(), m, byName, subscriptions), old.name());
                }
            } else if (old.selectable() != m.selectable()
                    && wants(m.name(), EventType.MAILBOX_NAME, subscriptions)) {
                writeList(m.name(), attributes(m.name(), m, byName, subscriptions), null);
            }
        }
        for (Mailbox old : before.values()) {
            if (!now.containsKey(old.id()) && wants(old.name(), EventType.MAILBOX_NAME, subscribedBefore)) {
                writeList(old.name(), attributes(old.name(), null, byName, subscriptions), null);
            }
        }
        // RFC 5465 §5.5: a subscription change is a LIST response with or without \Subscribed.
        for (String name : new java.util.TreeSet<>(subscriptions)) {
            if (!subscribedBefore.contains(name) && wants(name, EventType.SUBSCRIPTION_CHANGE, subscriptions)) {
                writeList(name, attributes(name, byName.get(name), byName, subscriptions), null);
            }
        }
        for (String name : new java.util.TreeSet<>(subscribedBefore)) {
            if (!subscriptions.contains(name) && wants(name, EventType.SUBSCRIPTION_CHANGE, subscribedBefore)) {
                writeList(name, attributes(name, byName.get(name), byName, subscriptions), null);
            }
        }
    }

    /**
     * The attributes LIST would give the name now ({@code mailbox} null: it does not exist), with \Subscribed
     * if and only if the name is subscribed (RFC 5465 §5.5).
     */
    private static List<String> attributes(String name, Mailbox mailbox, Map<String, Mailbox> byName,
                                           Set<String> subscriptions) {
        List<String> attributes = new ArrayList<>();
        if (mailbox == null) {
            attributes.add("\\NonExistent");
        } else {
            if (!mailbox.selectable()) {
                attributes.add("\\Noselect");
            }
            String prefix = mailbox.name() + Mailbox.DELIMITER;
            boolean children = byName.keySet().stream().anyMatch(n -> n.startsWith(prefix));
            attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
            for (SpecialUse use : SpecialUse.values()) {
                if (mailbox.specialUse().contains(use)) {
                    attributes.add(use.attribute());
                }
            }
        }
        if (subscriptions.contains(name)) {
            attributes.add("\\Subscribed");
        }
        return attributes;
    }

    private void writeList(String name, List<String> attributes, String oldName) {
        List<String> shown = new ArrayList<>(attributes);
        ResponseWriter w = session.response().raw("* LIST ").atomList(shown).raw(" \"/\" ")
                .astring(session.names().encode(name));
        if (oldName != null) {
            // RFC 9051 §7.3.1: mbox-list-extended-item "OLDNAME" with the name before the rename.
            w.raw(" (\"OLDNAME\" (").astring(session.names().encode(oldName)).raw("))");
        }
        session.send(w.crlf());
    }

    /** RFC 5465 §5.7: {@code * METADATA mailbox entry}, the server's own entries under the mailbox name "". */
    private void reportMetadata(MailboxChange.MetadataChanged change, Map<MailboxId, Mailbox> byId,
                                Set<String> subscriptions) {
        String name;
        if (change.mailbox().isEmpty()) {
            if (!wantsAnywhere(EventType.SERVER_METADATA_CHANGE)) {
                return;
            }
            name = "";
        } else {
            Mailbox m = byId.get(change.mailbox().get());
            if (m == null || !wants(m.name(), EventType.MAILBOX_METADATA_CHANGE, subscriptions)) {
                return;
            }
            name = session.names().encode(m.name());
        }
        session.send(session.response().raw("* METADATA ").astring(name).space().astring(change.entry()).crlf());
    }

    private boolean isSelected(MailboxId id) {
        return session.state() instanceof SessionState.Selected s && s.mailbox().mailbox().id().equals(id);
    }

    private boolean wantsMessageEvents(String name, Set<String> subscriptions) {
        // RFC 5465 §5.2: MessageNew and MessageExpunge come together, so one stands for both.
        return wants(name, EventType.MESSAGE_NEW, subscriptions);
    }

    /** Whether a group other than the selected mailbox's asks for any event. */
    private boolean watchesOtherMailboxes() {
        return groups.stream().anyMatch(g -> !g.selected() && !g.none());
    }

    private boolean wantsAnywhere(EventType type) {
        return groups.stream().anyMatch(g -> !g.selected() && g.types().contains(type));
    }

    /**
     * Whether an event of {@code type} on mailbox {@code name} is to be reported: the groups are looked at in
     * order, the selected filters aside; a matching group with NONE ends the search (RFC 5465 §3.1).
     */
    private boolean wants(String name, EventType type, Set<String> subscriptions) {
        for (Group g : groups) {
            if (g.selected() || !matches(g, name, subscriptions)) {
                continue;
            }
            if (g.none()) {
                return false;
            }
            if (g.types().contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5465 §6.2–§6.6. */
    private static boolean matches(Group g, String name, Set<String> subscriptions) {
        return switch (g.kind()) {
            case SELECTED, SELECTED_DELAYED -> false;
            // §6.2: mail is delivered to INBOX only.
            case INBOXES -> name.equals(Mailbox.INBOX);
            // §6.3: one namespace, the account's own.
            case PERSONAL -> true;
            case SUBSCRIBED -> subscriptions.contains(name);
            case SUBTREE -> g.names().stream().anyMatch(root -> MailboxName.isSelfOrInferior(name, root));
            case MAILBOXES -> g.names().contains(name);
        };
    }

    private static Map<MailboxId, Mailbox> byId(List<Mailbox> mailboxes) {
        Map<MailboxId, Mailbox> map = new HashMap<>();
        for (Mailbox m : mailboxes) {
            map.put(m.id(), m);
        }
        return map;
    }

    /** By name, in name order (the order notifications about several mailboxes are sent in). */
    private static Map<String, Mailbox> byName(List<Mailbox> mailboxes) {
        Map<String, Mailbox> map = new TreeMap<>();
        for (Mailbox m : mailboxes) {
            map.put(m.name(), m);
        }
        return map;
    }
}
