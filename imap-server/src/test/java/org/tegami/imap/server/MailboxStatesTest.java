package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tegami.store.Account;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageStore;
import org.tegami.store.ModSeq;
import org.tegami.store.NewMessage;
import org.tegami.store.Uid;
import org.tegami.store.postgres.PostgresTestDatabase;

/**
 * The states kept for SELECT, against a real store (SQLite, and PostgreSQL where available): a SELECT after any change sees exactly what a fresh
 * snapshot holds, reading only the changes when it can, and a full snapshot when it must.
 */
class MailboxStatesTest {

    private TestImapServer server;
    private MailStore store;
    private Account account;
    private Mailbox inbox;
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private MailboxStates states;

    /** The store of a test server on {@code backend}; PostgreSQL only where one is available. */
    private void open(TestImapServer.Backend backend) {
        if (backend == TestImapServer.Backend.POSTGRES) {
            PostgresTestDatabase.requireAvailable();
        }
        server = new TestImapServer(backend);
        store = server.store();
        account = store.accounts().findAccount(TestImapServer.USER).orElseThrow();
        inbox = store.mailboxes().findMailbox(account.id(), "INBOX").orElseThrow();
        states = new MailboxStates(counting(store.messages()));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private List<Uid> append(int count) {
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] content = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            messages.add(new NewMessage(content, i % 3 == 0 ? Flags.of(Flags.SEEN) : Flags.NONE, Instant.now()));
        }
        return store.messages().append(inbox.id(), messages).stream().map(a -> a.uid()).toList();
    }

    private int reads(String method) {
        return reads.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    /** The state holds exactly what a snapshot taken now holds. */
    private void assertCurrent(MailboxState state) {
        MailboxSnapshot fresh = store.messages().snapshot(inbox.id());
        assertEquals(fresh.size(), state.size());
        assertEquals(fresh.highestModSeq(), state.highestModSeq());
        assertEquals(fresh.uidNext(), state.uidNext());
        assertEquals(fresh.mailbox(), state.mailbox());
        for (int i = 0; i < fresh.size(); i++) {
            assertEquals(fresh.uidAt(i), state.uidAt(i), "uid at " + i);
            assertEquals(fresh.flagsAt(i), state.flagsAt(i), "flags at " + i);
            assertEquals(fresh.modSeqAt(i), state.modSeqAt(i), "modseq at " + i);
        }
        int firstUnseen = 0;
        for (int i = 0; i < fresh.size() && firstUnseen == 0; i++) {
            firstUnseen = fresh.flagsAt(i).contains(Flags.SEEN) ? 0 : i + 1;
        }
        assertEquals(firstUnseen, state.firstUnseen());
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void aSecondSelectReusesTheStateAndReadsOnlyTheChanges(TestImapServer.Backend backend) {
        open(backend);
        append(50);
        MailboxState first = states.current(inbox);
        assertCurrent(first);
        assertEquals(1, reads("snapshot"));
        MailboxState second = states.current(inbox);
        assertSame(first, second);
        assertEquals(1, reads("snapshot"), "nothing changed: no snapshot");
        assertEquals(1, reads("changesSince"));
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void aSelectAfterAppendStoreAndExpungeSeesExactlyTheStore(TestImapServer.Backend backend) {
        open(backend);
        List<Uid> uids = append(20);
        states.current(inbox);
        append(3);
        store.messages().updateFlags(inbox.id(), List.of(uids.get(0), uids.get(4)), FlagUpdate.ADD,
                Flags.of(Flags.SEEN, "$Important"), null);
        store.messages().updateFlags(inbox.id(), List.of(uids.get(5), uids.get(6)), FlagUpdate.ADD,
                Flags.of(Flags.DELETED), null);
        store.messages().expunge(inbox.id(), null);
        store.messages().updateFlags(inbox.id(), List.of(uids.get(1)), FlagUpdate.REPLACE, Flags.NONE, null);
        MailboxState after = states.current(inbox);
        assertCurrent(after);
        assertEquals(1, reads("snapshot"), "brought up to date with one delta, not a snapshot");
        assertTrue(after.keywordsInUse().contains("$Important"));
        // An expunge alone moves HIGHESTMODSEQ too, so it is never missed.
        ModSeq before = after.highestModSeq();
        store.messages().updateFlags(inbox.id(), List.of(uids.get(7)), FlagUpdate.ADD, Flags.of(Flags.DELETED),
                null);
        MailboxState flagged = states.current(inbox);
        store.messages().expunge(inbox.id(), null);
        MailboxState expunged = states.current(inbox);
        assertCurrent(expunged);
        assertNotEquals(flagged.highestModSeq(), expunged.highestModSeq());
        assertTrue(expunged.highestModSeq().compareTo(before) > 0);
        assertEquals(1, reads("snapshot"));
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void forgottenExpungesMakeTheSelectReadASnapshot(TestImapServer.Backend backend) {
        open(backend);
        List<Uid> uids = append(10);
        states.current(inbox);
        store.messages().updateFlags(inbox.id(), uids.subList(0, 4), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        store.messages().expunge(inbox.id(), null);
        store.messages().forgetExpunges(inbox.id(), 0);
        MailboxState after = states.current(inbox);
        assertCurrent(after);
        assertEquals(2, reads("snapshot"), "the delta could not name every expunge");
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void aMailboxCreatedAgainWithANewUidValidityIsReadAfresh(TestImapServer.Backend backend) {
        open(backend);
        Mailbox other = store.mailboxes().createMailbox(account.id(), "Other", Set.of());
        store.mailboxes().createMailbox(account.id(), "Other/Child", Set.of());
        byte[] content = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        store.messages().append(other.id(), List.of(new NewMessage(content, Flags.NONE, Instant.now())));
        MailboxState old = states.current(other);
        assertEquals(1, old.size());
        // A mailbox with inferiors becomes a placeholder, and creating it again revives it with a new UIDVALIDITY.
        store.mailboxes().deleteMailbox(account.id(), "Other");
        states.announce(new MailboxChange.MailboxListChanged(account.id()));
        Mailbox again = store.mailboxes().createMailbox(account.id(), "Other", Set.of());
        MailboxState fresh = states.current(again);
        assertEquals(0, fresh.size());
        assertEquals(again.uidValidity(), fresh.mailbox().uidValidity());
        assertEquals(store.messages().snapshot(again.id()).highestModSeq(), fresh.highestModSeq());
    }

    @ParameterizedTest
    @EnumSource(TestImapServer.Backend.class)
    void aSessionsStateAfterADeltaIsTheOneKeptWhenItHoldsTheSameMessages(TestImapServer.Backend backend) {
        open(backend);
        append(5);
        MailboxState base = states.current(inbox);
        append(1);
        MailboxState selected = states.current(inbox);
        MailboxState moved = states.after(base, store.messages().changesSince(inbox.id(), base.highestModSeq()));
        assertSame(selected, moved, "sessions that moved on meet the state SELECT keeps");
    }

    /** The store's messages, counting reads by method name. */
    private MessageStore counting(MessageStore delegate) {
        return (MessageStore) java.lang.reflect.Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    reads.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
