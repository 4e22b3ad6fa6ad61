package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.AccountStore;
import org.tegami.store.Appended;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MailboxStatus;
import org.tegami.store.MessageSummary;
import org.tegami.store.ModSeq;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;

/** {@link AccountStore}: the mailbox tree (RFC 9051 §6.3), subscriptions and status counters. */
public interface MailboxTreeContract extends StoreFixture {

    default List<String> names(AccountId account) {
        return store().mailboxes().listMailboxes(account).stream().map(Mailbox::name).toList();
    }

    default Mailbox find(AccountId account, String name) {
        return store().mailboxes().findMailbox(account, name).orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    default void inboxIsFoundInAnyCaseAndSpelledInUpperCase() {
        AccountId a = alice().id();
        assertEquals(Mailbox.INBOX, find(a, "inbox").name());
        assertEquals(inbox(a).id(), find(a, "InBoX").id());
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> mailbox(a, "Inbox"));
        assertEquals("INBOX/Sub", mailbox(a, "inbox/Sub").name());
        assertTrue(store().mailboxes().findMailbox(a, "work").isEmpty());
    }

    @Test
    default void namesOtherThanInboxAreCaseSensitive() {
        AccountId a = alice().id();
        mailbox(a, "Work");
        mailbox(a, "work");
        assertEquals(List.of("INBOX", "Work", "work"), names(a));
    }

    @Test
    default void createMakesMissingSuperiorsAsPlaceholders() {
        AccountId a = alice().id();
        Mailbox leaf = store().mailboxes().createMailbox(a, "a/b/c", Set.of(SpecialUse.ARCHIVE));
        assertEquals(List.of("INBOX", "a", "a/b", "a/b/c"), names(a));
        assertFalse(find(a, "a").selectable());
        assertFalse(find(a, "a/b").selectable());
        assertTrue(leaf.selectable());
        assertEquals(Set.of(SpecialUse.ARCHIVE), find(a, "a/b/c").specialUse());
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().status(find(a, "a").id()));

