package org.tegami.smtp.server.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tegami.store.DeliveryState;
import org.tegami.store.MailQueue;
import org.tegami.store.NewQueueEntry;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * The delivery engine against a real SQLite queue, a DNS stub and a fake remote MX, all on loopback.
 * Most cases run one pass of the loop in the test's thread ({@code deliverDue}); the retry case runs the
 * loop itself and drives it with {@code wake()}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboundDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] MESSAGE = ("From: Alice <alice@example.org>\r\n"
            + "To: Bob <bob@example.net>\r\n"
            + "Subject: Lunch\r\n"
            + "\r\n"
            + "Café at noon?\r\n"
            + ".a line that starts with a dot\r\n"
            + ".\r\n"
            + "..two dots\r\n").getBytes(StandardCharsets.UTF_8);

    record Bounce(String to, String message) {
    }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now());
    private final List<Bounce> bounces = new CopyOnWriteArrayList<>();
    private TestCertificates certificates;
    private SqliteMailStore store;
    private DnsStub dns;
    private FakeMx mx;
    private OutboundSettings settings;
    private OutboundDelivery delivery;

    @BeforeEach
    void setUp() throws Exception {
        certificates = new TestCertificates("mx1.example.net", "mx2.example.net", "localhost");
        store = SqliteMailStore.open(dir.resolve("data"), clock);
        dns = new DnsStub();
        mx = new FakeMx(InetAddress.getByName("127.0.0.1"), certificates.serverContext());
        settings = OutboundSettings.defaults("out.example.org")
                .withResolver(dns.address())
                .withMxPort(mx.port())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withTrustStore(certificates.trustStore());
        dns.mx("example.net", 10, "mx1.example.net").a("mx1.example.net", "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (delivery != null) {
            delivery.close();
        }
        mx.close();
        dns.close();
        store.close();
    }

    private OutboundDelivery delivery(OutboundSettings s) {
        delivery = new OutboundDelivery(s, store, (to, message) ->
                bounces.add(new Bounce(to, new String(message, StandardCharsets.UTF_8))), clock);
        return delivery;
    }

    private MailQueue queue() {
        return store.queue();
    }

    private QueueEntry enqueue(String sender, NewQueueEntry.Recipient... recipients) {
        return enqueue(sender, false, recipients);
    }

    private QueueEntry enqueue(String sender, boolean requireTls, NewQueueEntry.Recipient... recipients) {
        return queue().enqueue(new NewQueueEntry(sender, List.of(recipients), MESSAGE, null, false, requireTls));
    }

    private static NewQueueEntry.Recipient to(String address) {
        return new NewQueueEntry.Recipient(address, null, null);
    }

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void deliversToTheMxFoundInDnsOverStartTlsWithTheExactBytes() throws Exception {
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));

        assertEquals(1, delivery(settings).deliverDue());

        FakeMx.Transaction t = mx.next(WAIT);
        assertTrue(t.tls(), "STARTTLS used");
        assertEquals("out.example.org", t.helo());
        assertArrayEquals(MESSAGE, t.data());
        assertTrue(t.mailFrom().startsWith("MAIL FROM:<alice@example.org>"), t.mailFrom());
        assertTrue(t.mailFrom().contains(" SIZE=" + MESSAGE.length), t.mailFrom());
        assertTrue(t.mailFrom().contains(" BODY=8BITMIME"), "8-bit content declared: " + t.mailFrom());
        assertEquals(List.of("bob@example.net"), t.accepted());
        assertTrue(queue().find(entry.id()).isEmpty(), "delivered entry removed");
        assertTrue(bounces.isEmpty());
    }

    @Test
    void triesTheNextMxWhenTheFirstRefusesConnections() throws Exception {
        // Both hosts listen on the same port (MX records carry none), at two loopback addresses; nothing
        // listens on the first.
        FakeMx second = new FakeMx(InetAddress.getByName("127.0.0.2"), certificates.serverContext());
        try (second) {
            DnsStub twoHosts = new DnsStub();
            try (twoHosts) {
                twoHosts.mx("example.com", 10, "mx1.example.com").a("mx1.example.com", "127.0.0.3")
                        .mx("example.com", 20, "mx2.example.com").a("mx2.example.com", "127.0.0.2");
                QueueEntry entry = enqueue("alice@example.org", to("carol@example.com"));

                delivery(settings.withResolver(twoHosts.address()).withMxPort(second.port())).deliverDue();

                FakeMx.Transaction t = second.next(WAIT);
                assertEquals(List.of("carol@example.com"), t.accepted());
                assertArrayEquals(MESSAGE, t.data());
                assertTrue(queue().find(entry.id()).isEmpty());
            }
        }
    }

    @Test
    void triesTheNextMxWhenTheFirstGreetsWith421() throws Exception {
        FakeMx busy = new FakeMx(InetAddress.getByName("127.0.0.2"), mx.port(), certificates.serverContext());
        try (busy) {
            busy.greeting = "421 4.3.2 Too busy, try later";
            dns.mx("example.org", 10, "busy.example.org").a("busy.example.org", "127.0.0.2")
                    .mx("example.org", 20, "mx1.example.net");
            QueueEntry entry = enqueue("alice@example.org", to("erin@example.org"));

            delivery(settings).deliverDue();

            assertEquals(1, busy.connections());
            assertEquals(List.of("erin@example.org"), mx.next(WAIT).accepted());
            assertTrue(queue().find(entry.id()).isEmpty());
        }
    }

    @Test
    void aFailedOpportunisticHandshakeFallsBackToPlainText() throws Exception {
        // RFC 7435: delivery in clear text beats no delivery when TLS was only opportunistic.
        mx.breakTls = true;
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));

        delivery(settings).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertFalse(t.tls());
        assertArrayEquals(MESSAGE, t.data());
        assertEquals(2, mx.connections());
        assertTrue(queue().find(entry.id()).isEmpty());
    }

    @Test
    void mixedRecipientResultsDeliverOneAndBounceTheOther() throws Exception {
        mx.rcptReply = address -> address.startsWith("nobody")
                ? "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"
                : "250 2.1.5 Ok";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"), to("nobody@example.net"));

        delivery(settings).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertEquals(List.of("bob@example.net"), t.accepted());
        assertEquals(2, t.rcptTo().size());
        assertTrue(queue().find(entry.id()).isEmpty(), "nothing pending, so the entry is gone");
        assertEquals(1, bounces.size());
        Bounce bounce = bounces.getFirst();
        assertEquals("alice@example.org", bounce.to());
        assertTrue(bounce.message().contains("Subject: Undelivered Mail Returned to Sender"), bounce.message());
        assertTrue(bounce.message().contains("report-type=delivery-status"));
        assertTrue(bounce.message().contains("Final-Recipient: rfc822; nobody@example.net"));
        assertTrue(bounce.message().contains("Status: 5.1.1"));
        assertTrue(bounce.message().contains("Remote-MTA: dns; mx1.example.net"));
        assertTrue(bounce.message().contains(
                "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown"),
                bounce.message());
        assertFalse(bounce.message().contains("Final-Recipient: rfc822; bob@example.net"));
        assertTrue(bounce.message().contains("Content-Type: text/rfc822-headers"), "RET absent: headers only");
    }

    @Test
    void transientFailureWaitsForTheScheduleThenSucceedsOnRetry() throws Exception {
        mx.dataReplies.add("451 4.3.0 Try again later");
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundDelivery running = delivery(settings);
        running.start();
        running.wake();

        FakeMx.Transaction first = mx.next(WAIT);
        assertEquals("451 4.3.0 Try again later", first.finalReply());
        Instant firstAttempt = clock.instant();
        eventually(() -> queue().find(entry.id()).map(e -> e.recipients().getFirst().attempts() == 1).orElse(false),
                "first attempt recorded");
        QueueEntry waiting = queue().find(entry.id()).orElseThrow();
        QueueRecipient bob = waiting.recipients().getFirst();
        assertEquals(DeliveryState.PENDING, bob.state());
        assertTrue(bob.lastResult().contains("451 4.3.0 Try again later"), bob.lastResult());
        assertEquals(firstAttempt.plus(Duration.ofMinutes(1)), waiting.nextAttempt(), "1 minute after the first try");

        running.wake(); // not due yet: nothing happens
        clock.advance(Duration.ofMinutes(1));
        running.wake();

        FakeMx.Transaction second = mx.next(WAIT);
        assertArrayEquals(MESSAGE, second.data());
        eventually(() -> queue().find(entry.id()).isEmpty(), "delivered entry removed");
        assertTrue(mx.drain().isEmpty(), "tried exactly twice");
        assertTrue(bounces.isEmpty());
    }

    @Test
    void retryDelaysGrowWithEachAttempt() throws Exception {
        mx.defaultDataReply = "421 4.7.0 Not now";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundDelivery d = delivery(settings);

        d.deliverDue();
        Instant t1 = clock.instant();
        assertEquals(t1.plus(Duration.ofMinutes(1)), queue().find(entry.id()).orElseThrow().nextAttempt());
        assertEquals(0, d.deliverDue(), "not due before its time");
        clock.advance(Duration.ofMinutes(1));
        d.deliverDue();
        assertEquals(clock.instant().plus(Duration.ofMinutes(2)), queue().find(entry.id()).orElseThrow().nextAttempt());
        assertEquals(2, queue().find(entry.id()).orElseThrow().recipients().getFirst().attempts());
    }

    @Test
    void pendingRecipientsFailWhenTheQueueTimeRunsOutWithStatus447() throws Exception {
        mx.defaultDataReply = "452 4.3.1 Insufficient system storage";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundDelivery d = delivery(settings.withRetry(OutboundSettings.RetrySchedule.DEFAULT, Duration.ofHours(2)));

        d.deliverDue();
        assertTrue(queue().find(entry.id()).isPresent());
        assertTrue(bounces.isEmpty());

        clock.advance(Duration.ofHours(2));
        d.deliverDue();

        assertTrue(queue().find(entry.id()).isEmpty(), "expired recipient is FAILED, nothing pending");
        assertEquals(1, bounces.size());
        String report = bounces.getFirst().message();
        assertTrue(report.contains("Status: 4.4.7"), report);
        assertTrue(report.contains("delivery time expired"), report);
        assertTrue(report.contains("Diagnostic-Code: smtp; 452 4.3.1 Insufficient system storage"), report);
    }

    @Test
    void theLastAttemptIsAtTheDeadline() throws Exception {
        mx.defaultDataReply = "451 4.3.0 Later";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundDelivery d = delivery(settings.withRetry(
                new OutboundSettings.RetrySchedule(Duration.ofMinutes(45), 2, Duration.ofHours(1)), Duration.ofHours(1)));

        d.deliverDue();

        clock.advance(Duration.ofMinutes(45));
        d.deliverDue();
        assertEquals(entry.queuedAt().plus(Duration.ofHours(1)), queue().find(entry.id()).orElseThrow().nextAttempt());
    }

    @Test
    void nullMxFailsAtOnceWithoutConnecting() throws Exception {
        dns.nullMx("nomail.example");
        QueueEntry entry = enqueue("alice@example.org", to("someone@nomail.example"));

        delivery(settings).deliverDue();

        assertTrue(queue().find(entry.id()).isEmpty());
        assertEquals(0, mx.connections());
        assertEquals(1, bounces.size());
        assertTrue(bounces.getFirst().message().contains("Status: 5.1.10"), bounces.getFirst().message());
        assertFalse(bounces.getFirst().message().contains("Diagnostic-Code"), "no remote reply to quote");
    }

    @Test
    void nonexistentDomainFails() throws Exception {
        QueueEntry entry = enqueue("alice@example.org", to("someone@does-not-exist.example"));

        delivery(settings).deliverDue();

        assertTrue(queue().find(entry.id()).isEmpty());
        assertEquals(1, bounces.size());
        assertTrue(bounces.getFirst().message().contains("Status: 5.1.2"));
    }

    @Test
    void dnsServerFailureLeavesTheRecipientPending() throws Exception {
        dns.servfail("broken.example");
        QueueEntry entry = enqueue("alice@example.org", to("someone@broken.example"));

        delivery(settings).deliverDue();

        QueueRecipient r = queue().find(entry.id()).orElseThrow().recipients().getFirst();
        assertEquals(DeliveryState.PENDING, r.state());
        assertTrue(r.lastResult().contains("SERVFAIL"), r.lastResult());
        assertTrue(bounces.isEmpty());
    }

    @Test
    void smarthostGetsEverythingOverVerifiedStartTlsWithAuthPlain() throws Exception {
        mx.credentials = "relay-user:s3cret";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"), to("dave@elsewhere.example"));
        OutboundSettings.Relay relay = new OutboundSettings.Relay("localhost", mx.port(),
                OutboundSettings.TlsMode.STARTTLS, Optional.of("relay-user"), Optional.of("s3cret"));

        delivery(settings.withRelay(relay)).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertTrue(t.tls());
        assertEquals("relay-user", t.authenticated());
        assertEquals(List.of("bob@example.net", "dave@elsewhere.example"), t.accepted(), "one transaction for all");
        assertArrayEquals(MESSAGE, t.data());
        assertTrue(queue().find(entry.id()).isEmpty());
    }

    @Test
    void smarthostWithWrongPasswordKeepsTheMessage() throws Exception {
        mx.credentials = "relay-user:s3cret";
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundSettings.Relay relay = new OutboundSettings.Relay("localhost", mx.port(),
                OutboundSettings.TlsMode.STARTTLS, Optional.of("relay-user"), Optional.of("wrong"));

        delivery(settings.withRelay(relay)).deliverDue();

        QueueRecipient r = queue().find(entry.id()).orElseThrow().recipients().getFirst();
        assertEquals(DeliveryState.PENDING, r.state());
        assertTrue(r.lastResult().contains("535"), r.lastResult());
        assertTrue(mx.drain().isEmpty());
        assertTrue(bounces.isEmpty());
    }

    @Test
    void smarthostWhoseCertificateDoesNotVerifyKeepsTheMessage() throws Exception {
        QueueEntry entry = enqueue("alice@example.org", to("bob@example.net"));
        OutboundSettings.Relay relay = new OutboundSettings.Relay("localhost", mx.port(),
                OutboundSettings.TlsMode.STARTTLS, Optional.empty(), Optional.empty());

        delivery(settings.withRelay(relay).withTrustStore(new TestCertificates("other.example").trustStore()))
                .deliverDue();

        QueueRecipient r = queue().find(entry.id()).orElseThrow().recipients().getFirst();
        assertEquals(DeliveryState.PENDING, r.state());
        assertTrue(r.lastResult().contains("TLS"), r.lastResult());
        assertTrue(mx.drain().isEmpty(), "nothing sent without verified TLS");
    }

    @Test
    void opportunisticTlsTakesAnyCertificate() throws Exception {
        // The trust store does not know the MX's certificate; without REQUIRETLS that does not matter.
        enqueue("alice@example.org", to("bob@example.net"));

        delivery(settings.withTrustStore(new TestCertificates("other.example").trustStore())).deliverDue();

        assertTrue(mx.next(WAIT).tls());
    }

    @Test
    void requireTlsMessageIsNotSentToAPeerWithoutStartTls() throws Exception {
        // RFC 8689 §4.2.1: no verified TLS with REQUIRETLS at any MX, so the message fails with 5.7.10
        // rather than waiting: a host that lacks the extension today will most likely lack it tomorrow.
        mx.offerStartTls = false;
        QueueEntry entry = enqueue("alice@example.org", true, to("bob@example.net"));

        delivery(settings).deliverDue();

        assertTrue(mx.drain().isEmpty(), "no MAIL FROM was sent");
        assertTrue(queue().find(entry.id()).isEmpty());
        assertEquals(1, bounces.size());
        assertTrue(bounces.getFirst().message().contains("Status: 5.7.10"), bounces.getFirst().message());
    }

    @Test
    void requireTlsMessageGoesOverVerifiedTlsToAPeerOfferingRequireTls() throws Exception {
        mx.offerRequireTls = true;
        QueueEntry entry = enqueue("alice@example.org", true, to("bob@example.net"));

        delivery(settings).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertTrue(t.tls());
        assertTrue(t.mailFrom().endsWith(" REQUIRETLS"), t.mailFrom());
        assertTrue(queue().find(entry.id()).isEmpty());
    }

    @Test
    void nullSenderNeverGetsANotification() throws Exception {
        mx.rcptReply = address -> "550 5.1.1 User unknown";
        QueueEntry entry = enqueue("", to("bob@example.net"));

        delivery(settings).deliverDue();

        assertTrue(mx.next(WAIT).mailFrom().startsWith("MAIL FROM:<>"));
        assertTrue(queue().find(entry.id()).isEmpty());
        assertTrue(bounces.isEmpty());
    }

    @Test
    void notifyNeverSuppressesTheNotification() throws Exception {
        mx.rcptReply = address -> "550 5.1.1 User unknown";
        QueueEntry entry = enqueue("alice@example.org", new NewQueueEntry.Recipient("bob@example.net", "NEVER", null));

        delivery(settings).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertTrue(t.rcptTo().getFirst().contains("NOTIFY=NEVER"), "passed on to a peer that offers DSN");
        assertNull(t.data());
        assertTrue(queue().find(entry.id()).isEmpty());
        assertTrue(bounces.isEmpty());
    }

    @Test
    void dsnParametersArePassedOnAndQuotedInTheNotification() throws Exception {
        mx.rcptReply = address -> "550 5.7.1 Rejected by policy";
        QueueEntry entry = queue().enqueue(new NewQueueEntry("alice@example.org",
                List.of(new NewQueueEntry.Recipient("bob@example.net", "FAILURE", "rfc822;Bob+Alias@example.net")),
                MESSAGE, "env id 42", true, false));

        delivery(settings).deliverDue();

        FakeMx.Transaction t = mx.next(WAIT);
        assertTrue(t.mailFrom().contains(" RET=FULL"), t.mailFrom());
        assertTrue(t.mailFrom().contains(" ENVID=env+20id+2042"), t.mailFrom());
        assertTrue(t.rcptTo().getFirst().contains(" NOTIFY=FAILURE ORCPT=rfc822;Bob+2BAlias@example.net"),
                t.rcptTo().getFirst());
        String report = bounces.getFirst().message();
        assertTrue(report.contains("Original-Envelope-Id: env id 42"), report);
        assertTrue(report.contains("Original-Recipient: rfc822;Bob+Alias@example.net"), report);
        assertTrue(report.contains("Content-Type: message/rfc822"), "RET=FULL returns the message");
        assertTrue(report.contains("Café at noon?"), report);
        assertTrue(queue().find(entry.id()).isEmpty());
    }
}
