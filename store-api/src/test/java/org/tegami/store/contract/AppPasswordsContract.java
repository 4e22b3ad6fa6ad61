package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.AccountId;
import org.tegami.store.AppPassword;
import org.tegami.store.AppPasswordCredential;
import org.tegami.store.AppPasswordId;
import org.tegami.store.AppPasswords;
import org.tegami.store.LoginProtocol;
import org.tegami.store.StoreError;

/** {@link AppPasswords}: labelled extra passwords per account and the main-password switch. */
public interface AppPasswordsContract extends StoreFixture {

    private AppPasswords apps() {
        return store().appPasswords();
    }

    @Test
    default void addedAppPasswordsAreListedOldestFirstWithoutHashes() {
        Account a = alice();
        AppPassword phone = apps().add(a.id(), "phone", "hash-1", Optional.empty());
        clock().advance(Duration.ofSeconds(5));
        AppPassword laptop = apps().add(a.id(), " laptop ", "hash-2", Optional.of(LoginProtocol.SMTP));
        assertEquals("laptop", laptop.label(), "labels are trimmed");
        assertEquals(CLOCK_START, phone.createdAt());
        assertEquals(CLOCK_START.plusSeconds(5), laptop.createdAt());
        assertEquals(Optional.empty(), phone.lastUsedAt());
        assertNotEquals(phone.id(), laptop.id());
        assertEquals(List.of(phone, laptop), apps().list(a.id()));
        assertEquals(List.of(new AppPasswordCredential(phone.id(), "phone", "hash-1", Optional.empty()),
                        new AppPasswordCredential(laptop.id(), "laptop", "hash-2", Optional.of(LoginProtocol.SMTP))),
                apps().credentials(a.id()));
        assertTrue(apps().list(account("bob@example.org").id()).isEmpty(), "another account has none");
    }

    @Test
    default void labelsAreUniquePerAccountAndNotBlank() {
        Account a = alice();
        Account b = account("bob@example.org");
        apps().add(a.id(), "phone", "h", Optional.empty());
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> apps().add(a.id(), "phone", "h2", Optional.empty()));
        apps().add(b.id(), "phone", "h", Optional.empty());
        assertFails(StoreError.Kind.CANNOT, () -> apps().add(a.id(), "  ", "h", Optional.empty()));
        assertFails(StoreError.Kind.NONEXISTENT,
                () -> apps().add(new AccountId(a.id().value() + 1000), "x", "h", Optional.empty()));
    }

    @Test
    default void deletedByIdOrLabelOnlyWithinTheAccount() {
        Account a = alice();
        Account b = account("bob@example.org");
        AppPassword phone = apps().add(a.id(), "phone", "h", Optional.empty());
        AppPassword tablet = apps().add(a.id(), "tablet", "h", Optional.empty());
        assertFalse(apps().delete(b.id(), phone.id()), "bob cannot delete alice's");
        assertTrue(apps().delete(a.id(), phone.id()));
        assertFalse(apps().delete(a.id(), phone.id()));
        assertFalse(apps().deleteByLabel(b.id(), "tablet"));
        assertTrue(apps().deleteByLabel(a.id(), "tablet"));
        assertTrue(apps().list(a.id()).isEmpty());
        AppPassword again = apps().add(a.id(), "phone", "h", Optional.empty());
        assertTrue(again.id().value() > tablet.id().value(), "ids are never reused");
    }

    @Test
    default void markUsedRecordsTheLastLogin() {
        Account a = alice();
        AppPassword phone = apps().add(a.id(), "phone", "h", Optional.empty());
        Instant used = CLOCK_START.plusSeconds(60);
        apps().markUsed(phone.id(), used);
        assertEquals(Optional.of(used), apps().list(a.id()).getFirst().lastUsedAt());
        apps().markUsed(new AppPasswordId(phone.id().value() + 1000), used);
    }

    @Test
    default void mainPasswordRefusalIsOffUntilSetAndSurvivesReopening() {
        Account a = alice();
        assertFalse(apps().mainPasswordRefused(a.id()));
        apps().setMainPasswordRefused(a.id(), true);
        apps().add(a.id(), "phone", "h", Optional.of(LoginProtocol.IMAP));
        reopen();
        assertTrue(apps().mainPasswordRefused(a.id()));
        assertEquals(Optional.of(LoginProtocol.IMAP), apps().list(a.id()).getFirst().onlyFor());
        apps().setMainPasswordRefused(a.id(), false);
        assertFalse(apps().mainPasswordRefused(a.id()));
        AccountId gone = new AccountId(a.id().value() + 1000);
        assertFails(StoreError.Kind.NONEXISTENT, () -> apps().mainPasswordRefused(gone));
        assertFails(StoreError.Kind.NONEXISTENT, () -> apps().setMainPasswordRefused(gone, true));
    }

    @Test
    default void deletingTheAccountDeletesItsAppPasswords() {
        Account a = alice();
        apps().add(a.id(), "phone", "h", Optional.empty());
        store().accounts().deleteAccount(a.id());
        Account again = alice();
        assertTrue(apps().list(again.id()).isEmpty());
        assertTrue(apps().credentials(a.id()).isEmpty());
    }
}
