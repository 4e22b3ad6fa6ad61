package org.tegami.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tegami.store.MailStore;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --config}, shared by the commands that work on a data directory. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: data_dir from the config file, else ./data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file.")
    Path configFile;

    /** The configuration file merged with {@code --data}. */
    public TegamiConfig config() {
        return new ConfigLoader().load(Optional.ofNullable(configFile), new ConfigLoader.Overrides(
                Optional.empty(), Optional.ofNullable(dataDir), Optional.empty(), Optional.empty()));
    }

    /**
     * Opens the store. With {@code create} false, a missing data directory is an error rather than
     * silently made, so a mistyped {@code --data} does not look like an empty server.
     */
    public MailStore openStore(StoreOpener opener, boolean create) {
        TegamiConfig config = config();
        Path dir = config.dataDir();
        // Only the embedded store lives in the data directory; a PostgreSQL store is wherever [store] says.
        if (!create && config.storage().backend() == StorageConfig.Backend.SQLITE && !Files.isDirectory(dir)) {
            throw new CommandFailure("no data directory at " + dir.toAbsolutePath()
                    + " (start the server once, or pass --data DIR)");
        }
        return opener.open(config);
    }
}
