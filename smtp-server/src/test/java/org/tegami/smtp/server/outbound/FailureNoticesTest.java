package org.tegami.smtp.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tegami.smtp.protocol.Reply;
import org.tegami.store.ContentId;
import org.tegami.store.DeliveryState;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueId;
import org.tegami.store.QueueRecipient;

class FailureNoticesTest {

    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    private static final byte[] MESSAGE = "Subject: hi\r\nFrom: a@example.org\r\n\r\nbody text\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final OutboundSettings settings = OutboundSettings.defaults("out.example.org");

    private static QueueEntry entry(String sender, boolean full, String notify) {
        return new QueueEntry(new QueueId(9), sender, new ContentId("0".repeat(64)), MESSAGE.length,
                NOW.minusSeconds(60), NOW, null, full, false,
                List.of(new QueueRecipient("bob@example.net", DeliveryState.PENDING, 0, null, null, notify, null)));
    }

    private static List<RecipientResult> refused() {
        return List.of(RecipientResult.fromReply("bob@example.net", "mx.example.net",
                Reply.of(550, "5.1.1", "No such user")));
    }

    private Optional<String> compose(FailureNotices notices, QueueEntry entry) {
        return notices.compose(entry, MESSAGE, refused(), NOW).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void aReportHasThreePartsAndTheStatusFields() {
        String report = compose(new FailureNotices(settings, (r, m) -> { }, new SplittableRandom(1)),
                entry("alice@example.org", true, null)).orElseThrow();

        assertTrue(report.startsWith("From: Mail Delivery System <MAILER-DAEMON@out.example.org>\r\n"), report);
        assertTrue(report.contains("To: <alice@example.org>\r\n"));
        assertTrue(report.contains("Date: Tue, 4 Mar 2025 05:06:07 +0000\r\n"), report);
        String boundary = report.substring(report.indexOf("boundary=\"") + 10);
        boundary = boundary.substring(0, boundary.indexOf('"'));
        assertEquals(4, report.split("--" + boundary, -1).length - 1, "three parts and the closing delimiter");
        assertTrue(report.endsWith("--" + boundary + "--\r\n"));
        assertTrue(report.contains("Reporting-MTA: dns; out.example.org\r\n"));
        assertTrue(report.contains("Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.example.net\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 No such user\r\n"), report);
        assertTrue(report.contains("Content-Type: message/rfc822\r\n\r\nSubject: hi\r\n"), report);
        assertTrue(report.contains("body text"));
    }

    @Test
    void largeMessagesReturnOnlyTheirHeader() {
        FailureNotices notices = new FailureNotices(settings.withMaxReturnedMessageBytes(10), (r, m) -> { },
                new SplittableRandom(1));

        String report = compose(notices, entry("alice@example.org", true, null)).orElseThrow();

        assertTrue(report.contains("Content-Type: text/rfc822-headers\r\n\r\nSubject: hi\r\nFrom: a@example.org\r\n\r\n--"),
                report);
        assertFalse(report.contains("body text"));
    }

    @Test
    void notifyDecidesWhoIsTold() {
        FailureNotices notices = new FailureNotices(settings, (r, m) -> { }, new SplittableRandom(1));

        assertTrue(compose(notices, entry("alice@example.org", false, "FAILURE,DELAY")).isPresent());
        assertTrue(compose(notices, entry("alice@example.org", false, "SUCCESS")).isEmpty());
        assertTrue(compose(notices, entry("alice@example.org", false, "NEVER")).isEmpty());
        assertTrue(compose(notices, entry("", false, null)).isEmpty(), "the null sender is never told");
    }

    @Test
    void theHeaderEndsAtTheFirstEmptyLine() {
        assertEquals("A: 1\r\n\r\n", new String(FailureNotices.header("A: 1\r\n\r\nB\r\n\r\nC".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
        assertEquals("A: 1\n\n", new String(FailureNotices.header("A: 1\n\nbody".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
    }
}
