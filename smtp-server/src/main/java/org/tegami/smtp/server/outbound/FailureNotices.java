package org.tegami.smtp.server.outbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.DeliveryState;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;

/**
 * Tells the sender which recipients failed, with a delivery status notification (RFC 3464) in a
 * multipart/report (RFC 6522, formerly RFC 3462), handed to the {@link BounceDelivery}.
 */
final class FailureNotices {

    private static final Logger log = LoggerFactory.getLogger(FailureNotices.class);

    // RFC 5322 §3.3, with a numeric zone.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Longest field value in the report, so no line exceeds RFC 5322 §2.1.1's 998 octets. */
    private static final int MAX_FIELD_CHARS = 900;

    private final OutboundSettings settings;
    private final BounceDelivery bounces;
    private final RandomGenerator random;

    FailureNotices(OutboundSettings settings, BounceDelivery bounces, RandomGenerator random) {
        this.settings = settings;
        this.bounces = bounces;
        this.random = random;
    }

    /** Sends one notification for the recipients among {@code results} that failed and asked to be told. */
    void send(QueueEntry entry, byte[] content, List<RecipientResult> results, Instant now) {
        Optional<byte[]> notice = compose(entry, content, results, now);
        if (notice.isEmpty()) {
            return;
        }
        try {
            bounces.deliver(entry.sender(), notice.get());
        } catch (RuntimeException e) {
            log.warn("queue {}: the failure notice to the sender could not be delivered", entry.id().value(), e);
        }
    }

    /**
     * The notification, or empty when nobody is to be told: the null sender never is (RFC 5321 §4.5.5,
     * so notifications never loop), nor recipients whose NOTIFY leaves out FAILURE (RFC 3461 §4.1).
     */
    Optional<byte[]> compose(QueueEntry entry, byte[] content, List<RecipientResult> results, Instant now) {
        if (entry.sender().isEmpty()) {
            return Optional.empty();
        }
        List<Failed> failed = results.stream()
                .filter(r -> r.state() == DeliveryState.FAILED)
                .flatMap(r -> entry.recipients().stream().filter(q -> q.address().equals(r.recipient()))
                        .findFirst().map(q -> new Failed(q, r)).stream())
                .filter(f -> wantsFailureNotice(f.recipient()))
                .toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        String boundary = "=_report_" + HexFormat.of().toHexDigits(random.nextLong())
                + HexFormat.of().toHexDigits(random.nextLong());
        String hostname = settings.hostname();
        StringBuilder head = new StringBuilder();
        head.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n");
        head.append("To: <").append(clean(entry.sender())).append(">\r\n");
        head.append("Subject: Undelivered Mail Returned to Sender\r\n");
        head.append("Date: ").append(DATE.format(now)).append("\r\n");
        head.append("Message-ID: <").append(HexFormat.of().toHexDigits(random.nextLong())).append('.')
                .append(entry.id().value()).append('@').append(hostname).append(">\r\n");
        head.append("Auto-Submitted: auto-replied\r\n"); // RFC 3834 §5
        head.append("MIME-Version: 1.0\r\n");
        // RFC 6522 §3: the report, with the delivery-status part as second of three.
        head.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        head.append("This is a MIME-encapsulated message.\r\n\r\n");

        // First part: for people.
        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        head.append("This is the mail system at ").append(hostname).append(".\r\n\r\n");
        head.append("Your message could not be delivered to ")
                .append(failed.size() == 1 ? "this recipient" : "these recipients").append(":\r\n\r\n");
        for (Failed f : failed) {
            head.append("<").append(clean(f.result().recipient())).append(">: ");
            head.append(f.result().remoteMta().map(h -> "host " + h + " said: ").orElse(""));
            head.append(clean(f.result().text())).append("\r\n");
        }
        head.append("\r\n");

        // Second part: RFC 3464 §2.1, per-message fields then a block per recipient.
        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Type: message/delivery-status\r\n\r\n");
        head.append("Reporting-MTA: dns; ").append(hostname).append("\r\n"); // §2.2.2
        if (entry.envelopeId() != null) {
            head.append("Original-Envelope-Id: ").append(ascii(entry.envelopeId())).append("\r\n"); // §2.2.1
        }
        head.append("Arrival-Date: ").append(DATE.format(entry.queuedAt())).append("\r\n"); // §2.2.5
        for (Failed f : failed) {
            RecipientResult r = f.result();
            head.append("\r\n");
            if (f.recipient().originalRecipient() != null) {
                head.append("Original-Recipient: ").append(ascii(f.recipient().originalRecipient())).append("\r\n"); // §2.3.1
            }
            head.append("Final-Recipient: rfc822; ").append(ascii(r.recipient())).append("\r\n"); // §2.3.2
            head.append("Action: failed\r\n"); // §2.3.3
            head.append("Status: ").append(r.status()).append("\r\n"); // §2.3.4
            r.remoteMta().ifPresent(h -> head.append("Remote-MTA: dns; ").append(ascii(h)).append("\r\n")); // §2.3.5
            r.reply().ifPresent(reply -> head.append("Diagnostic-Code: smtp; ")
                    .append(ascii(RecipientResult.describe(reply))).append("\r\n")); // §2.3.6
            head.append("Last-Attempt-Date: ").append(DATE.format(now)).append("\r\n"); // §2.3.7
        }
        head.append("\r\n");

        // Third part: RFC 3461 §4.3 RET=FULL returns the message; otherwise, or when it is large, its header.
        head.append("--").append(boundary).append("\r\n");
        boolean full = entry.returnFullMessage() && content.length <= settings.maxReturnedMessageBytes();
        byte[] returned = full ? content : header(content);
        if (full) {
            head.append("Content-Type: message/rfc822\r\n");
        } else {
            head.append("Content-Type: text/rfc822-headers\r\n"); // RFC 6522 §4
        }
        if (SmtpDelivery.hasEightBitBytes(returned)) {
            head.append("Content-Transfer-Encoding: 8bit\r\n");
        }
        head.append("\r\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + returned.length + 64);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(returned);
        if (!endsWithCrlf(returned)) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return Optional.of(out.toByteArray());
    }

    // RFC 3461 §4.1: NOTIFY absent means the default, which here is to report failures; NEVER means none.
    private static boolean wantsFailureNotice(QueueRecipient recipient) {
        String notify = recipient.notifyConditions();
        if (notify == null || notify.isBlank()) {
            return true;
        }
        List<String> conditions = List.of(notify.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        return !conditions.contains("NEVER") && conditions.contains("FAILURE");
    }

    /** The header of a message, up to and including the empty line that ends it. */
    static byte[] header(byte[] content) {
        for (int i = 0; i + 1 < content.length; i++) {
            if (content[i] == '\n' && content[i + 1] == '\n') {
                return Arrays.copyOf(content, i + 2);
            }
            if (i + 3 < content.length && content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r'
                    && content[i + 3] == '\n') {
                return Arrays.copyOf(content, i + 4);
            }
        }
        return content;
    }

    private static boolean endsWithCrlf(byte[] bytes) {
        return bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n';
    }

    /** Text for the human-readable part: one line, bounded. */
    private static String clean(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > MAX_FIELD_CHARS ? line.substring(0, MAX_FIELD_CHARS) + "…" : line;
    }

    /** RFC 3464 §2.1: the status fields are US-ASCII. */
    private static String ascii(String text) {
        String line = clean(text).replaceAll("[^\\x20-\\x7e]", "?");
        return line.length() > MAX_FIELD_CHARS ? line.substring(0, MAX_FIELD_CHARS) : line;
    }

    private record Failed(QueueRecipient recipient, RecipientResult result) {
    }
}
