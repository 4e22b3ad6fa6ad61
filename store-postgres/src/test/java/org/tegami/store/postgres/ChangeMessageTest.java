package org.tegami.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.MailboxChange;
import org.tegami.store.MailboxId;
import org.tegami.store.ModSeq;

/** The NOTIFY payload of each change decodes to the same change; unknown or broken payloads to nothing. */
class ChangeMessageTest {

    @Test
    void everyKindOfChangeRoundTrips() {
        AccountId a = new AccountId(42);
        List<MailboxChange> changes = List.of(
                new MailboxChange.MessagesChanged(a, new MailboxId(7), new ModSeq(99)),
                new MailboxChange.MailboxListChanged(a),
                new MailboxChange.MetadataChanged(a, Optional.of(new MailboxId(7)), "/private/comment"),
                new MailboxChange.MetadataChanged(a, Optional.empty(), "/shared/vendor/example/x y%z"),
                new MailboxChange.MetadataChanged(a, Optional.empty(), "/private/caf\u00e9"));
        for (MailboxChange change : changes) {
            String payload = ChangeMessage.encode(change);
            assertEquals(Optional.of(change), ChangeMessage.decode(payload), payload);
        }
    }

    @Test
    void aMetadataPayloadHasFourSpaceSeparatedParts() {
        String payload = ChangeMessage.encode(new MailboxChange.MetadataChanged(new AccountId(1), Optional.empty(),
                "/private/a b"));
        assertEquals(4, payload.split(" ").length, payload);
        assertTrue(payload.startsWith("D 1 - "), payload);
    }

    @Test
    void unknownOrBrokenPayloadsAreIgnored() {
        for (String payload : List.of("X 1", "D 1 - %zz", "D x - /private/a", "D 1 2", "M 1 2", "L")) {
            assertEquals(Optional.empty(), ChangeMessage.decode(payload), payload);
        }
    }
}
