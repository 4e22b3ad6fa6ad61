package org.tegami.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;
import org.tegami.store.Account;
import org.tegami.store.AccountId;
import org.tegami.store.Appended;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.NewMessage;
import org.tegami.store.StoreError;
import org.tegami.store.Uid;

/**
 * What every contract needs: the backend under test, given fresh and empty to each test, and a few
 * ways to fill it. A backend's test class implements the contract interfaces and {@link #store()}.
 */
public interface StoreFixture {

    Instant INTERNAL_DATE = Instant.parse("2024-05-01T10:15:30Z");

    /** The store under test; empty at the start of each test. */
    MailStore store();

    /** A start time for {@link #clock()}, a whole second so millisecond storage keeps it exact. */
    Instant CLOCK_START = Instant.parse("2024-05-01T12:00:00Z");

    /**
     * The clock the store under test reads when it timestamps something itself; it starts at
     * {@link #CLOCK_START} in each test and moves only when the test moves it.
     */
    SettableClock clock();

    /**
     * Closes the store and opens it again on the same data, as a restart of the server would; after this
     * {@link #store()} is the reopened store. Whatever was acknowledged before must still be there.
     */
    void reopen();

    default Account account(String address) {
        return store().accounts().createAccount(address, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", List.of());
    }

    default Account alice() {
        return account("alice@example.org");
    }

    default Mailbox inbox(AccountId account) {
        return store().mailboxes().findMailbox(account, Mailbox.INBOX).orElseThrow();
    }

    default Mailbox mailbox(AccountId account, String name) {
        return store().mailboxes().createMailbox(account, name, Set.of());
    }

    /** A small, valid RFC 5322 message whose bytes differ for each subject. */
    default byte[] message(String subject) {
        return ("From: Bob <bob@example.net>\r\n"
                + "To: Alice <alice@example.org>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Wed, 1 May 2024 12:00:00 +0200\r\n"
                + "Message-ID: <" + Integer.toHexString(subject.hashCode()) + "@example.net>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "\r\n"
                + "Body of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    default NewMessage newMessage(String subject, String... flags) {
        return new NewMessage(message(subject), Flags.of(flags), INTERNAL_DATE);
    }

    default Appended append(MailboxId mailbox, String subject, String... flags) {
        return store().messages().append(mailbox, List.of(newMessage(subject, flags))).getFirst();
    }

    default List<Uid> uids(long... values) {
        return Arrays.stream(values).mapToObj(Uid::new).toList();
    }

    default List<Long> values(List<Uid> uids) {
        return uids.stream().map(Uid::value).toList();
    }

    default void assertFails(StoreError.Kind kind, Executable call) {
        StoreError e = assertThrows(StoreError.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
