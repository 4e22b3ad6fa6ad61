package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.PasswordHashing;
import org.tegami.store.AppPasswords;
import org.tegami.store.MailStore;

/**
 * Password hashing does not hold up other sessions: while more slow logins than the machine has cores are
 * hashing (an Argon2id cost far above the default), a logged-in session's NOOP is answered before the
 * first of those logins is. Hashing on the sessions' own virtual threads would pin every carrier thread, and
 * the NOOP would wait for a login to finish.
 */
class SlowLoginTest {

    private static final String SLOW_USER = "slow@example.org";
    /** About a second of Argon2id per login on a quiet machine: long against a NOOP, short for a test. */
    private static final PasswordHasher.Cost SLOW_COST = new PasswordHasher.Cost(16 * 1024, 24, 1);

    private final int cores = Runtime.getRuntime().availableProcessors();
    private TestImapServer base;
    private ImapServer server;
    private PasswordHashing hashing;
    private InetSocketAddress address;
    /** Counts logins of the slow account that are about to verify its hash. */
    private CountDownLatch hashingStarted;

    @BeforeEach
    void start() throws Exception {
        base = new TestImapServer();
        MailStore store = base.store();
        store.accounts().createAccount(SLOW_USER,
                new PasswordHasher(SLOW_COST, new SecureRandom()).hash(TestImapServer.PASSWORD), List.of());
        hashingStarted = new CountDownLatch(cores);
        AppPasswords appPasswords = store.appPasswords();
        // The checker asks this right before it verifies the password's hash, with nothing that blocks between.
        AppPasswords signalling = (AppPasswords) Proxy.newProxyInstance(AppPasswords.class.getClassLoader(),
                new Class<?>[] {AppPasswords.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(appPasswords, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().equals("mainPasswordRefused")
                                && store.accounts().findAccount(SLOW_USER).orElseThrow().id().equals(args[0])) {
                            hashingStarted.countDown();
                        }
                    }
                });
        LoginThrottle throttle = new LoginThrottle(TestImapServer.TINY_THROTTLE, Clock.systemUTC());
        hashing = PasswordHashing.sizedToCores();
        PasswordAuthenticator authenticator = new PasswordAuthenticator(new CredentialChecker(store.accounts(),
                signalling, TestImapServer.HASHER, 0, Clock.systemUTC()), throttle, hashing);
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        SslContext ssl = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
        // One connection per slow login and the fast one, whatever the number of cores.
        ImapSettings settings = new ImapSettings("localhost", org.tegami.imap.protocol.ImapLimits.DEFAULTS,
                java.time.Duration.ofSeconds(120), java.time.Duration.ofMinutes(30), cores + 10, 1024 * 1024, 5);
        server = new ImapServer(settings, store, authenticator, throttle, ssl);
        address = server.listen(new ImapListener("imaps", new InetSocketAddress("127.0.0.1", 0), true));
    }

    @AfterEach
    void stop() {
        server.close();
        hashing.close();
        base.close();
    }

    @Test
    void otherSessionsCommandsAreAnsweredWhileLoginsHash() throws Exception {
        try (ImapTestClient fast = ImapTestClient.tls(address)) {
            fast.readLine();
            fast.setReadTimeoutMillis(120_000);
            assertTrue(fast.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\"")
                    .getLast().startsWith("l OK"));
            assertTrue(fast.command("s", "SELECT INBOX").getLast().startsWith("s OK"));

            List<ImapTestClient> slow = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            AtomicLong firstLoginAnswered = new AtomicLong(Long.MAX_VALUE);
            List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                for (int i = 0; i <= cores; i++) {
                    ImapTestClient client = ImapTestClient.tls(address);
                    slow.add(client);
                    try {
                        client.readLine();
                    } catch (java.net.SocketTimeoutException e) {
                        // Once logins hash, a new connection's greeting (written by its session) waits too.
                        throw new AssertionError("a new connection's greeting waited for logins to hash", e);
                    }
                    client.setReadTimeoutMillis(120_000);
                    client.send("l LOGIN " + SLOW_USER + " \"" + TestImapServer.PASSWORD + "\"");
                    readers.add(Thread.ofPlatform().start(() -> {
                        try {
                            String last = client.readUntilTagged("l").getLast();
                            firstLoginAnswered.accumulateAndGet(System.nanoTime(), Math::min);
                            answers.add(last);
                        } catch (java.io.IOException e) {
                            answers.add(e.toString());
                        }
                    }));
                }
                assertTrue(hashingStarted.await(60, TimeUnit.SECONDS), "the slow logins did not start hashing");

                List<String> noop = fast.command("n", "NOOP");
                long noopAnswered = System.nanoTime();
                assertEquals("n OK NOOP completed", noop.getLast());
                assertTrue(noopAnswered < firstLoginAnswered.get(),
                        "the NOOP waited for a login to finish hashing");

                for (Thread reader : readers) {
                    reader.join(TimeUnit.MINUTES.toMillis(2));
                }
                assertEquals(cores + 1, answers.size());
                assertTrue(answers.stream().allMatch(a -> a.startsWith("l OK")), answers.toString());
            } finally {
                for (ImapTestClient client : slow) {
                    client.close();
                }
            }
        }
    }
}
