package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tegami.store.ContentId;
import org.tegami.store.DeliveryState;
import org.tegami.store.MailQueue;
import org.tegami.store.MailboxId;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;
import org.tegami.store.QueueRecipient;
import org.tegami.store.RecipientOutcome;
import org.tegami.store.StoreError;

/**
 * {@link MailQueue}: durable entries, leases that keep two deliverers apart and expire when a holder
 * dies, per-recipient outcomes, and the content reference the queue holds. Time comes from
 * {@link #clock()} and from the instants passed in, never from sleeping.
 */
public interface MailQueueContract extends StoreFixture {

    Duration LEASE = Duration.ofMinutes(5);

    default MailQueue queue() {
        return store().queue();
    }

    default NewQueueEntry outbound(String subject, String... recipients) {
        return new NewQueueEntry("alice@example.org",
                Arrays.stream(recipients).map(r -> new NewQueueEntry.Recipient(r, null, null)).toList(),
                message(subject), null, false, false);
    }

    default QueueEntry enqueue(String subject, String... recipients) {
        return queue().enqueue(outbound(subject, recipients));
    }

    default List<QueueId> ids(List<QueueEntry> entries) {
        return entries.stream().map(QueueEntry::id).toList();
    }

    default QueueEntry current(QueueEntry entry) {
        return queue().find(entry.id()).orElseThrow();
    }

    default QueueRecipient recipient(QueueEntry entry, String address) {
        return entry.recipients().stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow();
    }

    default RecipientOutcome outcome(String address, DeliveryState state, String result) {
        return new RecipientOutcome(address, state, result);
    }

    @Test
    default void anEnqueuedMessageIsFoundAndListedWithAllItsParametersAndItsContent() {
        NewQueueEntry wanted = new NewQueueEntry("alice@example.org", List.of(
                new NewQueueEntry.Recipient("Bob@Example.net", "SUCCESS,FAILURE", "rfc822;bob@example.net"),
                new NewQueueEntry.Recipient("carol@example.com", null, null)),
                message("queued"), "envid-1", true, true);
        QueueEntry entry = queue().enqueue(wanted);

        assertEquals("alice@example.org", entry.sender());
        assertEquals(message("queued").length, entry.size());
        assertEquals(CLOCK_START, entry.queuedAt());
        assertEquals(CLOCK_START, entry.nextAttempt(), "due at once");
        assertEquals("envid-1", entry.envelopeId());
        assertTrue(entry.returnFullMessage());
        assertTrue(entry.requireTls());
        assertEquals(List.of(
                new QueueRecipient("Bob@Example.net", DeliveryState.PENDING, 0, null, null, "SUCCESS,FAILURE",
                        "rfc822;bob@example.net"),
                new QueueRecipient("carol@example.com", DeliveryState.PENDING, 0, null, null, null, null)),
                entry.recipients(), "recipients in RCPT order, addresses as given");
        assertArrayEquals(message("queued"), store().blobs().read(entry.content()));

        assertEquals(Optional.of(entry), queue().find(entry.id()));
        assertEquals(List.of(entry), queue().list());
        assertTrue(queue().find(new QueueId(entry.id().value() + 1000)).isEmpty());
    }

    @Test
    default void theNullSenderAndAbsentParametersAreKept() {
        QueueEntry bounce = queue().enqueue(new NewQueueEntry("",
                List.of(new NewQueueEntry.Recipient("alice@example.org", null, null)), message("bounce"), null, false,
                false));
        QueueEntry found = current(bounce);
        assertEquals("", found.sender());
        assertNull(found.envelopeId());
        assertFalse(found.returnFullMessage());
        assertFalse(found.requireTls());
        assertNull(found.recipients().getFirst().notifyConditions());
        assertNull(found.recipients().getFirst().originalRecipient());
    }

    @Test
    default void aMessageWithoutRecipientsIsRefused() {
        assertFails(StoreError.Kind.CANNOT, () -> enqueue("nobody"));
        assertTrue(queue().list().isEmpty());
        assertTrue(queue().nextDue().isEmpty());
    }

    @Test
    default void theListIsOldestFirstWhateverTheNextAttempts() {
        QueueEntry first = enqueue("first", "bob@example.net");
        clock().advance(Duration.ofSeconds(1));
        QueueEntry second = enqueue("second", "bob@example.net");
        clock().advance(Duration.ofSeconds(1));
        QueueEntry third = enqueue("third", "bob@example.net");
        queue().claimDue(clock().instant(), LEASE, 1);
        queue().recordAttempt(first.id(), List.of(outcome("bob@example.net", DeliveryState.PENDING, "451 later")),
                clock().instant().plus(Duration.ofHours(1)));
        assertEquals(List.of(first.id(), second.id(), third.id()), ids(queue().list()));
    }

