package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.ChangeFeed;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxChange.MailboxListChanged;
import org.tegami.store.MailboxChange.MessagesChanged;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;

/**
 * {@link ChangeFeed}: every committed change is announced to the account's listeners. Delivery may be
 * asynchronous (across nodes), so tests wait for an expected change with a deadline.
 */
public interface ChangeFeedContract extends StoreFixture {

    Duration DEADLINE = Duration.ofSeconds(10);

    /** Waits until a change matching {@code wanted} arrives, skipping others; fails at the deadline. */
    default MailboxChange await(BlockingQueue<MailboxChange> queue, Predicate<MailboxChange> wanted)
            throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (true) {
            long left = Duration.between(Instant.now(), end).toMillis();
            MailboxChange change = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
            if (change == null) {
                return fail("no matching change before the deadline");
            }
            if (wanted.test(change)) {
                return change;
            }
        }
    }

    default Predicate<MailboxChange> messagesIn(MailboxId box, ModSeq modSeq) {
        return c -> c instanceof MessagesChanged m && m.mailbox().equals(box) && m.highestModSeq().equals(modSeq);
    }

    @Test
    default void appendFlagChangeAndExpungeAreAnnouncedWithTheNewHighestModSeq() throws Exception {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        BlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = store().changes().subscribe(a, queue::add)) {
            Appended appended = append(box, "one");
            await(queue, messagesIn(box, appended.modSeq()));
            ModSeq flagged = store().messages().updateFlags(box, List.of(appended.uid()), FlagUpdate.ADD,
                    Flags.of(Flags.DELETED), null).messages().getFirst().modSeq();
            await(queue, messagesIn(box, flagged));
            store().messages().expunge(box, null);
            await(queue, messagesIn(box, store().messages().snapshot(box).highestModSeq()));
        }
    }

    @Test
    default void mailboxListChangesAreAnnounced() throws Exception {
        AccountId a = alice().id();
        BlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = store().changes().subscribe(a, queue::add)) {
            mailbox(a, "Work");
            await(queue, c -> c.equals(new MailboxListChanged(a)));
            store().mailboxes().renameMailbox(a, "Work", "Job");
            await(queue, c -> c.equals(new MailboxListChanged(a)));
            store().mailboxes().subscribe(a, "Job");
            await(queue, c -> c.equals(new MailboxListChanged(a)));
            store().mailboxes().deleteMailbox(a, "Job");
            await(queue, c -> c.equals(new MailboxListChanged(a)));
        }
    }

    @Test
    default void listenersHearOnlyTheirAccountAndNothingAfterClosing() throws Exception {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        BlockingQueue<MailboxChange> forA = new LinkedBlockingQueue<>();
        BlockingQueue<MailboxChange> forB = new LinkedBlockingQueue<>();
        ChangeFeed.Subscription subA = store().changes().subscribe(a, forA::add);
        try (ChangeFeed.Subscription _ = store().changes().subscribe(b, forB::add)) {
            MailboxId inboxA = inbox(a).id();
            Appended first = append(inboxA, "for alice");
            await(forA, messagesIn(inboxA, first.modSeq()));
            subA.close();
            subA.close();
            append(inboxA, "unheard");
            // Bob's change is announced after Alice's; once Bob hears his, Alice's would have arrived too.
            MailboxId inboxB = inbox(b).id();
            Appended bobs = append(inboxB, "for bob");
            await(forB, messagesIn(inboxB, bobs.modSeq()));
            assertNull(forA.poll(), "a closed subscription hears nothing");
            for (MailboxChange c : forB) {
                assertEquals(b, c.account());
            }
        }
    }

    @Test
    default void aFailingListenerDoesNotStopTheOthers() throws Exception {
        AccountId a = alice().id();
        BlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
        try (ChangeFeed.Subscription _ = store().changes().subscribe(a, c -> {
                    throw new IllegalStateException("listener bug");
                });
                ChangeFeed.Subscription _ = store().changes().subscribe(a, queue::add)) {
            store().mailboxes().createMailbox(a, "Work", Set.of());
            await(queue, c -> c instanceof MailboxListChanged);
            Appended appended = append(inbox(a).id(), "still works");
            await(queue, messagesIn(inbox(a).id(), appended.modSeq()));
        }
    }
}
