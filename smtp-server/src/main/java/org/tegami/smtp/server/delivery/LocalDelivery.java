package org.tegami.smtp.server.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import org.tegami.store.Account;
import org.tegami.store.AccountId;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.StoreError;

/**
 * Files a message into local accounts' INBOXes through the store: durable before it returns, and the
 * sessions that have the INBOX open are told through the change feed. Every copy has the same bytes,
 * so the content-addressed store keeps the message once.
 */
public final class LocalDelivery {

    private final MailStore store;

    public LocalDelivery(MailStore store) {
        this.store = store;
    }

    /**
     * Adds {@code Return-Path: <sender>} (RFC 5321 §4.4) and appends the message to each account's INBOX. An
     * account over its quota does not stop the others: it is skipped and returned, for the caller to answer
     * 552 5.2.2 for it (RFC 3463 §3.3).
     */
    public Set<AccountId> deliver(String sender, Collection<Account> accounts, byte[] message) {
        byte[] withReturnPath = prepend("Return-Path: <" + sender + ">\r\n", message);
        Instant now = Instant.now();
        Set<AccountId> overQuota = new LinkedHashSet<>();
        for (Account account : accounts) {
            Mailbox inbox = store.mailboxes().findMailbox(account.id(), Mailbox.INBOX)
                    .orElseThrow(() -> new StoreError(StoreError.Kind.NONEXISTENT, "the account has no INBOX"));
            try {
                store.messages().append(inbox.id(), List.of(new NewMessage(withReturnPath, Flags.NONE, now)));
            } catch (StoreError e) {
                if (e.kind() != StoreError.Kind.OVER_QUOTA) {
                    throw e;
                }
                overQuota.add(account.id());
            }
        }
        return overQuota;
    }

    static byte[] prepend(String header, byte[] message) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + message.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        return out;
    }
}
