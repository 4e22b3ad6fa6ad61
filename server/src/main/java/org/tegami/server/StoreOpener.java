package org.tegami.server;

import java.nio.file.Path;
import org.tegami.store.MailStore;

/**
 * Opens the mail store; {@link ConfiguredStores} is the one place that chooses the storage backend.
 * {@link #open(Path)} opens the embedded store kept in a data directory; {@link #open(TegamiConfig)} opens
 * the store the configuration names, which is that one unless {@code [store]} says otherwise.
 */
@FunctionalInterface
public interface StoreOpener {
    MailStore open(Path dataDir);

    default MailStore open(TegamiConfig config) {
        return open(config.dataDir());
    }
}
