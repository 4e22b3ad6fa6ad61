package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.ContentId;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MessageStore;
import org.tegami.store.StoreError;

/**
 * What the sent copy needs of a backend: the per-account switch ({@link AccountDirectory#sentCopy}) and
 * finding a message by its content among those recently added to a mailbox ({@link MessageStore#findRecent}).
 */
public interface SentCopyContract extends StoreFixture {

    @Test
    default void theSentCopyIsOffForANewAccountAndKeepsItsSettingAcrossARestart() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        AccountDirectory dir = store().accounts();
        assertFalse(dir.sentCopy(a));
        dir.setSentCopy(a, true);
        assertTrue(dir.sentCopy(a));
        assertFalse(dir.sentCopy(b), "the setting is per account");
        reopen();
        assertTrue(store().accounts().sentCopy(a));
        store().accounts().setSentCopy(a, false);
        assertFalse(store().accounts().sentCopy(a));
    }

    @Test
    default void theSentCopyOfAMissingAccountIsNonexistent() {
        Account a = alice();
        AccountId missing = new AccountId(a.id().value() + 1000);
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().accounts().sentCopy(missing));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().accounts().setSentCopy(missing, true));
        store().accounts().deleteAccount(a.id());
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().accounts().sentCopy(a.id()));
    }

    @Test
    default void findRecentFindsTheMessageWithTheSameBytesAddedSinceTheGivenTime() {
        AccountId a = alice().id();
        Mailbox sent = mailbox(a, "Sent");
        append(sent.id(), "other");
        Appended filed = append(sent.id(), "report", Flags.SEEN);
        ContentId content = ContentId.of(message("report"));

        Optional<Appended> found = store().messages().findRecent(sent.id(), content, clock().instant());
        assertEquals(Optional.of(filed), found);
        assertEquals(sent.uidValidity(), found.orElseThrow().uidValidity());
        assertTrue(store().messages().findRecent(sent.id(), ContentId.of(message("never sent")),
                clock().instant().minus(Duration.ofDays(1))).isEmpty());
    }

    @Test
    default void findRecentIgnoresMessagesAddedBeforeTheGivenTime() {
        AccountId a = alice().id();
        Mailbox sent = mailbox(a, "Sent");
        Instant filedAt = clock().instant();
        Appended filed = append(sent.id(), "report");
        clock().advance(Duration.ofMinutes(11));
        ContentId content = ContentId.of(message("report"));
        Instant tenMinutesAgo = clock().instant().minus(Duration.ofMinutes(10));

        assertTrue(store().messages().findRecent(sent.id(), content, tenMinutesAgo).isEmpty());
        assertEquals(Optional.of(filed), store().messages().findRecent(sent.id(), content, filedAt),
                "the bound is inclusive");
    }

    @Test
    default void findRecentIsPerMailboxAndIgnoresDeletedMessages() {
        AccountId a = alice().id();
        Mailbox sent = mailbox(a, "Sent");
        Mailbox inbox = inbox(a);
        Instant since = clock().instant();
        append(inbox.id(), "report");
        ContentId content = ContentId.of(message("report"));
        assertTrue(store().messages().findRecent(sent.id(), content, since).isEmpty());

        Appended filed = append(sent.id(), "report");
        store().messages().updateFlags(sent.id(), List.of(filed.uid()), FlagUpdate.ADD, Flags.of(Flags.DELETED), null);
        assertTrue(store().messages().findRecent(sent.id(), content, since).isEmpty(),
                "a message about to be expunged is not one to answer an APPEND with");
    }

    @Test
    default void findRecentReturnsTheNewestOfSeveralAndItsCurrentModSeq() {
        AccountId a = alice().id();
        Mailbox sent = mailbox(a, "Sent");
        Instant since = clock().instant();
        append(sent.id(), "report");
        Appended second = append(sent.id(), "report");
        store().messages().updateFlags(sent.id(), List.of(second.uid()), FlagUpdate.ADD, Flags.of("$Filed"), null);
        ContentId content = ContentId.of(message("report"));

        Appended found = store().messages().findRecent(sent.id(), content, since).orElseThrow();
        assertEquals(second.uid(), found.uid());
        assertEquals(store().messages().snapshot(sent.id()).highestModSeq(), found.modSeq());
    }

    @Test
    default void aMessageCopiedOrMovedIntoTheMailboxCountsFromWhenItArrived() {
        AccountId a = alice().id();
        Mailbox sent = mailbox(a, "Sent");
        Mailbox drafts = mailbox(a, "Drafts");
        Appended draft = append(drafts.id(), "report");
        append(drafts.id(), "memo");
        clock().advance(Duration.ofHours(1));
        Instant since = clock().instant();

        store().messages().copy(drafts.id(), List.of(draft.uid()), sent.id());
        assertEquals(1, store().messages().findRecent(sent.id(), ContentId.of(message("report")), since)
                .orElseThrow().uid().value());
        store().messages().move(drafts.id(), uids(2), sent.id());
        assertEquals(2, store().messages().findRecent(sent.id(), ContentId.of(message("memo")), since)
                .orElseThrow().uid().value());
        assertTrue(store().messages().findRecent(drafts.id(), ContentId.of(message("report")), since).isEmpty(),
                "the source copy was added an hour ago");
    }

    @Test
    default void findRecentInAMissingMailboxIsNonexistent() {
        AccountId a = alice().id();
        Mailbox gone = mailbox(a, "Gone");
        store().mailboxes().deleteMailbox(a, "Gone");
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().messages().findRecent(gone.id(),
                ContentId.of(message("x")), clock().instant()));
    }

    @Test
    default void contentIdOfIsTheSha256OfTheExactBytes() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ContentId.of(new byte[0]).sha256());
        AccountId a = alice().id();
        Appended appended = append(inbox(a).id(), "report");
        assertEquals(ContentId.of(message("report")),
                store().messages().fetch(inbox(a).id(), List.of(appended.uid()), false).getFirst().content());
    }
}
