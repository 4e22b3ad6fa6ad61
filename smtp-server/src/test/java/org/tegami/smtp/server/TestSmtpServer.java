package org.tegami.smtp.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.SaslMechanisms;
import org.tegami.auth.ScramEnrollment;
import org.tegami.auth.oauth.BearerTokens;
import org.tegami.auth.oauth.OAuthIssuer;
import org.tegami.auth.oauth.TokenValidator;
import org.tegami.smtp.protocol.SmtpLimits;
import org.tegami.smtp.server.delivery.LocalDelivery;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;
import org.tegami.store.Account;
import org.tegami.store.MailStore;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxSnapshot;
import org.tegami.store.MessageRecord;
import org.tegami.store.MessageSummary;
import org.tegami.store.MailboxSpec;
import org.tegami.store.SpecialUse;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * A real SMTP server for tests: SQLite store in a temporary directory with two local accounts in
 * {@code example.org}, a self-signed certificate, and one listener of each kind on loopback ports
 * chosen by the kernel. Remote recipients go to the durable queue; nothing delivers them here.
 */
public final class TestSmtpServer implements AutoCloseable {

    public static final String USER = "alice@example.org";
    public static final String PASSWORD = "correct horse battery staple";
    public static final String OTHER_USER = "bob@example.org";

