package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tegami.store.Account;
import org.tegami.store.AccountDirectory;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxSpec;
import org.tegami.store.NewAccount;
import org.tegami.store.SpecialUse;
import org.tegami.store.StoreError;

/** {@link AccountDirectory}: accounts, their initial mailboxes, and local domains. */
public interface AccountDirectoryContract extends StoreFixture {

    @Test
    default void addressesAreStoredLowerCasedAndFoundInAnyCase() {
        Account created = account("Alice@Example.ORG");
        assertEquals("alice@example.org", created.address());
        AccountDirectory dir = store().accounts();
        assertEquals(created, dir.findAccount("ALICE@example.org").orElseThrow());
        assertEquals(created, dir.findAccount(created.id()).orElseThrow());
        assertTrue(dir.findAccount("bob@example.org").isEmpty());
        assertTrue(dir.findAccount(new AccountId(created.id().value() + 1000)).isEmpty());
    }

    @Test
    default void aTakenAddressIsAlreadyExistsInAnyCase() {
        alice();
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> account("ALICE@example.org"));
        assertEquals(1, store().accounts().listAccounts().size());
    }

    @Test
    default void createAccountCreatesInboxAndTheInitialMailboxesWithTheirSuperiors() {
        Account a = store().accounts().createAccount("carol@example.org", "hash", List.of(
                new MailboxSpec("Sent", Set.of(SpecialUse.SENT)),
                new MailboxSpec("Archive/2024", Set.of(SpecialUse.ARCHIVE)),
                new MailboxSpec("inbox", Set.of())));
        List<Mailbox> boxes = store().mailboxes().listMailboxes(a.id());
        assertEquals(List.of("Archive", "Archive/2024", "INBOX", "Sent"), boxes.stream().map(Mailbox::name).toList());
        assertFalse(boxes.get(0).selectable(), "a superior created for a child is a placeholder");
        assertEquals(Set.of(SpecialUse.ARCHIVE), boxes.get(1).specialUse());
        assertTrue(boxes.get(2).selectable());
        assertEquals(Set.of(SpecialUse.SENT), boxes.get(3).specialUse());
    }

    @Test
    default void createAccountWithABadMailboxNameCreatesNothing() {
        assertFails(StoreError.Kind.CANNOT, () -> store().accounts().createAccount("dave@example.org", "hash",
                List.of(new MailboxSpec("a//b", Set.of()))));
        assertTrue(store().accounts().findAccount("dave@example.org").isEmpty());
    }

    @Test
    default void createAccountsCreatesEveryAccountWithItsMailboxesAndTheMissingDomains() {
        AccountDirectory dir = store().accounts();
        assertTrue(dir.addDomain("example.org"));
        List<Account> created = dir.createAccounts(List.of(
                new NewAccount("Erin@Example.org", "hash-e", List.of(new MailboxSpec("Sent", Set.of(SpecialUse.SENT)))),
                new NewAccount("frank@example.net", "hash-f", List.of())),
                Set.of("example.org", "Example.NET"));
        assertEquals(List.of("erin@example.org", "frank@example.net"), created.stream().map(Account::address).toList());
        assertEquals(created.get(0), dir.findAccount("erin@example.org").orElseThrow());
        assertEquals("hash-f", dir.findAccount("frank@example.net").orElseThrow().passwordHash());
        assertEquals(List.of("INBOX", "Sent"),
                store().mailboxes().listMailboxes(created.get(0).id()).stream().map(Mailbox::name).toList());
        assertEquals(Set.of(SpecialUse.SENT),
                store().mailboxes().listMailboxes(created.get(0).id()).get(1).specialUse());
        assertEquals(List.of("INBOX"),
                store().mailboxes().listMailboxes(created.get(1).id()).stream().map(Mailbox::name).toList());
        assertEquals(List.of("example.net", "example.org"), dir.listDomains());
    }

    @Test
    default void createAccountsWithOneTakenAddressCreatesNothing() {
        alice();
        AccountDirectory dir = store().accounts();
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> dir.createAccounts(List.of(
                new NewAccount("grace@example.com", "hash", List.of(new MailboxSpec("Sent", Set.of(SpecialUse.SENT)))),
                new NewAccount("ALICE@example.org", "hash", List.of())),
                Set.of("example.com")));
        assertEquals(List.of("alice@example.org"), dir.listAccounts().stream().map(Account::address).toList());
        assertFalse(dir.isLocalDomain("example.com"));
        assertEquals(List.of(), dir.listDomains());
    }

    @Test
    default void createAccountsWithAnAddressListedTwiceCreatesNothing() {
        AccountDirectory dir = store().accounts();
        assertFails(StoreError.Kind.ALREADY_EXISTS, () -> dir.createAccounts(List.of(
                new NewAccount("heidi@example.org", "hash", List.of()),
                new NewAccount("Heidi@example.org", "hash", List.of())),
                Set.of()));
        assertTrue(dir.listAccounts().isEmpty());
    }

    @Test
    default void createAccountsWithABadMailboxNameCreatesNothing() {
        AccountDirectory dir = store().accounts();
        assertFails(StoreError.Kind.CANNOT, () -> dir.createAccounts(List.of(
                new NewAccount("ivan@example.org", "hash", List.of()),
                new NewAccount("judy@example.org", "hash", List.of(new MailboxSpec("a//b", Set.of())))),
                Set.of("example.org")));
        assertTrue(dir.listAccounts().isEmpty());
        assertTrue(dir.listDomains().isEmpty());
    }

    @Test
    default void passwordHashIsReplaced() {
        Account a = alice();
        store().accounts().updatePasswordHash(a.id(), "new-hash");
        assertEquals("new-hash", store().accounts().findAccount(a.id()).orElseThrow().passwordHash());
        assertFails(StoreError.Kind.NONEXISTENT,
                () -> store().accounts().updatePasswordHash(new AccountId(a.id().value() + 1000), "x"));
    }

    @Test
    default void accountsAreListedByAddress() {
        account("zoe@example.org");
        account("adam@example.org");
        account("mia@example.com");
        assertEquals(List.of("adam@example.org", "mia@example.com", "zoe@example.org"),
                store().accounts().listAccounts().stream().map(Account::address).toList());
    }

    @Test
    default void deletingAnAccountRemovesItsMailboxesMessagesAndSubscriptions() {
        Account a = alice();
        Account b = account("bob@example.org");
        Mailbox work = mailbox(a.id(), "Work");
        Appended kept = append(inbox(b.id()).id(), "shared");
        append(work.id(), "shared");
        Appended gone = append(inbox(a.id()).id(), "only alice");
        store().mailboxes().subscribe(a.id(), "Work");
        var onlyAlice = store().messages().fetch(inbox(a.id()).id(), List.of(gone.uid()), false).getFirst().content();
        var shared = store().messages().fetch(inbox(b.id()).id(), List.of(kept.uid()), false).getFirst().content();

        store().accounts().deleteAccount(a.id());

        assertTrue(store().accounts().findAccount(a.id()).isEmpty());
        assertTrue(store().mailboxes().listMailboxes(a.id()).isEmpty());
        assertTrue(store().mailboxes().subscriptions(a.id()).isEmpty());
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().mailboxes().status(work.id()));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().messages().text(onlyAlice));
        assertEquals(1, store().messages().snapshot(inbox(b.id()).id()).messages().size(),
                "another account's message with the same bytes survives");
        assertTrue(store().blobs().exists(shared));
        assertFails(StoreError.Kind.NONEXISTENT, () -> store().accounts().deleteAccount(a.id()));
        assertEquals("alice@example.org", alice().address(), "the address can be taken again");
    }

    @Test
    default void domainsAreLowerCasedSortedAndAddedOnce() {
        AccountDirectory dir = store().accounts();
        assertTrue(dir.addDomain("Example.ORG"));
        assertFalse(dir.addDomain("example.org"));
        assertTrue(dir.addDomain("a.example"));
        assertEquals(List.of("a.example", "example.org"), dir.listDomains());
        assertTrue(dir.isLocalDomain("EXAMPLE.org"));
        assertFalse(dir.isLocalDomain("example.net"));
        assertTrue(dir.deleteDomain("EXAMPLE.ORG"));
        assertFalse(dir.deleteDomain("example.org"));
        assertEquals(List.of("a.example"), dir.listDomains());
    }
}
