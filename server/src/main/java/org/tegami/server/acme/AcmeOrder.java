package org.tegami.server.acme;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.http.AcmeHttpChallenges;
import org.tegami.server.CommandFailure;
import org.tegami.server.PemFiles;
import org.tegami.server.ServerCertificate;
import org.tegami.server.TegamiConfig;
import org.tegami.server.TlsContextFactory;
import org.tegami.tls.CertificateRegistry;

/**
 * Obtains one certificate from the ACME server (RFC 8555 §7.4): finds or creates the account by its key,
 * orders the names, proves control of each with the configured challenge (answered by the running
 * listeners), finalizes with a new key and downloads the chain. The protocol itself is acme4j's.
 */
public final class AcmeOrder {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeOrder.class);

    private final TegamiConfig.Acme settings;
    private final AcmeFiles files;
    private final CertificateRegistry registry;
    private final TlsContextFactory contexts;
    private final TegamiConfig.Tls tls;
    private final AcmeHttpChallenges httpChallenges;
    private final Duration timeout;

    /**
     * @param timeout how long one validation, and the issuance, may take at the CA
     */
    public AcmeOrder(TegamiConfig.Acme settings, AcmeFiles files, CertificateRegistry registry,
                     TlsContextFactory contexts, TegamiConfig.Tls tls, AcmeHttpChallenges httpChallenges,
                     Duration timeout) {
        this.settings = settings;
        this.files = files;
        this.registry = registry;
        this.contexts = contexts;
        this.tls = tls;
        this.httpChallenges = httpChallenges;
        this.timeout = timeout;
    }

    /** A certificate for {@code names}, or the CA's reason why not. */
    public ServerCertificate obtain(List<String> names) throws AcmeException, InterruptedException {
        Session session = session();
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(files.accountKey());
        settings.contact().ifPresent(builder::addContact);
        // RFC 8555 §7.3.1: with a key the CA knows, this finds the existing account instead of a new one.
        Account account = builder.create(session);
        Order order = account.newOrder().domains(names).create();
        List<Runnable> withdrawals = new ArrayList<>();
        try {
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    validate(authorization, withdrawals);
                }
            }
            KeyPair certificateKey = files.generate(settings.keyType());
            order.execute(certificateKey);
            Status status = order.waitForCompletion(timeout);
            if (status != Status.VALID) {
                throw new AcmeException("the order ended " + status + order.getError().map(p -> ": " + describe(p))
                        .orElse(""));
            }
            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            return new ServerCertificate(certificateKey.getPrivate(), chain, false);
        } finally {
            withdrawals.forEach(Runnable::run);
        }
    }

    private void validate(Authorization authorization, List<Runnable> withdrawals)
            throws AcmeException, InterruptedException {
        String name = authorization.getIdentifier().getDomain();
        Challenge challenge = switch (settings.challenge()) {
            case TLS_ALPN_01 -> {
                TlsAlpn01Challenge alpn = authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow(
                        () -> new AcmeException("the CA offers no tls-alpn-01 challenge for " + name));
                // RFC 8737 §3: a self-signed certificate for the name with the acmeIdentifier extension. acme4j
                // signs it as SHA256with<key algorithm>, which the JDK's providers know for RSA keys only.
                KeyPair keys = files.generate(TegamiConfig.KeyType.RSA_2048);
                X509Certificate certificate = alpn.createCertificate(keys, authorization.getIdentifier());
                registry.answerAcmeChallenge(name, contexts.createAcmeChallenge(keys.getPrivate(), certificate, tls));
                withdrawals.add(() -> registry.withdrawAcmeChallenge(name));
                yield alpn;
            }
            case HTTP_01 -> {
                Http01Challenge http = authorization.findChallenge(Http01Challenge.class).orElseThrow(
                        () -> new AcmeException("the CA offers no http-01 challenge for " + name));
                httpChallenges.answer(http.getToken(), http.getAuthorization());
                withdrawals.add(() -> httpChallenges.withdraw(http.getToken()));
                yield http;
            }
        };
        LOG.info("ACME: proving control of {} by {}", name, challenge.getType());
        challenge.trigger();
        Status status = challenge.waitForCompletion(timeout);
        if (status != Status.VALID) {
            throw new AcmeException("the CA could not validate " + name + " by " + challenge.getType()
                    + challenge.getError().map(p -> ": " + describe(p)).orElse(" (" + status + ")"));
        }
    }

    static String describe(Problem problem) {
        return problem.getDetail().or(problem::getTitle).orElse(problem.getType().toString());
    }

    private Session session() {
        if (settings.directoryCa().isEmpty()) {
            return new Session(settings.directory());
        }
        SSLContext trust = trusting(PemFiles.readCertificates(settings.directoryCa().get()));
        // A private ACME server (or a test one) with its own CA: its HTTPS is verified against that CA only.
        return new Session(settings.directory(), new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings network) {
                return new HttpConnector(network) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(trust);
                    }
                };
            }
        });
    }

    private static SSLContext trusting(List<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("acme-ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandFailure("cannot use [acme] directory_ca: " + e.getMessage(), e);
        }
    }
}
