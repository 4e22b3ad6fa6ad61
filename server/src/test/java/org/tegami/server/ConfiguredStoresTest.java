package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.Account;
import org.tegami.store.Flags;
import org.tegami.store.MailStore;
import org.tegami.store.MailboxId;
import org.tegami.store.NewMessage;

/** The store the configuration names, opened with the configuration's settings. */
class ConfiguredStoresTest {

    @TempDir
    Path dir;

    private static final byte[] MESSAGE = "Subject: small\r\n\r\nA small message.\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Appends a small message to a new account's INBOX on the store the TOML configures; returns the files made. */
    private long filesAfterASmallAppend(String name, String toml) throws Exception {
        Path data = dir.resolve(name);
        Path file = dir.resolve(name + ".toml");
        Files.writeString(file, toml);
        TegamiConfig config = new ConfigLoader().load(Optional.of(file),
                new ConfigLoader.Overrides(Optional.empty(), Optional.of(data), Optional.empty(), Optional.empty()));
        try (MailStore store = new ConfiguredStores(Clock.systemUTC()).open(config)) {
            Account account = store.accounts().createAccount("a@example.org",
                    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", List.of());
            MailboxId inbox = store.mailboxes().findMailbox(account.id(), "INBOX").orElseThrow().id();
            store.messages().append(inbox, List.of(new NewMessage(MESSAGE, Flags.of(), Instant.EPOCH)));
            assertArrayEquals(MESSAGE, store.blobs().read(
                    store.messages().fetch(inbox, List.of(new org.tegami.store.Uid(1)), false).getFirst().content()));
        }
        try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theSqliteStoreKeepsSmallMessagesInsideTheDatabaseUnlessTheLimitIsZero() throws Exception {
        assertEquals(0, filesAfterASmallAppend("default", ""), "by default a small message makes no file");
        assertEquals(1, filesAfterASmallAppend("files", "[store]\ninline_message_max_bytes = 0\n"),
                "inline_message_max_bytes = 0 keeps every message in a file");
    }
}
