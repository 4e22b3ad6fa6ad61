package org.tegami.smtp.server.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.Account;
import org.tegami.store.Appended;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.SpecialUse;

/**
 * The sent copy: files a message an account submitted into that account's Sent mailbox, flagged
 * {@code \Seen}, when the account has it switched on ({@link org.tegami.store.AccountDirectory#sentCopy}).
 *
 * <p>The copy holds the bytes as the client submitted them, plus only the Date and Message-ID the server
 * adds when they are missing (RFC 6409 §8.3, §8.4), and without the Received trace header: then a client
 * that also saves what it sent APPENDs exactly the same bytes, and the IMAP server answers that APPEND with
 * this copy instead of storing a second one. When the server had to add a Message-ID, the client's own
 * copy lacks it, the bytes differ, and both copies stay; nothing can tell them apart safely.
 */
public final class SentCopy {

    private static final Logger LOG = LoggerFactory.getLogger(SentCopy.class);

    /** The mailbox used when none carries {@code \Sent} (RFC 6154 §2): the name most clients create. */
    static final String FALLBACK_MAILBOX = "Sent";

    private final MailStore store;
    private final Clock clock;

    public SentCopy(MailStore store) {
        this(store, Clock.systemUTC());
    }

    /** {@code clock} gives the copy's INTERNALDATE. */
    public SentCopy(MailStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Appends {@code message} to the account's Sent mailbox if the account has the sent copy on: the
     * selectable mailbox with {@code \Sent} (the first by name if several), else one named "Sent". Returns
     * where it went; empty when the sent copy is off or the account has no such mailbox (logged). Store
     * failures are thrown.
     */
    public Optional<Appended> file(Account account, byte[] message) {
        if (!store.accounts().sentCopy(account.id())) {
            return Optional.empty();
        }
        Optional<Mailbox> sent = sentMailbox(account);
        if (sent.isEmpty()) {
            LOG.info("no sent copy for {}: the account has no \\Sent mailbox and none named {}", account.address(),
                    FALLBACK_MAILBOX);
            return Optional.empty();
        }
        NewMessage copy = new NewMessage(message, Flags.of(Flags.SEEN), clock.instant());
        return Optional.of(store.messages().append(sent.get().id(), List.of(copy)).getFirst());
    }

    private Optional<Mailbox> sentMailbox(Account account) {
        Optional<Mailbox> special = store.mailboxes().listMailboxes(account.id()).stream()
                .filter(m -> m.selectable() && m.specialUse().contains(SpecialUse.SENT))
                .findFirst();
        if (special.isPresent()) {
            return special;
        }
        return store.mailboxes().findMailbox(account.id(), FALLBACK_MAILBOX).filter(Mailbox::selectable);
    }
}
