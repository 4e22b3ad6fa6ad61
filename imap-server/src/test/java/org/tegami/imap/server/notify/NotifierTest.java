package org.tegami.imap.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.SaslMechanism;
import org.tegami.imap.protocol.CommandParser;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.imap.protocol.NotifyCommand;
import org.tegami.imap.protocol.ParseResult;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.ImapSettings;
import org.tegami.imap.server.MailboxNames;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.imap.server.SessionState;
import org.tegami.store.Account;
import org.tegami.store.ChangeFeed;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxSpec;
import org.tegami.store.NewMessage;
import org.tegami.store.Uid;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The notifier against a real SQLite store and its change feed, with the session's output recorded: the
 * metadata events (RFC 5465 §5.7, reachable by clients once METADATA is offered), the pending-change limit
 * (NOTIFICATIONOVERFLOW, §5.8) and the watched-mailbox limit, each at the limit and one past it.
 */
class NotifierTest {

    private Path dir;
    private MailStore store;
    private Account account;
    private RecordedSession session;
    private ChangeFeed.Subscription subscription;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createTempDirectory("tegami-notifier-test");
        store = SqliteMailStore.open(dir);
        store.accounts().addDomain("example.org");
        account = store.accounts().createAccount("alice@example.org", "x",
                List.of(new MailboxSpec("A", Set.of()), new MailboxSpec("B", Set.of()), new MailboxSpec("C", Set.of())));
    }

    @AfterEach
    void close() {
        if (subscription != null) {
            subscription.close();
        }
        store.close();
    }

    /** A notifier as a session has it, fed by the store's change feed as the session's subscription feeds it. */
    private Notifier notifier(int maxWatchedMailboxes, int maxPendingNotifications) {
        session = new RecordedSession(store, account);
        Notifier notifier = new Notifier(session, maxWatchedMailboxes, maxPendingNotifications);
        session.notifier = notifier;
        subscription = store.changes().subscribe(account.id(), notifier::offer);
        return notifier;
    }

    private static NotifyCommand notify(String arguments) {
        ParseResult result = new CommandParser(ImapLimits.DEFAULTS)
                .parse(("n NOTIFY " + arguments).getBytes(StandardCharsets.US_ASCII));
        return (NotifyCommand) ((ParseResult.Parsed) result).command();
    }

    private Mailbox mailbox(String name) {
        return store.mailboxes().findMailbox(account.id(), name).orElseThrow();
    }

    private void append(String mailbox) {
        store.messages().append(mailbox(mailbox).id(), List.of(new NewMessage(
                "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), Flags.of(), Instant.now())));
    }

    /** The SQLite feed publishes what its transactions commit; a metadata entry is published as one would be. */
    private void publish(MailboxChange change) throws ReflectiveOperationException {
        Method publish = store.changes().getClass().getDeclaredMethod("publish", List.class);
        publish.setAccessible(true);
        publish.invoke(store.changes(), List.of(change));
    }

    @Test
    void metadataChangesBecomeUnsolicitedMetadataResponses() throws ReflectiveOperationException {
        Notifier notifier = notifier(ImapSettings.DEFAULT_MAX_WATCHED_MAILBOXES,
                ImapSettings.DEFAULT_MAX_PENDING_NOTIFICATIONS);
        notifier.set(notify("SET (mailboxes A (MailboxMetadataChange)) (inboxes (ServerMetadataChange))"));
        publish(new MailboxChange.MetadataChanged(account.id(), Optional.of(mailbox("A").id()), "/private/comment"));
        publish(new MailboxChange.MetadataChanged(account.id(), Optional.of(mailbox("B").id()), "/private/comment"));
        publish(new MailboxChange.MetadataChanged(account.id(), Optional.empty(), "/shared/vendor/tegami/motd"));
        notifier.deliver();
        assertEquals(List.of("* METADATA A /private/comment", "* METADATA \"\" /shared/vendor/tegami/motd"),
                session.sent);

        session.sent.clear();
        notifier.set(notify("SET (personal (MessageNew MessageExpunge))"));
        publish(new MailboxChange.MetadataChanged(account.id(), Optional.of(mailbox("A").id()), "/private/comment"));
        notifier.deliver();
        assertEquals(List.of(), session.sent, "metadata changes are reported only when asked for");
    }

    @Test
    void pendingChangesUpToTheLimitAreReported() {
        Notifier notifier = notifier(ImapSettings.DEFAULT_MAX_WATCHED_MAILBOXES, 2);
        notifier.set(notify("SET (personal (MessageNew MessageExpunge))"));
        append("A");
        append("B");
        append("A");
        notifier.deliver();
        assertEquals(2, session.sent.size(), session.sent.toString());
        assertTrue(session.sent.get(0).startsWith("* STATUS A (MESSAGES 2 UIDNEXT 3 UIDVALIDITY "), session.sent.toString());
        assertTrue(session.sent.get(1).startsWith("* STATUS B (MESSAGES 1 UIDNEXT 2 UIDVALIDITY "), session.sent.toString());
    }

    @Test
    void onePendingChangePastTheLimitOverflowsAndStopsNotifying() {
        Notifier notifier = notifier(ImapSettings.DEFAULT_MAX_WATCHED_MAILBOXES, 2);
        notifier.set(notify("SET (selected (MessageNew MessageExpunge)) (personal (MessageNew MessageExpunge))"));
        append("A");
        append("B");
        append("C");
        notifier.deliver();
        // RFC 5465 §5.8: the untagged OK, then behave as after NOTIFY NONE.
        assertEquals(List.of("* OK [NOTIFICATIONOVERFLOW] Too many changes to report; notifications are off"),
                session.sent);
        assertTrue(notifier.active());
        assertFalse(notifier.reportsSelected(), "after the overflow not even the selected mailbox is reported");
        session.sent.clear();
        append("A");
        notifier.deliver();
        assertEquals(List.of(), session.sent);
    }

    @Test
    void watchedMailboxesUpToTheLimitGetStatusOnlyWhenTheirCountersChange() {
        // INBOX, A, B and C: four watched mailboxes.
        Notifier notifier = notifier(4, ImapSettings.DEFAULT_MAX_PENDING_NOTIFICATIONS);
        append("A");
        notifier.set(notify("SET (personal (MessageNew MessageExpunge))"));
        store.messages().updateFlags(mailbox("A").id(), List.of(new Uid(1)), FlagUpdate.ADD, Flags.of(Flags.FLAGGED),
                null);
        notifier.deliver();
        assertEquals(List.of(), session.sent, "a flag change is no MessageNew or MessageExpunge");
    }

    @Test
    void oneWatchedMailboxPastTheLimitIsForgottenAndReportedWithoutComparison() {
        Notifier notifier = notifier(3, ImapSettings.DEFAULT_MAX_PENDING_NOTIFICATIONS);
        append("A");
        // Remembered in name order A, B, C, INBOX: A, the eldest, is forgotten.
        notifier.set(notify("SET (personal (MessageNew MessageExpunge))"));
        store.messages().updateFlags(mailbox("A").id(), List.of(new Uid(1)), FlagUpdate.ADD, Flags.of(Flags.FLAGGED),
                null);
        store.messages().updateFlags(mailbox("A").id(), List.of(new Uid(1)), FlagUpdate.REMOVE,
                Flags.of(Flags.FLAGGED), null);
        notifier.deliver();
        assertEquals(1, session.sent.size(), session.sent.toString());
        assertTrue(session.sent.getFirst().startsWith("* STATUS A (MESSAGES 1 UIDNEXT 2 "), session.sent.toString());
        // Remembered again now: the next flag change is compared and not reported.
        session.sent.clear();
        store.messages().updateFlags(mailbox("A").id(), List.of(new Uid(1)), FlagUpdate.ADD, Flags.of(Flags.SEEN),
                null);
        notifier.deliver();
        assertEquals(List.of(), session.sent);
    }

    /** What a session shows the notifier: its account, the store, and output recorded as lines. */
    private static final class RecordedSession implements CommandContext {
        private final MailStore store;
        private final Account account;
        final List<String> sent = new ArrayList<>();
        Notifier notifier;

        RecordedSession(MailStore store, Account account) {
            this.store = store;
            this.account = account;
        }

        @Override
        public SessionState state() {
            return new SessionState.Authenticated(account);
        }

        @Override
        public void setState(SessionState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Account account() {
            return account;
        }

        @Override
        public SelectedMailbox selected() {
            throw new IllegalStateException("no mailbox selected");
        }

        @Override
        public MailStore store() {
            return store;
        }

        @Override
        public ImapSettings settings() {
            return ImapSettings.defaults("localhost");
        }

        @Override
        public boolean imap4rev2() {
            return true;
        }

        @Override
        public void enableImap4rev2() {
        }

        @Override
        public boolean condstore() {
            return false;
        }

        @Override
        public void enableCondstore() {
        }

        @Override
        public boolean uidOnly() {
            return false;
        }

        @Override
        public void enableUidOnly() {
        }

        @Override
        public boolean utf8Accept() {
            return false;
        }

        @Override
        public void enableUtf8Accept() {
        }

        @Override
        public boolean qresync() {
            return false;
        }

        @Override
        public void enableQresync() {
        }

        @Override
        public boolean tls() {
            return true;
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String capabilities() {
            return "IMAP4rev2 NOTIFY";
        }

        @Override
        public MailboxNames names() {
            return new MailboxNames(true);
        }

        @Override
        public ResponseWriter response() {
            return new ResponseWriter();
        }

        @Override
        public void send(ResponseWriter response) {
            String text = new String(response.buffer(), 0, response.length(), StandardCharsets.UTF_8);
            sent.add(text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text);
        }

        @Override
        public void reportUpdates(boolean allowExpunge) {
        }

        @Override
        public void startTls(String tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean compressing() {
            return false;
        }

        @Override
        public void startCompression(String tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void beginIdle(String tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SaslMechanism mechanism(String name) {
            return null;
        }

        @Override
        public void beginSasl(String tag, SaslMechanism mechanism, byte[] initialResponse) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void loggedIn(Account account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void loginFailed() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unauthenticate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void progress(String tag, long done, long goal) {
        }

        @Override
        public Notifier notifier() {
            return notifier;
        }

        @Override
        public void logout() {
            throw new UnsupportedOperationException();
        }
    }
}