    /** Cheap Argon2id cost: tests log in often; production cost is tested in the auth module. */
    public static final PasswordHasher HASHER = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1),
            new SecureRandom());
    public static final int MAX_APP_PASSWORDS = 5;

    /** The listeners started: submission with implicit TLS (465), submission with STARTTLS (587), MX (25), LMTP. */
    public enum Port { SUBMISSIONS, SUBMISSION, MX, LMTP }

    private final Path dataDir;
    private final MailStore store;
    private final SmtpServer server;
    private final Map<Port, InetSocketAddress> addresses = new EnumMap<>(Port.class);
    private final Path certificateFile;
    private final AtomicInteger wakeups = new AtomicInteger();

    public TestSmtpServer() {
        this(SmtpSettings.defaults("mail.example.org"));
    }

    /** With a short command timeout and error limit, for the tests of those limits. */
    public TestSmtpServer(Duration commandTimeout, int maxErrorsPerConnection) {
        this(new SmtpSettings("mail.example.org", SmtpLimits.DEFAULTS, commandTimeout, 20, 500, maxErrorsPerConnection));
    }

    public TestSmtpServer(SmtpLimits limits, int maxMessagesPerHour) {
        this(new SmtpSettings("mail.example.org", limits, Duration.ofMinutes(5), 20, maxMessagesPerHour, 20));
    }

    public TestSmtpServer(SmtpSettings settings) {
        this(settings, LoginThrottle.Blocking.OFF, Clock.systemUTC());
    }

    /** A server that blocks addresses as {@code blocking} says, judging blocks by {@code clock}. */
    public TestSmtpServer(SmtpSettings settings, LoginThrottle.Blocking blocking, Clock clock) {
        this(settings, blocking, clock, List.of());
    }

    /** With OAUTHBEARER and XOAUTH2 for tokens of these issuers. */
    public TestSmtpServer(List<OAuthIssuer> issuers) {
        this(SmtpSettings.defaults("mail.example.org"), LoginThrottle.Blocking.OFF, Clock.systemUTC(), issuers);
    }

    private TestSmtpServer(SmtpSettings settings, LoginThrottle.Blocking blocking, Clock clock,
                           List<OAuthIssuer> issuers) {
        try {
            dataDir = Files.createTempDirectory("tegami-smtp-test");
            store = SqliteMailStore.open(dataDir);
            List<MailboxSpec> mailboxes = List.of(new MailboxSpec("Sent", Set.of(SpecialUse.SENT)));
            store.accounts().addDomain("example.org");
            // Both with SCRAM credentials, as accounts made by tegami user add have them.
            ScramEnrollment scram = new ScramEnrollment(store.scram(), HASHER, new SecureRandom());
            scram.passwordSet(store.accounts().createAccount(USER, HASHER.hash(PASSWORD), mailboxes).id(), PASSWORD);
            scram.passwordSet(store.accounts().createAccount(OTHER_USER, HASHER.hash(PASSWORD), mailboxes).id(),
                    PASSWORD);
            SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
            certificateFile = dataDir.resolve("certificate.pem");
            Files.copy(certificate.certificate().toPath(), certificateFile);
            SslContext ssl = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey())
                    .protocols("TLSv1.3", "TLSv1.2").build();
            LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(
                    Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMinutes(1), 1000), blocking,
                    store.blocklist(), clock);
            RecipientResolver resolver = new RecipientResolver(store.accounts());
            MailRouter router = new MailRouter(new LocalDelivery(store), store.queue(), wakeups::incrementAndGet);
            PasswordAuthenticator authenticator = new PasswordAuthenticator(new CredentialChecker(store.accounts(),
                    store.appPasswords(), HASHER, MAX_APP_PASSWORDS, Clock.systemUTC()), throttle);
            Optional<BearerTokens> tokens = issuers.isEmpty() ? Optional.empty() : Optional.of(BearerTokens.of(
                    issuers, TokenValidator.Timing.DEFAULTS, store.accounts(), authenticator, Clock.systemUTC()));
            server = new SmtpServer(settings, SaslMechanisms.standard(store, authenticator, new SecureRandom(), tokens),
                    throttle, ssl,
                    resolver, router, new SentCopy(store));
            addresses.put(Port.SUBMISSIONS, listen("submissions", SmtpMode.SUBMISSION, true));
            addresses.put(Port.SUBMISSION, listen("submission", SmtpMode.SUBMISSION, false));
            addresses.put(Port.MX, listen("smtp", SmtpMode.MX, false));
            addresses.put(Port.LMTP, listen("lmtp", SmtpMode.LMTP, false));
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private InetSocketAddress listen(String name, SmtpMode mode, boolean implicitTls) {
        return server.listen(new SmtpListener(name, new InetSocketAddress("127.0.0.1", 0), mode, implicitTls));
    }

    public MailStore store() {
        return store;
    }

    /** The messages in the INBOX of {@code address}, ascending UID. */
    public List<MessageRecord> inbox(String address) {
        return messages(address, Mailbox.INBOX);
    }

    /** The messages in the mailbox {@code name} of {@code address}, ascending UID. */
    public List<MessageRecord> messages(String address, String name) {
        Account account = store.accounts().findAccount(address).orElseThrow();
        Mailbox mailbox = store.mailboxes().findMailbox(account.id(), name).orElseThrow();
        MailboxSnapshot snapshot = store.messages().snapshot(mailbox.id());
        if (snapshot.messages().isEmpty()) {
            return List.of();
        }
        return store.messages().fetch(mailbox.id(), snapshot.messages().stream().map(MessageSummary::uid).toList(), false);
    }

    /** The stored bytes of a message. */
    public byte[] content(MessageRecord record) {
        return store.blobs().read(record.content());
    }

    /** The stored text of the only message in the INBOX of {@code address}. */
    public String onlyMessage(String address) {
        List<MessageRecord> messages = inbox(address);
        if (messages.size() != 1) {
            throw new AssertionError(address + " has " + messages.size() + " messages, expected 1");
        }
        return new String(content(messages.getFirst()), java.nio.charset.StandardCharsets.UTF_8);
    }

    public InetSocketAddress address(Port port) {
        return addresses.get(port);
    }

    public Path certificateFile() {
        return certificateFile;
    }

    /** How often the outbound queue was woken (once per message with remote recipients). */
    public int outboundWakeups() {
        return wakeups.get();
    }

    @Override
    public void close() {
        server.close();
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