    @Test
    default void claimDueTakesDueEntriesOldestDueFirstUpToMax() {
        Instant t0 = clock().instant();
        QueueEntry a = enqueue("a", "bob@example.net");
        clock().advance(Duration.ofSeconds(1));
        QueueEntry b = enqueue("b", "bob@example.net");
        clock().advance(Duration.ofSeconds(1));
        QueueEntry c = enqueue("c", "bob@example.net");

        assertEquals(List.of(a.id()), ids(queue().claimDue(t0, LEASE, 10)), "only what is due at now");
        Instant later = t0.plusSeconds(2);
        assertEquals(List.of(b.id()), ids(queue().claimDue(later, LEASE, 1)), "at most max");
        assertEquals(List.of(c.id()), ids(queue().claimDue(later, LEASE, 10)));
        assertEquals(List.of(), queue().claimDue(later, LEASE, 10));
        assertEquals(List.of(), queue().claimDue(later.plus(LEASE), LEASE, 0));
    }

    @Test
    default void aClaimReturnsTheEntryAsStored() {
        QueueEntry entry = enqueue("whole", "bob@example.net", "carol@example.com");
        assertEquals(List.of(entry), queue().claimDue(clock().instant(), LEASE, 1));
    }

    @Test
    default void aClaimedEntryIsNotClaimedAgainBeforeItsLeaseEndsAndIsAfter() {
        Instant now = clock().instant();
        QueueEntry entry = enqueue("leased", "bob@example.net");
        assertEquals(List.of(entry.id()), ids(queue().claimDue(now, LEASE, 10)));
        assertEquals(List.of(), queue().claimDue(now, LEASE, 10));
        assertEquals(List.of(), queue().claimDue(now.plus(LEASE).minusMillis(1), LEASE, 10));
        // Its holder never reported back (it crashed): the entry is due again once the lease is over.
        Instant expired = now.plus(LEASE);
        assertEquals(List.of(entry.id()), ids(queue().claimDue(expired, LEASE, 10)));
        assertEquals(List.of(), queue().claimDue(expired.plus(LEASE).minusMillis(1), LEASE, 10),
                "the new claim has a new lease");
    }

