package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Annotation;
import org.tegami.store.Annotations;
import org.tegami.store.ChangeFeed;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.StoreError;

/**
 * Metadata entries (RFC 5464): per mailbox and per account's server entries, private and shared scopes kept
 * apart, all-or-nothing sets, the entry limit checked in the same atomic operation, removal with the mailbox,
 * identity kept across a rename, and one change event per entry.
 */
public interface AnnotationsContract extends StoreFixture {

    int MAX = 10;

    default Annotations annotations() {
        return store().annotations();
    }

    default byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    default Map<String, Optional<byte[]>> values(Object... pairs) {
        Map<String, Optional<byte[]>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            map.put((String) pairs[i], value == null ? Optional.empty()
                    : Optional.of(value instanceof byte[] b ? b : bytes((String) value)));
        }
        return map;
    }

    default List<String> names(List<Annotation> entries) {
        return entries.stream().map(Annotation::entry).toList();
    }

    @Test
    default void entriesAreSetReadInNameOrderReplacedAndRemovedAndSurviveARestart() {
        AccountId a = alice().id();
        Optional<MailboxId> box = Optional.of(inbox(a).id());
        annotations().set(a, box, values("/shared/comment", "shared one", "/private/comment", "mine",
                "/private/vendor/example/a/b", "deep"), MAX);
        reopen();
        List<Annotation> entries = annotations().entries(a, box);
        assertEquals(List.of("/private/comment", "/private/vendor/example/a/b", "/shared/comment"), names(entries));
        assertArrayEquals(bytes("mine"), entries.getFirst().value());
        annotations().set(a, box, values("/private/comment", "changed", "/shared/comment", null), MAX);
        assertEquals(List.of(new Annotation("/private/comment", bytes("changed")),
                new Annotation("/private/vendor/example/a/b", bytes("deep"))), annotations().entries(a, box));
    }

    @Test
    default void privateAndSharedEntriesOfTheSamePathAreDistinct() {
        AccountId a = alice().id();
        Optional<MailboxId> box = Optional.of(inbox(a).id());
        annotations().set(a, box, values("/private/comment", "p", "/shared/comment", "s"), MAX);
        annotations().set(a, box, values("/private/comment", null), MAX);
        assertEquals(List.of(new Annotation("/shared/comment", bytes("s"))), annotations().entries(a, box));
    }

    @Test
    default void valuesAreBinarySafeAndMayBeEmpty() {
        AccountId a = alice().id();
        byte[] binary = {0, 1, (byte) 0xff, 13, 10, 0};
        annotations().set(a, Optional.empty(), values("/private/vendor/example/bin", binary,
                "/private/empty", new byte[0]), MAX);
        List<Annotation> entries = annotations().entries(a, Optional.empty());
        assertEquals(List.of(new Annotation("/private/empty", new byte[0]),
                new Annotation("/private/vendor/example/bin", binary)), entries);
    }

    @Test
    default void serverEntriesAreTheAccountsOwnAndApartFromMailboxEntries() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        annotations().set(a, Optional.empty(), values("/private/comment", "alice's server note"), MAX);
        annotations().set(a, Optional.of(inbox(a).id()), values("/private/comment", "inbox note"), MAX);
        assertEquals(List.of(new Annotation("/private/comment", bytes("alice's server note"))),
                annotations().entries(a, Optional.empty()));
        assertEquals(List.of(), annotations().entries(b, Optional.empty()));
        assertEquals(List.of(), annotations().entries(b, Optional.of(inbox(b).id())));
    }

    @Test
    default void anotherAccountsMailboxIsNonexistent() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        Optional<MailboxId> alicesInbox = Optional.of(inbox(a).id());
        assertFails(StoreError.Kind.NONEXISTENT, () -> annotations().entries(b, alicesInbox));
        assertFails(StoreError.Kind.NONEXISTENT, () -> annotations().set(b, alicesInbox, values("/shared/x", "y"), MAX));
        assertEquals(List.of(), annotations().entries(a, alicesInbox));
    }

    @Test
    default void exactlyMaxEntriesFitAndOneMoreIsTooManyWithNothingChanged() {
        AccountId a = alice().id();
        Optional<MailboxId> box = Optional.of(inbox(a).id());
        Map<String, Optional<byte[]>> nine = new LinkedHashMap<>();
        for (int i = 0; i < MAX - 1; i++) {
            nine.put("/private/e" + i, Optional.of(bytes("v" + i)));
        }
        annotations().set(a, box, nine, MAX);
        // The tenth entry reaches the limit; an eleventh, set together with a change to an existing one, fails whole.
        annotations().set(a, box, values("/shared/tenth", "10"), MAX);
        assertEquals(MAX, annotations().entries(a, box).size());
        assertFails(StoreError.Kind.TOO_MANY, () -> annotations().set(a, box,
                values("/private/e0", "changed", "/shared/eleventh", "11"), MAX));
        assertEquals(MAX, annotations().entries(a, box).size());
        assertArrayEquals(bytes("v0"), annotations().entries(a, box).getFirst().value(), "nothing was changed");
        // At the limit, replacing and removing still work, and a removal makes room in the same call.
        annotations().set(a, box, values("/private/e0", "replaced"), MAX);
        annotations().set(a, box, values("/private/e1", null, "/shared/eleventh", "11"), MAX);
        assertEquals(MAX, annotations().entries(a, box).size());
        // The limit counts per mailbox: the server entries and another mailbox have their own.
        annotations().set(a, Optional.empty(), nine, MAX);
        annotations().set(a, Optional.of(mailbox(a, "Other").id()), nine, MAX);
    }

    @Test
    default void twoSetsRacingForTheLastFreeEntryCannotBothWin() throws Exception {
        AccountId a = alice().id();
        Optional<MailboxId> box = Optional.of(inbox(a).id());
        Map<String, Optional<byte[]>> nine = new LinkedHashMap<>();
        for (int i = 0; i < MAX - 1; i++) {
            nine.put("/private/e" + i, Optional.of(bytes("v" + i)));
        }
        annotations().set(a, box, nine, MAX);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (String name : List.of("/shared/left", "/shared/right")) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        annotations().set(a, box, values(name, "x"), MAX);
                        return true;
                    } catch (StoreError e) {
                        assertEquals(StoreError.Kind.TOO_MANY, e.kind(), e.getMessage());
                        return false;
                    }
                }));
            }
            start.countDown();
            int won = 0;
            for (java.util.concurrent.Future<Boolean> result : results) {
                won += result.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(MAX, annotations().entries(a, box).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void removingAnEntryThatDoesNotExistIsNoChange() throws Exception {
        AccountId a = alice().id();
        BlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = store().changes().subscribe(a, queue::add)) {
            annotations().set(a, Optional.empty(), values("/private/missing", null), MAX);
            annotations().set(a, Optional.empty(), values("/private/present", "x"), MAX);
            // Changes arrive in commit order, so the removal, had it been announced, would come first.
            assertEquals(new MailboxChange.MetadataChanged(a, Optional.empty(), "/private/present"),
                    awaitMetadataChange(queue));
        }
        assertEquals(List.of("/private/present"), names(annotations().entries(a, Optional.empty())));
    }

    @Test
    default void eachEntrySetOrRemovedIsPublished() throws Exception {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        BlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = store().changes().subscribe(a, queue::add)) {
            annotations().set(a, Optional.of(box), values("/private/old", "x"), MAX);
            assertEquals(new MailboxChange.MetadataChanged(a, Optional.of(box), "/private/old"),
                    awaitMetadataChange(queue));
            annotations().set(a, Optional.of(box), values("/private/old", null, "/shared/new", "y"), MAX);
            List<MailboxChange> got = List.of(awaitMetadataChange(queue), awaitMetadataChange(queue));
            assertTrue(got.contains(new MailboxChange.MetadataChanged(a, Optional.of(box), "/private/old")), got::toString);
            assertTrue(got.contains(new MailboxChange.MetadataChanged(a, Optional.of(box), "/shared/new")), got::toString);
        }
    }

    /** The next metadata change, skipping others (an account's creation may still be on its way across nodes). */
    default MailboxChange awaitMetadataChange(BlockingQueue<MailboxChange> queue) throws InterruptedException {
        java.time.Instant end = java.time.Instant.now().plusSeconds(10);
        while (true) {
            long left = java.time.Duration.between(java.time.Instant.now(), end).toMillis();
            MailboxChange change = left > 0 ? queue.poll(left, java.util.concurrent.TimeUnit.MILLISECONDS) : null;
            if (change == null) {
                throw new AssertionError("no metadata change before the deadline");
            }
            if (change instanceof MailboxChange.MetadataChanged) {
                return change;
            }
        }
    }

    @Test
    default void entriesGoWithTheirMailboxAndFollowARename() {
        AccountId a = alice().id();
        Mailbox work = mailbox(a, "Work");
        Mailbox child = mailbox(a, "Work/Child");
        annotations().set(a, Optional.of(work.id()), values("/shared/comment", "work"), MAX);
        annotations().set(a, Optional.of(child.id()), values("/shared/comment", "child"), MAX);
        store().mailboxes().renameMailbox(a, "Work", "Job");
        Mailbox job = store().mailboxes().findMailbox(a, "Job").orElseThrow();
        assertEquals(work.id(), job.id());
        assertEquals(List.of(new Annotation("/shared/comment", bytes("work"))),
                annotations().entries(a, Optional.of(job.id())));
        store().mailboxes().deleteMailbox(a, "Job/Child");
        assertFails(StoreError.Kind.NONEXISTENT, () -> annotations().entries(a, Optional.of(child.id())));
        Mailbox again = mailbox(a, "Job/Child");
        assertEquals(List.of(), annotations().entries(a, Optional.of(again.id())), "a new mailbox inherits nothing");
    }

    @Test
    default void renamingInboxCopiesItsEntriesToTheNewMailboxAndInboxKeepsThem() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        annotations().set(a, Optional.of(inbox), values("/shared/comment", "incoming", "/private/comment", "mine"), MAX);
        store().mailboxes().renameMailbox(a, Mailbox.INBOX, "Old mail");
        MailboxId moved = store().mailboxes().findMailbox(a, "Old mail").orElseThrow().id();
        List<Annotation> expected = List.of(new Annotation("/private/comment", bytes("mine")),
                new Annotation("/shared/comment", bytes("incoming")));
        assertEquals(expected, annotations().entries(a, Optional.of(moved)));
        assertEquals(expected, annotations().entries(a, Optional.of(inbox)));
        annotations().set(a, Optional.of(moved), values("/shared/comment", null), MAX);
        assertEquals(expected, annotations().entries(a, Optional.of(inbox)), "copies, not shared rows");
    }

    @Test
    default void deletingAnAccountRemovesItsEntries() {
        AccountId a = alice().id();
        annotations().set(a, Optional.empty(), values("/private/comment", "x"), MAX);
        annotations().set(a, Optional.of(inbox(a).id()), values("/private/comment", "y"), MAX);
        store().accounts().deleteAccount(a);
        AccountId again = alice().id();
        assertEquals(List.of(), annotations().entries(again, Optional.empty()));
    }

}
