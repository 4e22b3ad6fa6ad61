package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.tegami.message.HeaderField;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.ContentId;
import org.tegami.store.Copied;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.FlagsUpdated;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxId;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageStore;
import org.tegami.store.MessageSummary;
import org.tegami.store.MessageText;
import org.tegami.store.ModSeq;
import org.tegami.store.NewMessage;
import org.tegami.store.SortDate;
import org.tegami.store.StoreError;
import org.tegami.store.TextPart;
import org.tegami.store.Uid;

/** {@link MessageStore}: UIDs, MODSEQs, flags, copy, move, expunge, \Recent and content. */
public interface MessageStoreContract extends StoreFixture {

    default MessageStore messages() {
        return store().messages();
    }

    default MailboxId aliceInbox() {
        AccountId a = alice().id();
        return inbox(a).id();
    }

    default List<Long> uidsIn(MailboxId box) {
        return messages().snapshot(box).messages().stream().map(m -> m.uid().value()).toList();
    }

    default MessageSummary only(MailboxId box, Uid uid) {
        return messages().snapshot(box).messages().stream().filter(m -> m.uid().equals(uid)).findFirst().orElseThrow();
    }

    @Test
    default void appendGivesAscendingUidsAndIsDurablyReadable() {
        MailboxId box = aliceInbox();
        Mailbox inbox = inbox(store().accounts().findAccount("alice@example.org").orElseThrow().id());
        List<Appended> appended = messages().append(box, List.of(newMessage("one", "\\seen"), newMessage("two")));
        assertEquals(List.of(1L, 2L), appended.stream().map(x -> x.uid().value()).toList());
        assertEquals(inbox.uidValidity(), appended.getFirst().uidValidity());
        assertTrue(appended.getFirst().modSeq().value() > 0);

        List<MessageRecord> records = messages().fetch(box, uids(1, 2), false);
        MessageRecord first = records.getFirst();
        assertEquals(Flags.of(Flags.SEEN), first.flags());
        assertEquals(INTERNAL_DATE, first.internalDate());
        assertEquals(message("one").length, first.size());
        assertEquals(appended.getFirst().modSeq(), first.modSeq());
        assertNull(first.structure());
        assertArrayEquals(message("one"), store().blobs().read(first.content()));
        assertEquals(message("one").length, store().blobs().size(first.content()));
        assertArrayEquals("From:".getBytes(), store().blobs().read(first.content(), 0, 5));
        assertArrayEquals("\r\n".getBytes(), store().blobs().read(first.content(), first.size() - 2, 100),
                "a read past the end returns what there is");
        assertNotNull(messages().fetch(box, uids(2), true).getFirst().structure());
        assertEquals("two", messages().fetch(box, uids(2), true).getFirst().structure().envelope().subject());
    }

    @Test
    default void appendToAMissingOrPlaceholderMailboxIsNonexistent() {
        AccountId a = alice().id();
        mailbox(a, "a/b");
        MailboxId placeholder = store().mailboxes().findMailbox(a, "a").orElseThrow().id();
        assertFails(StoreError.Kind.NONEXISTENT, () -> append(placeholder, "x"));
        assertFails(StoreError.Kind.NONEXISTENT, () -> append(new MailboxId(987654), "x"));
    }