    @Test
    default void concurrentClaimsNeverHandTheSameEntryToTwoCallers() throws Exception {
        int entries = 30;
        int threads = 4;
        for (int i = 0; i < entries; i++) {
            enqueue("concurrent " + i, "bob@example.net");
        }
        Instant now = clock().instant();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<List<QueueId>>> claimers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            claimers.add(() -> {
                start.await();
                List<QueueId> mine = new ArrayList<>();
                while (true) {
                    List<QueueEntry> claimed = queue().claimDue(now, LEASE, 2);
                    if (claimed.isEmpty()) {
                        return mine;
                    }
                    mine.addAll(ids(claimed));
                }
            });
        }
        List<QueueId> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<QueueId>>> futures = claimers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<List<QueueId>> f : futures) {
                all.addAll(f.get());
            }
        }
        assertEquals(entries, all.size(), "every entry claimed exactly once");
        assertEquals(entries, new HashSet<>(all).size(), "no entry claimed twice");
        assertEquals(Set.copyOf(ids(queue().list())), Set.copyOf(all));
    }

    @Test
    default void anAttemptIsRecordedPerRecipientAndOnlyThePendingOnesStayDue() {
        QueueEntry entry = enqueue("partial", "bob@example.net", "carol@example.com", "dave@example.org");
        queue().claimDue(clock().instant(), LEASE, 1);
        Instant attempted = clock().advance(Duration.ofSeconds(30));
        // Before the end of the lease taken above, to see that recording the attempt released it.
        Instant retry = attempted.plus(Duration.ofMinutes(1));
        queue().recordAttempt(entry.id(), List.of(
                outcome("bob@example.net", DeliveryState.DELIVERED, "250 2.0.0 ok"),
                outcome("carol@example.com", DeliveryState.PENDING, "451 4.3.0 try later")), retry);

        QueueEntry after = current(entry);
        assertEquals(new QueueRecipient("bob@example.net", DeliveryState.DELIVERED, 1, attempted, "250 2.0.0 ok",
                null, null), recipient(after, "bob@example.net"));
        assertEquals(new QueueRecipient("carol@example.com", DeliveryState.PENDING, 1, attempted,
                "451 4.3.0 try later", null, null), recipient(after, "carol@example.com"));
        assertEquals(new QueueRecipient("dave@example.org", DeliveryState.PENDING, 0, null, null, null, null),
                recipient(after, "dave@example.org"), "a recipient not in the attempt is untouched");
        assertEquals(List.of("carol@example.com", "dave@example.org"),
                after.pending().stream().map(QueueRecipient::address).toList());
        assertEquals(retry, after.nextAttempt());
        assertEquals(entry.queuedAt(), after.queuedAt());

        assertEquals(List.of(), queue().claimDue(retry.minusMillis(1), LEASE, 10), "not due before its next attempt");
        assertEquals(List.of(entry.id()), ids(queue().claimDue(retry, LEASE, 10)),
                "the lease was released: due at the next attempt, not at the end of the old lease");
    }

    @Test
    default void attemptsAreCountedAcrossAttempts() {
        QueueEntry entry = enqueue("again", "bob@example.net");
        for (int i = 1; i <= 3; i++) {
            Instant now = clock().advance(Duration.ofMinutes(1));
            assertEquals(1, queue().claimDue(now, LEASE, 10).size());
            queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.PENDING, "451 #" + i)),
                    now);
        }
        QueueRecipient bob = current(entry).recipients().getFirst();
        assertEquals(3, bob.attempts());
        assertEquals("451 #3", bob.lastResult());
        assertEquals(clock().instant(), bob.lastAttempt());
    }

    @Test
    default void whenNoRecipientIsPendingTheEntryAndItsContentGo() {
        QueueEntry entry = enqueue("done", "bob@example.net", "carol@example.com");
        QueueEntry other = enqueue("other", "bob@example.net");
        Instant next = clock().instant().plusSeconds(60);
        queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.DELIVERED, "250")), next);
        assertTrue(store().blobs().exists(entry.content()));
        queue().recordAttempt(entry.id(), List.of(outcome("carol@example.com", DeliveryState.FAILED, "550 no")), next);

        assertTrue(queue().find(entry.id()).isEmpty());
        assertEquals(List.of(other.id()), ids(queue().list()));
        assertFalse(store().blobs().exists(entry.content()), "no message shares it, so the file is gone");
        assertTrue(store().blobs().exists(other.content()));
        assertFails(StoreError.Kind.NONEXISTENT, () -> queue().recordAttempt(entry.id(),
                List.of(outcome("carol@example.com", DeliveryState.FAILED, "550")), next));
    }

    @Test
    default void anOutcomeForNoRecipientOrTwiceForOneChangesNothing() {
        QueueEntry entry = enqueue("strict", "bob@example.net", "carol@example.com");
        Instant next = clock().instant().plusSeconds(60);
        assertFails(StoreError.Kind.CANNOT, () -> queue().recordAttempt(entry.id(), List.of(
                outcome("bob@example.net", DeliveryState.DELIVERED, "250"),
                outcome("mallory@example.net", DeliveryState.DELIVERED, "250")), next));
        assertFails(StoreError.Kind.CANNOT, () -> queue().recordAttempt(entry.id(), List.of(
                outcome("bob@example.net", DeliveryState.DELIVERED, "250"),
                outcome("bob@example.net", DeliveryState.FAILED, "550")), next));
        assertEquals(entry, current(entry));
    }

    @Test
    default void aLateOutcomeDoesNotUndoASettledRecipient() {
        QueueEntry entry = enqueue("late", "bob@example.net", "carol@example.com");
        Instant next = clock().instant().plusSeconds(60);
        queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.DELIVERED, "250")), next);
        queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.PENDING, "451")), next);
        QueueRecipient bob = recipient(current(entry), "bob@example.net");
        assertEquals(DeliveryState.DELIVERED, bob.state());
        assertEquals(1, bob.attempts());
        assertEquals("250", bob.lastResult());
    }

    @Test
    default void deleteRemovesTheEntryAndReleasesItsContent() {
        QueueEntry entry = enqueue("deleted", "bob@example.net");
        assertTrue(queue().delete(entry.id()));
        assertFalse(queue().delete(entry.id()));
        assertTrue(queue().find(entry.id()).isEmpty());
        assertTrue(queue().list().isEmpty());
        assertFalse(store().blobs().exists(entry.content()));
        assertTrue(queue().nextDue().isEmpty());
    }

    @Test
    default void theSameBytesQueuedTwiceShareTheContentUntilBothAreGone() {
        QueueEntry one = enqueue("twice", "bob@example.net");
        QueueEntry two = enqueue("twice", "carol@example.com");
        assertEquals(one.content(), two.content());
        assertTrue(queue().delete(one.id()));
        assertArrayEquals(message("twice"), store().blobs().read(two.content()));
        assertTrue(queue().delete(two.id()));
        assertFalse(store().blobs().exists(two.content()));
    }

    @Test
    default void contentSharedWithAMailboxMessageStaysWhenTheEntryGoes() {
        MailboxId sent = inbox(alice().id()).id();
        append(sent, "sent copy");
        QueueEntry entry = enqueue("sent copy", "bob@example.net");
        ContentId content = store().messages().fetch(sent, uids(1), false).getFirst().content();
        assertEquals(content, entry.content());

        queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.DELIVERED, "250")),
                clock().instant());
        assertTrue(queue().find(entry.id()).isEmpty());
        assertArrayEquals(message("sent copy"), store().blobs().read(content));
        assertTrue(store().messages().text(content).bodyText().contains("Body of sent copy"),
                "the searchable text stays with the content");
    }

    @Test
    default void aQueuedMessageKeepsItsContentWhenTheMailboxCopyIsExpunged() {
        MailboxId sent = inbox(alice().id()).id();
        QueueEntry entry = enqueue("sent copy", "bob@example.net");
        append(sent, "sent copy", "\\Deleted");
        store().messages().expunge(sent, null);
        assertArrayEquals(message("sent copy"), store().blobs().read(entry.content()));
        assertTrue(queue().delete(entry.id()));
        assertFalse(store().blobs().exists(entry.content()));
    }

    @Test
    default void retryNowMakesAnEntryDueAndDropsItsLease() {
        QueueEntry entry = enqueue("retry", "bob@example.net");
        Instant now = clock().instant();
        queue().claimDue(now, LEASE, 1);
        queue().recordAttempt(entry.id(), List.of(outcome("bob@example.net", DeliveryState.PENDING, "451")),
                now.plus(Duration.ofHours(1)));
        Instant soon = now.plusSeconds(10);
        assertTrue(queue().retryNow(entry.id(), soon));
        assertEquals(soon, current(entry).nextAttempt());
        assertEquals(List.of(entry.id()), ids(queue().claimDue(soon, LEASE, 1)));

        assertTrue(queue().retryNow(entry.id(), soon), "also while leased");
        assertEquals(List.of(entry.id()), ids(queue().claimDue(soon, LEASE, 1)), "the lease is gone");
        assertFalse(queue().retryNow(new QueueId(entry.id().value() + 1000), soon));
    }

    @Test
    default void nextDueIsTheEarliestMomentAnEntryCanBeClaimed() {
        assertTrue(queue().nextDue().isEmpty());
        Instant t0 = clock().instant();
        QueueEntry a = enqueue("a", "bob@example.net");
        assertEquals(Optional.of(t0), queue().nextDue());

        queue().recordAttempt(a.id(), List.of(outcome("bob@example.net", DeliveryState.PENDING, "451")),
                t0.plus(Duration.ofMinutes(10)));
        assertEquals(Optional.of(t0.plus(Duration.ofMinutes(10))), queue().nextDue());

        Instant t1 = clock().advance(Duration.ofMinutes(1));
        QueueEntry b = enqueue("b", "bob@example.net");
        assertEquals(Optional.of(t1), queue().nextDue());

        assertEquals(List.of(b.id()), ids(queue().claimDue(t1, LEASE, 10)));
        assertEquals(Optional.of(t1.plus(LEASE)), queue().nextDue(),
                "a leased entry is not due before its lease ends");
    }

    @Test
    default void entriesSurviveAReopenAndALeaseTakenBeforeACrashExpires() {
        Instant t0 = clock().instant();
        QueueEntry leased = enqueue("leased", "bob@example.net");
        QueueEntry partial = enqueue("partial", "bob@example.net", "carol@example.com");
        QueueEntry waiting = enqueue("waiting", "dave@example.org");
        assertEquals(List.of(leased.id()), ids(queue().claimDue(t0, LEASE, 1)));
        queue().claimDue(t0, LEASE, 1);
        queue().recordAttempt(partial.id(), List.of(
                outcome("bob@example.net", DeliveryState.DELIVERED, "250"),
                outcome("carol@example.com", DeliveryState.PENDING, "451")), t0.plusSeconds(60));
        List<QueueEntry> before = queue().list();

        reopen();

        assertEquals(before, queue().list());
        assertArrayEquals(message("leased"), store().blobs().read(leased.content()));
        assertEquals(List.of(waiting.id()), ids(queue().claimDue(t0.plusSeconds(30), LEASE, 10)),
                "the lease taken before the restart still holds");
        assertEquals(List.of(leased.id(), partial.id()), ids(queue().claimDue(t0.plus(LEASE), LEASE, 10)),
                "and expires like any other");
    }
}
