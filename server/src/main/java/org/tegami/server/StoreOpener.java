package org.tegami.server;

import java.nio.file.Path;
import org.tegami.store.MailStore;

/** Opens the mail store kept in a data directory; the one place that chooses the storage backend. */
@FunctionalInterface
public interface StoreOpener {
    MailStore open(Path dataDir);
}
