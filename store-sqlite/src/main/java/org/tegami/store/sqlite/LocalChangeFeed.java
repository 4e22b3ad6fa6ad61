package org.tegami.store.sqlite;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.AccountId;
import org.tegami.store.ChangeFeed;
import org.tegami.store.MailboxChange;

/**
 * The change feed of one process: listeners are called on the thread that asked for the change, after
 * the group commit holding it has returned (never on the writer thread, so a slow listener delays no commit). Copy-on-write lists because subscriptions change
 * rarely (a session selects) while publishing happens on every write.
 */
final class LocalChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(LocalChangeFeed.class);

    private final ConcurrentHashMap<AccountId, CopyOnWriteArrayList<Consumer<MailboxChange>>> listeners =
            new ConcurrentHashMap<>();

    @Override
    public Subscription subscribe(AccountId account, Consumer<MailboxChange> listener) {
        // A wrapper object per subscription, so subscribing the same lambda twice gives two independent handles.
        Consumer<MailboxChange> entry = listener::accept;
        // Added inside compute so a concurrent close cannot drop the list from the map between lookup and add.
        listeners.compute(account, (a, list) -> {
            CopyOnWriteArrayList<Consumer<MailboxChange>> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(entry);
            return l;
        });
        return () -> listeners.computeIfPresent(account, (a, list) -> {
            list.remove(entry);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(List<MailboxChange> changes) {
        for (MailboxChange change : changes) {
            List<Consumer<MailboxChange>> current = listeners.get(change.account());
            if (current == null) {
                continue;
            }
            for (Consumer<MailboxChange> listener : current) {
                try {
                    listener.accept(change);
                } catch (RuntimeException e) {
                    // One faulty session must not keep the others from hearing about the change.
                    LOG.warn("change listener failed", e);
                }
            }
        }
    }
}
