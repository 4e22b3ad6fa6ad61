package org.tegami.smtp.server.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tegami.smtp.protocol.DsnNotify;
import org.tegami.smtp.protocol.DsnReturn;
import org.tegami.smtp.protocol.MailParameters;
import org.tegami.store.Account;
import org.tegami.store.AccountId;
import org.tegami.store.MailQueue;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;

/**
 * Sends an accepted message on its way: into local INBOXes at once, and into the durable outbound queue
 * for remote recipients. When it returns, every part is durable, so the caller may answer 250.
 */
public final class MailRouter {

    private final LocalDelivery local;
    private final MailQueue queue;
    private final Runnable wakeOutbound;

    public MailRouter(LocalDelivery local, MailQueue queue, Runnable wakeOutbound) {
        this.local = local;
        this.queue = queue;
        this.wakeOutbound = wakeOutbound;
    }

    /**
     * What was done: the queue id when anything went to the queue, and the local accounts that refused the
     * message for their quota (every other recipient has it).
     */
    public record Routed(int localAccounts, QueueEntry queued, Set<AccountId> overQuota) {
        public Routed {
            overQuota = Set.copyOf(overQuota);
        }
    }

    public Routed route(String sender, MailParameters mail, List<AcceptedRecipient> recipients, byte[] message) {
        Map<AccountId, Account> accounts = new LinkedHashMap<>();
        Map<String, AcceptedRecipient> remote = new LinkedHashMap<>();
        for (AcceptedRecipient r : recipients) {
            for (Account a : r.resolution().local()) {
                accounts.putIfAbsent(a.id(), a);
            }
            for (String address : r.resolution().remote()) {
                remote.putIfAbsent(address, r);
            }
        }
        Set<AccountId> overQuota = accounts.isEmpty() ? Set.of() : local.deliver(sender, accounts.values(), message);
        QueueEntry queued = null;
        if (!remote.isEmpty()) {
            List<NewQueueEntry.Recipient> queueRecipients = new ArrayList<>();
            for (Map.Entry<String, AcceptedRecipient> e : remote.entrySet()) {
                AcceptedRecipient origin = e.getValue();
                String notify = origin.parameters().notifyConditions().isEmpty() ? null
                        : origin.parameters().notifyConditions().stream().map(DsnNotify::name).sorted()
                        .collect(Collectors.joining(","));
                // RFC 3461 §4.2: an alias expansion keeps the recipient the sender named as ORCPT.
                String orcpt = origin.parameters().originalRecipient() != null ? origin.parameters().originalRecipient()
                        : e.getKey().equals(origin.address()) ? null : "rfc822;" + origin.address();
                queueRecipients.add(new NewQueueEntry.Recipient(e.getKey(), notify, orcpt));
            }
            queued = queue.enqueue(new NewQueueEntry(sender, queueRecipients, message, mail.envelopeId(),
                    mail.ret() == DsnReturn.FULL, mail.requireTls()));
            wakeOutbound.run();
        }
        return new Routed(accounts.size(), queued, overQuota);
    }
}
