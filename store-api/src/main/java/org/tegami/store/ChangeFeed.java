package org.tegami.store;

import java.util.function.Consumer;

/**
 * Tells interested sessions that an account's mail changed. Listeners are called after the change is
 * committed, on a thread of the feed's choosing; they must return quickly and never block.
 */
public interface ChangeFeed {

    /** Subscribes to the changes of one account until the returned handle is closed. */
    Subscription subscribe(AccountId account, Consumer<MailboxChange> listener);

    /** A subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
