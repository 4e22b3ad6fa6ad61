package org.tegami.imap.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.store.MailStore;
import org.tegami.store.MailboxSpec;
import org.tegami.store.SpecialUse;
import org.tegami.store.postgres.OrphanSweep;
import org.tegami.store.postgres.PostgresMailStore;
import org.tegami.store.postgres.PostgresTestDatabase;
import org.tegami.store.sqlite.SqliteMailStore;

/**
 * A real IMAP server for tests: SQLite store in a temporary directory, a self-signed certificate, an
 * implicit-TLS listener and a STARTTLS listener on loopback ports chosen by the kernel.
 */
public final class TestImapServer implements AutoCloseable {

    public static final String USER = "alice@example.org";
    public static final String PASSWORD = "correct horse battery staple";
    public static final String OTHER_USER = "bob@example.org";

    /** Cheap Argon2id cost: tests log in often; production cost is tested in the auth module. */
    static final PasswordHasher HASHER = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1), new SecureRandom());

    /** Tiny delays keep tests that fail logins fast; tests of the delay itself pass larger ones. */
    static final LoginThrottle.Settings TINY_THROTTLE = new LoginThrottle.Settings(
            Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMinutes(1), 1000);

    static final int MAX_APP_PASSWORDS = 5;

    private final Path dataDir;
    /** The backend a test server runs on: SQLite in its temporary directory, or PostgreSQL in a fresh schema. */
    public enum Backend {
        SQLITE, POSTGRES
    }

    private final MailStore store;
    private final PostgresTestDatabase database;
    private final ImapServer server;
    private final InetSocketAddress implicitTls;
    private final InetSocketAddress startTls;
    private final Path certificateFile;
    private final LoginThrottle throttle;

    public TestImapServer() {
        this(ImapLimits.DEFAULTS, 20);
    }

    public TestImapServer(ImapLimits limits, int maxConnectionsPerAddress) {
        this(new ImapSettings("localhost", limits, Duration.ofSeconds(30), Duration.ofMinutes(30),
                maxConnectionsPerAddress, 1024 * 1024, 5));
    }

    public TestImapServer(ImapSettings settings) {
        this(settings, TINY_THROTTLE);
    }

    public TestImapServer(ImapSettings settings, LoginThrottle.Settings throttleSettings) {
        this(settings, throttleSettings, LoginThrottle.Blocking.OFF, Clock.systemUTC());
    }

    /** A server that blocks addresses as {@code blocking} says, judging blocks by {@code clock}. */
    public TestImapServer(ImapSettings settings, LoginThrottle.Settings throttleSettings,
                          LoginThrottle.Blocking blocking, Clock clock) {
        this(settings, throttleSettings, blocking, clock, SslProvider.JDK);
    }

    /** With the given TLS provider: the JDK's by default; OpenSSL (netty-tcnative) to test what differs. */
    public TestImapServer(SslProvider provider) {
        this(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30), Duration.ofMinutes(30), 20,
                1024 * 1024, 5), TINY_THROTTLE, LoginThrottle.Blocking.OFF, Clock.systemUTC(), provider);
    }

    /** With the default settings, on the given backend. */
    public TestImapServer(Backend backend) {
        this(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30), Duration.ofMinutes(30), 20,
                1024 * 1024, 5), TINY_THROTTLE, LoginThrottle.Blocking.OFF, Clock.systemUTC(), SslProvider.JDK,
                List.of(), backend);
    }

    /** With OAUTHBEARER and XOAUTH2 for tokens of these issuers. */
    public TestImapServer(List<OAuthIssuer> issuers) {
        this(new ImapSettings("localhost", ImapLimits.DEFAULTS, Duration.ofSeconds(30), Duration.ofMinutes(30), 20,
                1024 * 1024, 5), TINY_THROTTLE, LoginThrottle.Blocking.OFF, Clock.systemUTC(), SslProvider.JDK,
                issuers);
    }

    private TestImapServer(ImapSettings settings, LoginThrottle.Settings throttleSettings,
                           LoginThrottle.Blocking blocking, Clock clock, SslProvider provider) {
        this(settings, throttleSettings, blocking, clock, provider, List.of());
    }

    private TestImapServer(ImapSettings settings, LoginThrottle.Settings throttleSettings,
                           LoginThrottle.Blocking blocking, Clock clock, SslProvider provider,
                           List<OAuthIssuer> issuers) {
        this(settings, throttleSettings, blocking, clock, provider, issuers, Backend.SQLITE);
    }

    private TestImapServer(ImapSettings settings, LoginThrottle.Settings throttleSettings,
                           LoginThrottle.Blocking blocking, Clock clock, SslProvider provider,
                           List<OAuthIssuer> issuers, Backend backend) {
        try {
            dataDir = Files.createTempDirectory("tegami-imap-test");
            if (backend == Backend.POSTGRES) {
                database = PostgresTestDatabase.create();
                store = PostgresMailStore.open(database.settings(4), Optional.empty(), Clock.systemUTC(),
                        OrphanSweep.defaults());
            } else {
                database = null;
                store = SqliteMailStore.open(dataDir);
            }
            List<MailboxSpec> mailboxes = List.of(
                    new MailboxSpec("Drafts", Set.of(SpecialUse.DRAFTS)),
                    new MailboxSpec("Sent", Set.of(SpecialUse.SENT)),
                    new MailboxSpec("Trash", Set.of(SpecialUse.TRASH)),
                    new MailboxSpec("Junk", Set.of(SpecialUse.JUNK)),
                    new MailboxSpec("Archive", Set.of(SpecialUse.ARCHIVE)));
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
                    .sslProvider(provider).protocols("TLSv1.3", "TLSv1.2").build();
            throttle = new LoginThrottle(throttleSettings, blocking, store.blocklist(), clock);
            PasswordAuthenticator authenticator = authenticator(store, throttle);
            Optional<BearerTokens> tokens = issuers.isEmpty() ? Optional.empty() : Optional.of(BearerTokens.of(
                    issuers, TokenValidator.Timing.DEFAULTS, store.accounts(), authenticator, Clock.systemUTC()));
            server = new ImapServer(settings, store,
                    SaslMechanisms.standard(store, authenticator, new SecureRandom(), tokens), throttle, ssl);
            implicitTls = server.listen(new ImapListener("imaps", new InetSocketAddress("127.0.0.1", 0), true));
            startTls = server.listen(new ImapListener("imap", new InetSocketAddress("127.0.0.1", 0), false));
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authenticator of a test server: {@link #HASHER}'s cost, up to {@link #MAX_APP_PASSWORDS} app passwords. */
    static PasswordAuthenticator authenticator(MailStore store, LoginThrottle throttle) {
        return new PasswordAuthenticator(new CredentialChecker(store.accounts(), store.appPasswords(), HASHER,
                MAX_APP_PASSWORDS, Clock.systemUTC()), throttle);
    }

    public MailStore store() {
        return store;
    }

    /** The login throttle the server counts failures in, by client address. */
    public LoginThrottle throttle() {
        return throttle;
    }

    public InetSocketAddress implicitTlsAddress() {
        return implicitTls;
    }

    /** The server's self-signed certificate (for "localhost") as PEM, for clients that verify it. */
    public Path certificateFile() {
        return certificateFile;
    }

    public Path dataDir() {
        return dataDir;
    }

    public InetSocketAddress startTlsAddress() {
        return startTls;
    }

    /** The most output any one session has queued for its client right now. */
    long largestQueuedOutputBytes() {
        return server.largestQueuedOutputBytes();
    }

    /** The views of the sessions that have a mailbox selected now. */
    List<SelectedMailbox> selectedViews() {
        return server.selectedViews();
    }

    @Override
    public void close() {
        server.close();
        store.close();
        if (database != null) {
            database.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
