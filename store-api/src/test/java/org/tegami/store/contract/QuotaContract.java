package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountId;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.NewMessage;
import org.tegami.store.Quota;
import org.tegami.store.QuotaUsage;
import org.tegami.store.StoreError;

/**
 * Quotas (RFC 9208): one quota root per account counting all its mailboxes, limits per account or by
 * default, and the limit checked in the same atomic operation that adds messages.
 */
public interface QuotaContract extends StoreFixture {

    default AccountDirectory quotaDirectory() {
        return store().accounts();
    }

    default long size(String subject) {
        return message(subject).length;
    }

    @Test
    default void anAccountFollowsTheDefaultUntilItHasItsOwnQuotaAndKeepsItAcrossARestart() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        assertEquals(Quota.UNLIMITED, quotaDirectory().defaultQuota());
        assertEquals(Quota.UNLIMITED, quotaDirectory().quota(a));
        assertEquals(Optional.empty(), quotaDirectory().ownQuota(a));
        quotaDirectory().setDefaultQuota(new Quota(10_000, 0));
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(5_000, 7)));
        reopen();
        assertEquals(new Quota(5_000, 7), quotaDirectory().quota(a));
        assertEquals(Optional.of(new Quota(5_000, 7)), quotaDirectory().ownQuota(a));
        assertEquals(new Quota(10_000, 0), quotaDirectory().quota(b), "bob follows the default");
        quotaDirectory().setOwnQuota(a, Optional.empty());
        assertEquals(new Quota(10_000, 0), quotaDirectory().quota(a));
    }

    @Test
    default void usageCountsEveryMailboxOfTheAccountAndNoOther() {
        AccountId a = alice().id();
        AccountId b = account("bob@example.org").id();
        Mailbox archive = mailbox(a, "Archive");
        append(inbox(a).id(), "one");
        append(archive.id(), "two");
        append(inbox(b).id(), "bob's");
        assertEquals(new QuotaUsage(size("one") + size("two"), 2), quotaDirectory().quotaUsage(a));
        assertEquals(new QuotaUsage(size("bob's"), 1), quotaDirectory().quotaUsage(b));
        store().messages().updateFlags(archive.id(), uids(1), org.tegami.store.FlagUpdate.ADD,
                Flags.of(Flags.DELETED), null);
        store().messages().expunge(archive.id(), null);
        assertEquals(new QuotaUsage(size("one"), 1), quotaDirectory().quotaUsage(a));
    }

    @Test
    default void anAppendExactlyAtTheStorageLimitPassesAndOneByteOverFails() {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(size("one") + size("two"), 0)));
        append(box, "one");
        // One byte more than "two" takes the account one byte past the limit: refused, nothing stored.
        byte[] two = message("two");
        NewMessage tooBig = new NewMessage(java.util.Arrays.copyOf(two, two.length + 1), Flags.of(), INTERNAL_DATE);
        assertEquals(size("two") + 1, tooBig.content().length);
        assertFails(StoreError.Kind.OVER_QUOTA, () -> store().messages().append(box, List.of(tooBig)));
        assertEquals(new QuotaUsage(size("one"), 1), quotaDirectory().quotaUsage(a));
        append(box, "two");
        assertEquals(new QuotaUsage(size("one") + size("two"), 2), quotaDirectory().quotaUsage(a));
    }

    @Test
    default void theMessageLimitCountsMessagesAndAMultiappendIsAllOrNothing() {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(0, 2)));
        append(box, "one");
        assertFails(StoreError.Kind.OVER_QUOTA,
                () -> store().messages().append(box, List.of(newMessage("two"), newMessage("three"))));
        assertEquals(1, quotaDirectory().quotaUsage(a).messages());
        append(box, "two");
        assertFails(StoreError.Kind.OVER_QUOTA, () -> append(box, "three"));
    }

    @Test
    default void aCopyOverQuotaFailsAndAMoveWithinTheAccountDoesNot() {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        Mailbox archive = mailbox(a, "Archive");
        append(box, "one");
        append(box, "two");
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(0, 3)));
        assertFails(StoreError.Kind.OVER_QUOTA, () -> store().messages().copy(box, uids(1, 2), archive.id()));
        assertEquals(List.of(), store().messages().snapshot(archive.id()).messages());
        store().messages().copy(box, uids(1), archive.id());
        assertEquals(3, quotaDirectory().quotaUsage(a).messages());
        // At the limit, a move changes nothing in the usage, so it passes.
        store().messages().move(box, uids(2), archive.id());
        assertEquals(2, store().messages().snapshot(archive.id()).messages().size());
        assertEquals(3, quotaDirectory().quotaUsage(a).messages());
    }

    @Test
    default void aReplaceThatDoesNotGrowTheUsagePassesAtTheLimit() {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        append(box, "draft");
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(size("draft"), 1)));
        store().messages().replace(box, uids(1).getFirst(), box, newMessage("draf"));
        assertEquals(new QuotaUsage(size("draf"), 1), quotaDirectory().quotaUsage(a));
        assertFails(StoreError.Kind.OVER_QUOTA,
                () -> store().messages().replace(box, uids(2).getFirst(), box, newMessage("draft plus")));
    }

    @Test
    default void aLoweredLimitRemovesNothingButRefusesAdditions() {
        AccountId a = alice().id();
        MailboxId box = inbox(a).id();
        append(box, "one");
        append(box, "two");
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(0, 1)));
        assertEquals(2, quotaDirectory().quotaUsage(a).messages());
        assertFails(StoreError.Kind.OVER_QUOTA, () -> append(box, "three"));
        store().messages().updateFlags(box, uids(1), org.tegami.store.FlagUpdate.ADD, Flags.of(Flags.SEEN), null);
    }

    @Test
    default void appendsRacingForTheLastFreeMessageSlotCannotBothPass() throws Exception {
        AccountId a = alice().id();
        MailboxId inbox = inbox(a).id();
        MailboxId archive = mailbox(a, "Archive").id();
        int writers = 8;
        quotaDirectory().setOwnQuota(a, Optional.of(new Quota(0, writers / 2)));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            MailboxId target = i % 2 == 0 ? inbox : archive;
            String subject = "racer " + i;
            tasks.add(() -> {
                try {
                    append(target, subject);
                    return true;
                } catch (StoreError e) {
                    assertEquals(StoreError.Kind.OVER_QUOTA, e.kind(), e.getMessage());
                    return false;
                }
            });
        }
        int passed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                passed += f.get() ? 1 : 0;
            }
        }
        assertEquals(writers / 2, passed);
        assertEquals(writers / 2, quotaDirectory().quotaUsage(a).messages());
        assertTrue(quotaDirectory().quotaUsage(a).messages() <= quotaDirectory().quota(a).messages());
    }

    @Test
    default void theQuotaOfAMissingAccountIsNonexistent() {
        AccountId missing = new AccountId(alice().id().value() + 1000);
        assertFails(StoreError.Kind.NONEXISTENT, () -> quotaDirectory().quota(missing));
        assertFails(StoreError.Kind.NONEXISTENT, () -> quotaDirectory().quotaUsage(missing));
        assertFails(StoreError.Kind.NONEXISTENT, () -> quotaDirectory().setOwnQuota(missing, Optional.of(Quota.UNLIMITED)));
    }
}