    @Test
    default void searchTextIsStoredWithTheContent() {
        MailboxId box = aliceInbox();
        String encoded = "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Kyoto";
        append(box, encoded);
        ContentId content = messages().fetch(box, uids(1), false).getFirst().content();
        MessageText text = messages().text(content);
        assertTrue(text.headers().contains(new HeaderField("Subject", "Grüße aus Kyoto")), text.headers().toString());
        assertTrue(text.bodyText().contains("Body of " + encoded), text.bodyText());
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().text(new ContentId("0".repeat(64))));
    }

    @Test
    default void identicalBytesAreStoredOnce() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "same");
        append(work, "same");
        ContentId x = messages().fetch(inbox, uids(1), false).getFirst().content();
        ContentId y = messages().fetch(work, uids(1), false).getFirst().content();
        assertEquals(x, y);
        assertEquals(x, store().blobs().put(message("same")));
        messages().updateFlags(inbox, uids(1), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(inbox, null);
        assertArrayEquals(message("same"), store().blobs().read(y), "the other message still has its bytes");
    }

    @Test
    default void uidsAreNeverReusedAfterExpunge() {
        MailboxId box = aliceInbox();
        append(box, "one");
        append(box, "two", Flags.DELETED);
        assertEquals(List.of(uids(2).getFirst()), messages().expunge(box, null));
        assertEquals(3, append(box, "three").uid().value());
        messages().updateFlags(box, uids(1, 3), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(box, null);
        assertEquals(4, append(box, "four").uid().value());
        assertEquals(5, messages().snapshot(box).uidNext());
    }

    @Test
    default void everyChangeTakesALargerModSeq() {
        MailboxId box = aliceInbox();
        ModSeq m0 = store().mailboxes().status(box).highestModSeq();
        ModSeq m1 = append(box, "one").modSeq();
        ModSeq m2 = append(box, "two").modSeq();
        ModSeq m3 = messages().updateFlags(box, uids(1), FlagUpdate.ADD, Flags.of(Flags.DELETED), null)
                .messages().getFirst().modSeq();
        messages().expunge(box, null);
        ModSeq m4 = store().mailboxes().status(box).highestModSeq();
        assertTrue(m0.compareTo(m1) < 0 && m1.compareTo(m2) < 0 && m2.compareTo(m3) < 0 && m3.compareTo(m4) < 0,
                List.of(m0, m1, m2, m3, m4).toString());
        assertEquals(m4, messages().snapshot(box).highestModSeq());
    }

    @Test
    default void snapshotListsEveryMessageInUidOrder() {
        MailboxId box = aliceInbox();
        messages().append(box, List.of(newMessage("a"), newMessage("b", Flags.FLAGGED), newMessage("c")));
        MailboxSnapshot snap = messages().snapshot(box);
        assertEquals(List.of(1L, 2L, 3L), snap.messages().stream().map(m -> m.uid().value()).toList());
        assertEquals(Flags.of(Flags.FLAGGED), snap.messages().get(1).flags());
        assertEquals(4, snap.uidNext());
        assertEquals(Mailbox.INBOX, snap.mailbox().name());
        assertEquals(3, snap.size());
        assertEquals(List.of(2L, 3L), List.of(snap.uidAt(1), snap.uidAt(2)));
        assertEquals(snap.messages().get(2).modSeq().value(), snap.modSeqAt(2));
        // A big mailbox has few distinct flag sets: the snapshot holds each once.
        org.junit.jupiter.api.Assertions.assertSame(snap.flagsAt(0), snap.flagsAt(2));
    }

    @Test
    default void changesSinceReportsAddedChangedAndExpunged() {
        MailboxId box = aliceInbox();
        append(box, "one");
        append(box, "two");
        append(box, "three");
        ModSeq since = messages().snapshot(box).highestModSeq();
        assertTrue(messages().changesSince(box, since).isEmpty());

        messages().updateFlags(box, uids(1), FlagUpdate.ADD, Flags.of(Flags.SEEN), null);
        messages().updateFlags(box, uids(2), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(box, null);
        Appended four = append(box, "four");
        append(box, "five", Flags.DELETED);
        messages().expunge(box, null);

        MailboxDelta delta = messages().changesSince(box, since);
        assertEquals(List.of(1L, 4L), delta.changed().stream().map(m -> m.uid().value()).toList());
        assertEquals(Flags.of(Flags.SEEN), delta.changed().getFirst().flags());
        assertEquals(four.modSeq(), delta.changed().get(1).modSeq());
        assertEquals(List.of(2L, 5L), values(delta.expunged()), "added then expunged appears only as expunged");
        assertEquals(messages().snapshot(box).highestModSeq(), delta.highestModSeq());
        assertEquals(6, delta.uidNext());
        assertEquals(List.of(1L, 3L, 4L), messages().changesSince(box, ModSeq.ZERO).changed().stream()
                .map(m -> m.uid().value()).toList());
    }

    @Test
    default void theSaveDateIsWhenTheMessageCameIntoThisMailbox() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId archive = store().mailboxes().createMailbox(a, "Archive", java.util.Set.of()).id();
        MailboxId trash = store().mailboxes().createMailbox(a, "Bin", java.util.Set.of()).id();
        append(inbox, "one");
        java.time.Instant copiedAt = clock().advance(java.time.Duration.ofHours(1));
        messages().copy(inbox, uids(1), archive);
        java.time.Instant movedAt = clock().advance(java.time.Duration.ofHours(1));
        messages().move(archive, uids(1), trash);

        MessageRecord original = messages().fetch(inbox, uids(1), false).getFirst();
        assertEquals(CLOCK_START, original.savedDate());
        assertEquals(INTERNAL_DATE, original.internalDate(), "the save date is not the internal date");
        MessageRecord moved = messages().fetch(trash, uids(1), true).getFirst();
        assertEquals(movedAt, moved.savedDate());
        assertTrue(movedAt.isAfter(copiedAt));
        assertEquals(INTERNAL_DATE, moved.internalDate());
    }

    @Test
    default void replaceAppendsAndExpungesTheOriginalInOneStep() {
        AccountId a = alice().id();
        MailboxId drafts = store().mailboxes().createMailbox(a, "Drafts", java.util.Set.of()).id();
        MailboxId sent = store().mailboxes().createMailbox(a, "Sent", java.util.Set.of()).id();
        append(drafts, "draft 1", Flags.DRAFT);
        ModSeq before = messages().snapshot(drafts).highestModSeq();

        org.tegami.store.Replaced replaced = messages().replace(drafts, new Uid(1), drafts,
                newMessage("draft 2", Flags.DRAFT));
        assertEquals(2, replaced.appended().uid().value());
        assertEquals(List.of(1L), values(replaced.expunged()), "expunged without being flagged \\Deleted");
        assertEquals(List.of(2L), uidsIn(drafts));
        MailboxDelta delta = messages().changesSince(drafts, before);
        assertEquals(List.of(1L), values(delta.expunged()));
        assertArrayEquals(message("draft 2"),
                store().blobs().read(messages().fetch(drafts, uids(2), false).getFirst().content()));

        // Into another mailbox; a UID that is gone only appends.
        org.tegami.store.Replaced moved = messages().replace(drafts, new Uid(2), sent, newMessage("final"));
        assertEquals(1, moved.appended().uid().value());
        assertEquals(List.of(), uidsIn(drafts));
        assertEquals(List.of(1L), uidsIn(sent));
        assertEquals(List.of(), messages().replace(drafts, new Uid(2), drafts, newMessage("again")).expunged());
        assertEquals(List.of(3L), uidsIn(drafts));
    }

    @Test
    default void aReplaceThatFailsChangesNothing() {
        AccountId a = alice().id();
        MailboxId drafts = store().mailboxes().createMailbox(a, "Drafts", java.util.Set.of()).id();
        MailboxId gone = store().mailboxes().createMailbox(a, "Gone", java.util.Set.of()).id();
        store().mailboxes().deleteMailbox(a, "Gone");
        append(drafts, "draft 1");
        ModSeq before = messages().snapshot(drafts).highestModSeq();
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().replace(drafts, new Uid(1), gone, newMessage("x")));
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().replace(gone, new Uid(1), drafts, newMessage("y")));
        assertEquals(List.of(1L), uidsIn(drafts), "nothing appended, nothing expunged");
        assertEquals(before, messages().snapshot(drafts).highestModSeq());
    }

    @Test
    default void forgetExpungesKeepsTheNewestAndRaisesTheHorizon() {
        MailboxId box = aliceInbox();
        for (int i = 1; i <= 5; i++) {
            append(box, "m" + i, Flags.DELETED);
        }
        assertEquals(ModSeq.ZERO, messages().expungeHorizon(box));
        assertEquals(0, messages().forgetExpunges(box, 3), "nothing remembered yet");
        ModSeq start = messages().snapshot(box).highestModSeq();
        messages().expunge(box, uids(1));
        ModSeq afterFirst = messages().snapshot(box).highestModSeq();
        messages().expunge(box, uids(2, 3));
        ModSeq afterPair = messages().snapshot(box).highestModSeq();
        messages().expunge(box, uids(4));
        messages().expunge(box, uids(5));

        // At the limit: five remembered, five kept, none forgotten.
        assertEquals(0, messages().forgetExpunges(box, 5));
        assertEquals(ModSeq.ZERO, messages().expungeHorizon(box));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), values(messages().changesSince(box, start).expunged()));

        // One past it: the oldest goes, and the horizon is its MODSEQ.
        assertEquals(1, messages().forgetExpunges(box, 4));
        assertEquals(afterFirst, messages().expungeHorizon(box));
        assertEquals(List.of(2L, 3L, 4L, 5L), values(messages().changesSince(box, afterFirst).expunged()));

        // Keeping three would split the pair expunged together: both go, so the horizon stays exact.
        assertEquals(2, messages().forgetExpunges(box, 3));
        assertEquals(afterPair, messages().expungeHorizon(box));
        assertEquals(List.of(4L, 5L), values(messages().changesSince(box, afterPair).expunged()));
        assertEquals(List.of(4L, 5L), values(messages().changesSince(box, ModSeq.ZERO).expunged()));

        // The horizon never goes down, and forgetting everything raises it to the newest expunge.
        assertEquals(0, messages().forgetExpunges(box, 10));
        assertEquals(afterPair, messages().expungeHorizon(box));
        assertEquals(2, messages().forgetExpunges(box, 0));
        assertEquals(messages().snapshot(box).highestModSeq(), messages().expungeHorizon(box));
        assertTrue(messages().changesSince(box, ModSeq.ZERO).expunged().isEmpty());
    }

    @Test
    default void theExpungeHorizonIsPerMailboxAndNeedsAnExistingMailbox() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId other = store().mailboxes().createMailbox(a, "Other", java.util.Set.of()).id();
        append(inbox, "a", Flags.DELETED);
        append(other, "b", Flags.DELETED);
        messages().expunge(inbox, null);
        messages().expunge(other, null);
        assertEquals(1, messages().forgetExpunges(inbox, 0));
        assertTrue(messages().expungeHorizon(inbox).value() > 0);
        assertEquals(ModSeq.ZERO, messages().expungeHorizon(other));
        assertEquals(List.of(1L), values(messages().changesSince(other, ModSeq.ZERO).expunged()));
        store().mailboxes().deleteMailbox(a, "Other");
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().expungeHorizon(other));
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().forgetExpunges(other, 0));
    }

    @Test
    default void updateFlagsAddsRemovesAndReplaces() {
        MailboxId box = aliceInbox();
        append(box, "one", Flags.SEEN);
        append(box, "two");
        FlagsUpdated added = messages().updateFlags(box, uids(1, 2, 99), FlagUpdate.ADD, Flags.of("\\flagged", "$Label"), null);
        assertEquals(List.of(1L, 2L), added.messages().stream().map(m -> m.uid().value()).toList());
        assertEquals(Flags.of(Flags.SEEN, Flags.FLAGGED, "$Label"), only(box, uids(1).getFirst()).flags());
        assertTrue(only(box, uids(1).getFirst()).flags().names().contains("\\Flagged"), "system flags are canonical");

        messages().updateFlags(box, uids(1), FlagUpdate.REMOVE, Flags.of(Flags.SEEN), null);
        assertEquals(Flags.of(Flags.FLAGGED, "$Label"), only(box, uids(1).getFirst()).flags());

        messages().updateFlags(box, uids(2), FlagUpdate.REPLACE, Flags.of(Flags.DRAFT), null);
        assertEquals(Flags.of(Flags.DRAFT), only(box, uids(2).getFirst()).flags());
        messages().updateFlags(box, uids(2), FlagUpdate.REPLACE, Flags.NONE, null);
        assertEquals(Flags.NONE, only(box, uids(2).getFirst()).flags());
    }

    @Test
    default void recentIsNeverStoredAsAFlag() {
        MailboxId box = aliceInbox();
        append(box, "one", "\\Recent", Flags.SEEN);
        assertEquals(Flags.of(Flags.SEEN), only(box, uids(1).getFirst()).flags());
    }

    @Test
    default void aFlagUpdateThatChangesNothingKeepsTheModSeq() {
        MailboxId box = aliceInbox();
        append(box, "one", Flags.SEEN);
        append(box, "two");
        ModSeq before = messages().snapshot(box).highestModSeq();
        ModSeq oneBefore = only(box, uids(1).getFirst()).modSeq();
        FlagsUpdated result = messages().updateFlags(box, uids(1, 2), FlagUpdate.ADD, Flags.of(Flags.SEEN), null);
        assertEquals(oneBefore, result.messages().getFirst().modSeq());
        assertTrue(result.messages().get(1).modSeq().compareTo(before) > 0);
        assertEquals(oneBefore, only(box, uids(1).getFirst()).modSeq());
        ModSeq after = messages().snapshot(box).highestModSeq();
        messages().updateFlags(box, uids(1, 2), FlagUpdate.ADD, Flags.of(Flags.SEEN), null);
        assertEquals(after, messages().snapshot(box).highestModSeq(), "nothing changed, nothing bumped");
    }

    @Test
    default void unchangedSinceLeavesNewerMessagesAloneAndReportsThemModified() {
        MailboxId box = aliceInbox();
        append(box, "one");
        append(box, "two");
        ModSeq seen = messages().snapshot(box).highestModSeq();
        messages().updateFlags(box, uids(2), FlagUpdate.ADD, Flags.of("$Changed"), null);

        FlagsUpdated result = messages().updateFlags(box, uids(1, 2), FlagUpdate.ADD, Flags.of(Flags.SEEN), seen);
        assertEquals(uids(2), result.modified());
        assertEquals(Flags.of(Flags.SEEN), only(box, uids(1).getFirst()).flags());
        assertEquals(Flags.of("$Changed"), only(box, uids(2).getFirst()).flags());
        assertEquals(2, result.messages().size());
    }

    @Test
    default void copyKeepsFlagsAndDateSharesContentAndReturnsCopyUidPairs() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        Mailbox work = mailbox(a, "Work");
        append(work.id(), "already there");
        messages().append(inbox, List.of(newMessage("one", Flags.SEEN), newMessage("two"),
                new NewMessage(message("three"), Flags.of("$Work"), Instant.parse("2020-01-02T03:04:05Z"))));
        messages().updateFlags(inbox, uids(2), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(inbox, null);

        Copied copied = messages().copy(inbox, uids(1, 2, 3), work.id());
        assertEquals(work.uidValidity(), copied.destinationValidity());
        assertEquals(List.of(1L, 3L), values(copied.sourceUids()));
        assertEquals(List.of(2L, 3L), values(copied.destinationUids()));
        List<MessageRecord> source = messages().fetch(inbox, uids(1, 3), false);
        List<MessageRecord> dest = messages().fetch(work.id(), uids(2, 3), false);
        for (int i = 0; i < 2; i++) {
            assertEquals(source.get(i).flags(), dest.get(i).flags());
            assertEquals(source.get(i).internalDate(), dest.get(i).internalDate());
            assertEquals(source.get(i).content(), dest.get(i).content());
            assertEquals(source.get(i).size(), dest.get(i).size());
        }
        assertEquals(List.of(1L, 3L), uidsIn(inbox), "copy leaves the source alone");
        assertEquals(4, messages().snapshot(work.id()).uidNext());

        Copied none = messages().copy(inbox, uids(2), work.id());
        assertTrue(none.sourceUids().isEmpty() && none.destinationUids().isEmpty());
    }

    @Test
    default void moveCopiesAndExpungesInOneStep() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        Mailbox work = mailbox(a, "Work");
        messages().append(inbox, List.of(newMessage("one", Flags.SEEN), newMessage("two"), newMessage("three")));
        ModSeq before = messages().snapshot(inbox).highestModSeq();

        Copied moved = messages().move(inbox, uids(1, 3), work.id());
        assertEquals(List.of(1L, 3L), values(moved.sourceUids()));
        assertEquals(List.of(1L, 2L), values(moved.destinationUids()));
        assertEquals(work.uidValidity(), moved.destinationValidity());
        assertEquals(List.of(2L), uidsIn(inbox));
        assertEquals(List.of(1L, 2L), uidsIn(work.id()));
        assertEquals(Flags.of(Flags.SEEN), only(work.id(), uids(1).getFirst()).flags());
        assertEquals(INTERNAL_DATE, messages().fetch(work.id(), uids(1), false).getFirst().internalDate());
        assertEquals(List.of(1L, 3L), values(messages().changesSince(inbox, before).expunged()));
        assertEquals(List.of(1L, 2L), messages().changesSince(work.id(), ModSeq.ZERO).changed().stream()
                .map(m -> m.uid().value()).toList());
    }

    @Test
    default void aMoveThatFailsChangesNothing() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        Mailbox gone = mailbox(a, "Gone");
        store().mailboxes().deleteMailbox(a, "Gone");
        append(inbox, "one");
        ModSeq before = messages().snapshot(inbox).highestModSeq();
        assertFails(StoreError.Kind.NONEXISTENT, () -> messages().move(inbox, uids(1), gone.id()));
        assertEquals(List.of(1L), uidsIn(inbox));
        assertEquals(before, messages().snapshot(inbox).highestModSeq());
        assertTrue(messages().changesSince(inbox, before).isEmpty());
    }

    @Test
    default void expungeRemovesOnlyDeletedMessagesOptionallyRestrictedToUids() {
        MailboxId box = aliceInbox();
        messages().append(box, List.of(newMessage("1", Flags.DELETED), newMessage("2"),
                newMessage("3", Flags.DELETED), newMessage("4", Flags.DELETED)));
        assertEquals(List.of(3L), values(messages().expunge(box, uids(2, 3))));
        assertEquals(List.of(1L, 2L, 4L), uidsIn(box));
        assertEquals(List.of(), messages().expunge(box, List.of()));
        assertEquals(List.of(1L, 4L), values(messages().expunge(box, null)));
        assertEquals(List.of(2L), uidsIn(box));
        assertEquals(List.of(), messages().expunge(box, null));
    }

    @Test
    default void fetchReturnsAskedForMessagesThatExistInUidOrder() {
        MailboxId box = aliceInbox();
        messages().append(box, List.of(newMessage("1"), newMessage("2"), newMessage("3"), newMessage("4")));
        assertEquals(List.of(2L, 4L), messages().fetch(box, uids(2, 4, 7), false).stream()
                .map(r -> r.uid().value()).toList());
        assertTrue(messages().fetch(box, List.of(), false).isEmpty());
    }

    @Test
    default void claimRecentHandsEachMessageToOneCallerOnly() {
        MailboxId box = aliceInbox();
        append(box, "one");
        append(box, "two");
        assertEquals(List.of(1L, 2L), values(messages().claimRecent(box)));
        assertEquals(List.of(), messages().claimRecent(box));
        append(box, "three");
        assertEquals(List.of(3L), values(messages().claimRecent(box)));
        assertEquals(List.of(), messages().claimRecent(box));
    }

    @Test
    default void concurrentAppendsGetDistinctContiguousUids() throws Exception {
        MailboxId box = aliceInbox();
        int threads = 8;
        int perThread = 10;
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // Every fifth message repeats bytes from another thread, to race dedup as well.
                    String subject = i % 5 == 0 ? "shared " + i : "t" + thread + " m" + i;
                    got.add(append(box, subject).uid().value());
                }
                return got;
            });
        }
        Set<Long> all = new HashSet<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<List<Long>> f : pool.invokeAll(tasks)) {
                List<Long> got = f.get();
                for (int i = 1; i < got.size(); i++) {
                    assertTrue(got.get(i) > got.get(i - 1), "one thread's UIDs increase");
                }
                all.addAll(got);
            }
        }
        Set<Long> expected = new HashSet<>(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertEquals(expected, all);
        assertEquals(threads * perThread + 1, messages().snapshot(box).uidNext());
        for (MessageRecord r : messages().fetch(box, uids(LongStream.rangeClosed(1, threads * perThread).toArray()), false)) {
            assertTrue(store().blobs().exists(r.content()));
        }
    }

    /** Raw message text with CRLF line ends, as bytes in the given charset. */
    private static byte[] raw(String text, java.nio.charset.Charset charset) {
        return text.replace("\n", "\r\n").getBytes(charset);
    }

    private Uid appendRaw(MailboxId box, byte[] content) {
        return messages().append(box, List.of(new NewMessage(content, Flags.NONE, INTERNAL_DATE))).getFirst().uid();
    }

    /** SEARCH's test (RFC 9051 §6.4.4), as the IMAP server applies it to {@link MessageStore#text}. */
    private static boolean searchContains(String haystack, String needle) {
        return haystack.toLowerCase(java.util.Locale.ROOT).contains(needle.toLowerCase(java.util.Locale.ROOT));
    }

    private boolean textContains(MessageText text, String needle, TextPart part) {
        boolean body = part != TextPart.HEADERS && searchContains(text.bodyText(), needle);
        boolean headers = part != TextPart.BODY && text.headers().stream()
                .anyMatch(h -> searchContains(h.value(), needle) || (part == TextPart.ANY && searchContains(h.name(), needle)));
        return body || headers;
    }

    /**
     * Asserts that {@code expected} are exactly the messages whose text contains the needle, and that each is a
     * candidate when the store narrows the search at all.
     */
    private void assertCandidates(MailboxId box, String needle, TextPart part, long... expected) {
        List<Long> matching = new ArrayList<>();
        List<MessageRecord> records = messages().fetch(box, messages().snapshot(box).messages().stream()
                .map(MessageSummary::uid).toList(), false);
        for (MessageRecord r : records) {
            if (textContains(messages().text(r.content()), needle, part)) {
                matching.add(r.uid().value());
            }
        }
        assertEquals(LongStream.of(expected).boxed().toList(), matching, "messages containing " + needle);
        java.util.Optional<List<Uid>> candidates = messages().textCandidates(box, needle, part);
        candidates.ifPresent(found -> assertTrue(values(found).containsAll(matching),
                "candidates " + found + " for " + needle + " in " + part + " include " + matching));
    }

    @Test
    default void textCandidatesIncludeEveryMessageThatContainsTheNeedle() {
        MailboxId box = aliceInbox();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        appendRaw(box, raw("""
                From: a@example.org
                Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Kyoto
                X-Custom-Field: zebra
                Content-Type: text/plain; charset=utf-8

                plain text with qzx in it
                """, utf8));
        appendRaw(box, raw("""
                From: b@example.org
                Subject: base64
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                """ + java.util.Base64.getMimeEncoder().encodeToString(
                        "Sphinx of black quartz, judge my vow".getBytes(utf8)) + "\n", utf8));
        appendRaw(box, raw("""
                From: c@example.org
                Subject: quoted-printable
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                caf=C3=A9 cr=C3=A8me br=C3=BBl=C3=A9e, soft=
                 line break
                """, utf8));
        appendRaw(box, raw("""
                From: d@example.org
                Subject: koi8-r
                Content-Type: text/plain; charset=koi8-r

                Привет, мир
                """, java.nio.charset.Charset.forName("KOI8-R")));
        appendRaw(box, raw("""
                From: e@example.org
                Subject: latin-1
                Content-Type: text/plain; charset=iso-8859-1

                Viele Grüße aus München
                """, java.nio.charset.StandardCharsets.ISO_8859_1));

        assertCandidates(box, "q", TextPart.BODY, 1, 2);
        assertCandidates(box, "q", TextPart.ANY, 1, 2, 3);
        assertCandidates(box, "qz", TextPart.BODY, 1);
        assertCandidates(box, "qzx", TextPart.BODY, 1);
        assertCandidates(box, "QZX", TextPart.ANY, 1);
        assertCandidates(box, "BLACK QUARTZ", TextPart.BODY, 2);
        assertCandidates(box, "crÈme brûlée", TextPart.BODY, 3);
        assertCandidates(box, "soft line", TextPart.BODY, 3);
        assertCandidates(box, "ПРИВЕТ", TextPart.BODY, 4);
        assertCandidates(box, "grüße aus m", TextPart.BODY, 5);
        assertCandidates(box, "GRÜSSE", TextPart.ANY);
        assertCandidates(box, "grÜße aus kyoto", TextPart.HEADERS, 1);
        assertCandidates(box, "grÜße aus kyoto", TextPart.BODY);
        assertCandidates(box, "custom-fie", TextPart.ANY, 1);
        assertCandidates(box, "zebra", TextPart.HEADERS, 1);
        assertCandidates(box, "@example.org", TextPart.HEADERS, 1, 2, 3, 4, 5);
        assertCandidates(box, "\"quoted\" text", TextPart.ANY);
    }

    @Test
    default void anExpungedMessageIsNoCandidate() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        appendRaw(inbox, raw("Subject: kept\n\nthe needle haystack\n", java.nio.charset.StandardCharsets.UTF_8));
        appendRaw(inbox, raw("Subject: gone\n\nanother needle haystack\n", java.nio.charset.StandardCharsets.UTF_8));
        // The same bytes in another mailbox keep the content, and so its text, alive.
        appendRaw(work, raw("Subject: gone\n\nanother needle haystack\n", java.nio.charset.StandardCharsets.UTF_8));
        messages().updateFlags(inbox, uids(2), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(inbox, null);

        assertCandidates(inbox, "needle hay", TextPart.BODY, 1);
        messages().textCandidates(inbox, "needle hay", TextPart.BODY)
                .ifPresent(found -> assertEquals(List.of(1L), values(found)));
        assertCandidates(work, "needle hay", TextPart.BODY, 1);
        messages().updateFlags(work, uids(1), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        messages().expunge(work, null);
        messages().textCandidates(work, "needle hay", TextPart.BODY)
                .ifPresent(found -> assertEquals(List.of(), values(found)));
    }

    /** The SORT DATE key as the structure gives it (RFC 5256 §3). */
    private List<SortDate> sortDatesFromStructure(MailboxId box, List<Uid> uids) {
        return messages().fetch(box, uids, true).stream().map(r -> new SortDate(r.uid(),
                r.structure().sentDate() != null ? r.structure().sentDate().toInstant() : r.internalDate())).toList();
    }

    @Test
    default void sortDatesAreTheSentDateOrElseTheInternalDate() {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId work = mailbox(a, "Work").id();
        append(inbox, "dated");
        appendRaw(inbox, raw("Subject: undated\n\nbody\n", java.nio.charset.StandardCharsets.UTF_8));
        appendRaw(inbox, raw("Date: the day after tomorrow\nSubject: invalid\n\nbody\n",
                java.nio.charset.StandardCharsets.UTF_8));
        List<SortDate> expected = List.of(new SortDate(new Uid(1), Instant.parse("2024-05-01T10:00:00Z")),
                new SortDate(new Uid(2), INTERNAL_DATE), new SortDate(new Uid(3), INTERNAL_DATE));
        assertEquals(expected, messages().sortDates(inbox, uids(1, 2, 3, 99)), "missing messages left out");
        assertEquals(sortDatesFromStructure(inbox, uids(1, 2, 3)), expected);
        messages().copy(inbox, uids(1, 2, 3), work);
        assertEquals(expected, messages().sortDates(work, uids(1, 2, 3)), "a copy keeps its keys");
        messages().move(work, uids(1, 3), inbox);
        assertEquals(List.of(new SortDate(new Uid(4), Instant.parse("2024-05-01T10:00:00Z")),
                new SortDate(new Uid(5), INTERNAL_DATE)), messages().sortDates(inbox, uids(4, 5)), "so does a move");
        assertEquals(List.of(), messages().sortDates(inbox, List.of()));
    }
}