        Mailbox made = mailbox(a, "a");
        assertTrue(made.selectable(), "creating a placeholder's name makes it a mailbox");
        assertTrue(find(a, "a").selectable());
        assertEquals(0, store().mailboxes().status(made.id()).messages());
    }

    @Test
    default void createRejectsExistingAndMalformedNames() {
        AccountId a = alice().id();
        mailbox(a, "Work");
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> mailbox(a, "Work"));
        for (String bad : List.of("", "/a", "a/", "a//b")) {
            assertFails(StoreError.Kind.CANNOT, () -> mailbox(a, bad));
        }
        assertEquals(List.of("INBOX", "Work"), names(a));
    }

    @Test
    default void deleteRemovesTheMailboxAndItsMessages() {
        AccountId a = alice().id();
        Mailbox work = mailbox(a, "Work");
        append(work.id(), "one");
        store().mailboxes().deleteMailbox(a, "Work");
        assertEquals(List.of("INBOX"), names(a));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().status(work.id()));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().messages().snapshot(work.id()));
        assertFails(StoreError.Kind.NONEXISTENT, () -> append(work.id(), "late"));
    }

    @Test
    default void deletingInboxOrAMissingMailboxFails() {
        AccountId a = alice().id();
        assertFails(StoreError.Kind.CANNOT, () -> store().mailboxes().deleteMailbox(a, "inbox"));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().deleteMailbox(a, "Nope"));
    }

    @Test
    default void deletingAMailboxWithInferiorsLeavesAPlaceholder() {
        AccountId a = alice().id();
        Mailbox parent = mailbox(a, "a");
        mailbox(a, "a/b");
        append(parent.id(), "in parent");
        store().mailboxes().deleteMailbox(a, "a");
        assertEquals(List.of("INBOX", "a", "a/b"), names(a));
        assertFalse(find(a, "a").selectable());
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().messages().snapshot(find(a, "a").id()));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().status(parent.id()));
        // RFC 9051 §6.3.9: a \Noselect name with inferiors cannot be deleted.
        assertFails(StoreError.Kind.CANNOT, () -> store().mailboxes().deleteMailbox(a, "a"));
        store().mailboxes().deleteMailbox(a, "a/b");
        assertEquals(List.of("INBOX", "a"), names(a));
        store().mailboxes().deleteMailbox(a, "a");
        assertEquals(List.of("INBOX"), names(a));
    }

    @Test
    default void aRecreatedMailboxGetsANewUidValidity() {
        AccountId a = alice().id();
        Mailbox first = mailbox(a, "Work");
        append(first.id(), "one");
        store().mailboxes().deleteMailbox(a, "Work");
        Mailbox second = mailbox(a, "Work");
        assertNotEquals(first.uidValidity(), second.uidValidity());
        assertEquals(1, append(second.id(), "two").uid().value());
    }

    @Test
    default void uidValidityDiffersBetweenMailboxes() {
        AccountId a = alice().id();
        assertNotEquals(inbox(a).uidValidity(), mailbox(a, "Work").uidValidity());
    }

    @Test
    default void renameKeepsIdentityUidValidityAndMessagesAndRenamesInferiors() {
        AccountId a = alice().id();
        Mailbox work = mailbox(a, "Work");
        Mailbox child = mailbox(a, "Work/Projects");
        mailbox(a, "Workshop");
        Appended one = append(work.id(), "one");
        store().mailboxes().renameMailbox(a, "Work", "Archive/Job");
        assertEquals(List.of("Archive", "Archive/Job", "Archive/Job/Projects", "INBOX", "Workshop"), names(a));
        Mailbox renamed = find(a, "Archive/Job");
        assertEquals(work.id(), renamed.id());
        assertEquals(work.uidValidity(), renamed.uidValidity());
        assertEquals(child.id(), find(a, "Archive/Job/Projects").id());
        assertEquals(child.uidValidity(), find(a, "Archive/Job/Projects").uidValidity());
        assertFalse(find(a, "Archive").selectable());
        assertEquals(List.of(one.uid()),
                store().messages().snapshot(work.id()).messages().stream().map(MessageSummary::uid).toList());
        assertEquals(2, append(work.id(), "two").uid().value());
    }

    @Test
    default void renameFailures() {
        AccountId a = alice().id();
        mailbox(a, "Work");
        mailbox(a, "Home");
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().renameMailbox(a, "Nope", "Other"));
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> store().mailboxes().renameMailbox(a, "Work", "Home"));
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> store().mailboxes().renameMailbox(a, "Work", "inbox"));
        assertFails(StoreError.Kind.CANNOT, () -> store().mailboxes().renameMailbox(a, "Work", "Work/Sub"));
        assertEquals(List.of("Home", "INBOX", "Work"), names(a));
    }

    @Test
    default void renamingInboxMovesItsMessagesToANewMailboxAndLeavesInboxEmpty() {
        AccountId a = alice().id();
        Mailbox inbox = inbox(a);
        mailbox(a, "INBOX/Child");
        Appended one = append(inbox.id(), "one", Flags.SEEN);
        Appended two = append(inbox.id(), "two");
        ModSeq before = store().mailboxes().status(inbox.id()).highestModSeq();

        store().mailboxes().renameMailbox(a, "inbox", "Old");

        Mailbox old = find(a, "Old");
        assertNotEquals(inbox.id(), old.id());
        assertNotEquals(inbox.uidValidity(), old.uidValidity(), "the moved messages are a new incarnation");
        assertTrue(old.selectable());
        List<MessageSummary> moved = store().messages().snapshot(old.id()).messages();
        assertEquals(2, moved.size());
        assertEquals(Flags.of(Flags.SEEN), moved.getFirst().flags());
        assertEquals(inbox.id(), inbox(a).id(), "INBOX stays");
        assertEquals(inbox.uidValidity(), inbox(a).uidValidity());
        assertEquals(0, store().mailboxes().status(inbox.id()).messages());
        assertTrue(store().mailboxes().findMailbox(a, "INBOX/Child").isPresent(), "INBOX's inferiors stay");
        MailboxDelta delta = store().messages().changesSince(inbox.id(), before);
        assertEquals(List.of(one.uid(), two.uid()), delta.expunged(), "sessions on INBOX see the messages go");
        assertTrue(append(inbox.id(), "three").uid().compareTo(two.uid()) > 0, "INBOX never reuses a UID");
    }

    @Test
    default void subscriptionsNeedNotExistAndAreSortedAndNormalised() {
        AccountId a = alice().id();
        AccountStore boxes = store().mailboxes();
        boxes.subscribe(a, "Work");
        boxes.subscribe(a, "inbox");
        boxes.subscribe(a, "Not/There");
        boxes.subscribe(a, "Work");
        assertEquals(List.of("INBOX", "Not/There", "Work"), boxes.subscriptions(a));
        boxes.unsubscribe(a, "Not/There");
        assertEquals(List.of("INBOX", "Work"), boxes.subscriptions(a));
        assertFails(StoreError.Kind.NONEXISTENT, () -> boxes.unsubscribe(a, "Not/There"));
        assertTrue(boxes.subscriptions(account("bob@example.org").id()).isEmpty());
    }

    @Test
    default void statusCountsMessagesUnseenDeletedSizeAndRecent() {
        AccountId a = alice().id();
        Mailbox box = mailbox(a, "Work");
        MailboxStatus empty = store().mailboxes().status(box.id());
        assertEquals(0, empty.messages());
        assertEquals(1, empty.uidNext());
        assertEquals(box.uidValidity(), empty.uidValidity());

        append(box.id(), "one", Flags.SEEN);
        append(box.id(), "two", Flags.DELETED);
        Appended three = append(box.id(), "three", Flags.SEEN, Flags.DELETED);
        MailboxStatus status = store().mailboxes().status(box.id());
        assertEquals(3, status.messages());
        assertEquals(1, status.unseen());
        assertEquals(2, status.deleted());
        assertEquals(message("one").length + message("two").length + message("three").length, status.sizeOctets());
        assertEquals(3, status.recent());
        assertEquals(4, status.uidNext());
        assertEquals(three.modSeq(), status.highestModSeq());

        store().messages().claimRecent(box.id());
        assertEquals(0, store().mailboxes().status(box.id()).recent());
        append(box.id(), "four");
        assertEquals(1, store().mailboxes().status(box.id()).recent());
    }
}
