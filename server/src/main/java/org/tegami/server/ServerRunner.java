package org.tegami.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.auth.Argon2Function;
import org.tegami.auth.CredentialChecker;
import org.tegami.auth.JavaArgon2;
import org.tegami.auth.LibArgon2;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.tegami.auth.LoginThrottle;
import org.tegami.http.MetricsEndpoint;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.auth.PasswordHashing;
import org.tegami.auth.PasswordGenerator;
import org.tegami.auth.PasswordHasher;
import org.tegami.auth.SaslMechanisms;
import org.tegami.auth.oauth.BearerTokens;
import org.tegami.auth.oauth.TokenValidator;
import org.tegami.imap.server.ImapListener;
import org.tegami.http.ClientSettings;
import org.tegami.http.HttpBindException;
import org.tegami.http.HttpListener;
import org.tegami.http.HttpServer;
import org.tegami.http.HttpSettings;
import org.tegami.imap.server.ImapServer;
import org.tegami.imap.server.ImapSettings;
import org.tegami.imap.server.ListenerBindException;
import org.tegami.smtp.server.SmtpBindException;
import org.tegami.smtp.server.SmtpListener;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpServer;
import org.tegami.smtp.server.SmtpSettings;
import org.tegami.smtp.server.delivery.LocalDelivery;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.SentCopy;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.outbound.OutboundDelivery;
import org.tegami.smtp.server.outbound.OutboundSettings;
import org.tegami.store.MailStore;
import org.tegami.http.AcmeHttpChallenges;
import org.tegami.server.acme.AcmeFiles;
import org.tegami.server.acme.AcmeOrder;
import org.tegami.server.acme.AcmeRenewal;
import org.tegami.server.certificates.CertificateWatch;
import org.tegami.server.certificates.ServerCertificates;
import org.tegami.tls.CertificateRegistry;

/**
 * Starts the server by hand-wiring its parts: store, first account, certificate, TLS, IMAP and SMTP
 * services, outbound delivery, listeners, in that order; then starts the outbound delivery loop and
 * prints the startup summary. A failure at any step closes what was
 * already started and surfaces as a one-line {@link CommandFailure}.
 */
public final class ServerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

    /** How much the suggested {@code --port-offset} moves the ports, into the range anyone may bind. */
    private static final int SUGGESTED_OFFSET_STEP = 10000;

    private final TegamiConfig config;
    private final String hostname;
    private final StoreOpener storeOpener;
    private final TlsContextFactory tlsContextFactory;
    private final PrintWriter out;

    /**
     * @param config   the merged configuration
     * @param hostname the resolved public host name (from the configuration or the machine)
     */
    public ServerRunner(TegamiConfig config, String hostname, StoreOpener storeOpener,
                        TlsContextFactory tlsContextFactory, PrintWriter out) {
        this.config = config;
        this.hostname = hostname;
        this.storeOpener = storeOpener;
        this.tlsContextFactory = tlsContextFactory;
        this.out = out;
    }

    public RunningServer start() {
        if (!config.imaps().enabled() && !config.imap().enabled() && !config.smtp().anyEnabled()
                && !config.web().anyEnabled()) {
            throw new CommandFailure("every listener is disabled; set enabled = true in [imaps], [imap], "
                    + "[submissions], [submission], [smtp], [lmtp], [https] or [http]");
        }
        SecureRandom random = new SecureRandom();
        PasswordHashing hashing = PasswordHashing.sizedToCores();
        // The reference C Argon2 when the system has it (a login's cost is mostly its hash); else Bouncy Castle,
        // keeping as much Argon2 memory as the hashing threads use at once for reuse, so logins leave no garbage.
        Argon2Function argon2 = LibArgon2.load().<Argon2Function>map(library -> library)
                .orElseGet(() -> new JavaArgon2(hashing.threads() * PasswordHasher.DEFAULT_COST.memoryKiB()));
        LOG.info("Password hashing (Argon2id) by {} on {} threads", argon2.name(), hashing.threads());
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_COST, random, argon2);
        MailStore store = storeOpener.open(config);
        try {
            // The [quota] default lives in the store, where the limit is enforced and the CLI reads it.
            store.accounts().setDefaultQuota(config.storage().defaultQuota());
            Optional<StartupSummary.FirstAccount> postmaster =
                    createFirstAccount(store, hasher, new PasswordGenerator(random));
            tlsContextFactory.logProvider();
            Optional<AcmeFiles> acmeFiles = config.acme().map(acme ->
                    new AcmeFiles(AcmeFiles.directoryOf(config.dataDir()), random));
            ServerCertificates certificates = new ServerCertificates(config.tls(), tlsContextFactory, hostname,
                    acmeFiles, new SelfSignedCertificate(config.dataDir().resolve("tls"), Clock.systemUTC(), random),
                    Clock.systemUTC());
            SelfSignedCertificate.Obtained selfSigned = certificates.selfSigned().orElse(null);
            ServerCertificate certificate = certificates.fallback().certificate();
            CertificateRegistry registry = certificates.registry();
            AcmeHttpChallenges httpChallenges = new AcmeHttpChallenges();
            // One throttle for both protocols: a password guesser gains nothing by switching from IMAP to SMTP.
            LoginThrottle throttle = new LoginThrottle(config.throttle(), config.blocking(), store.blocklist(),
                    Clock.systemUTC());
            // Logins hash on threads of their own, not on the sessions' carrier threads (see PasswordHashing). Its
            // daemon threads end when idle, so the pool needs no closing of its own.
            PasswordAuthenticator authenticator = new PasswordAuthenticator(new CredentialChecker(store.accounts(),
                    store.appPasswords(), hasher, config.maxAppPasswords(), Clock.systemUTC()), throttle, hashing);
            // One set of SASL mechanisms for both protocols: the same SCRAM credentials and decoys on IMAP and SMTP.
            // OAUTHBEARER and XOAUTH2 only with an issuer to check tokens against (RFC 7628 §3.2.2 needs one).
            Optional<BearerTokens> bearerTokens = config.oauthIssuers().isEmpty() ? Optional.empty()
                    : Optional.of(BearerTokens.of(config.oauthIssuers(), TokenValidator.Timing.DEFAULTS,
                            store.accounts(), authenticator, Clock.systemUTC()));
            SaslMechanisms mechanisms = SaslMechanisms.standard(store, authenticator, random, bearerTokens);
            PrometheusMeterRegistry metrics = ServerMetrics.registry(throttle.metrics());
            certificates.bindMetrics(metrics);
            ImapServer imapServer = new ImapServer(imapSettings(), store, mechanisms, throttle, registry);
            RecipientResolver recipients = new RecipientResolver(store.accounts());
            LocalDelivery localDelivery = new LocalDelivery(store);
            // Bounces are made inside the delivery loop, which looks at the queue again right after each
            // batch, so queueing one needs no wake-up.
            BounceRouter bounces = new BounceRouter(recipients,
                    new MailRouter(localDelivery, store.queue(), () -> { }));
            OutboundDelivery outbound = new OutboundDelivery(outboundSettings(), store, bounces, Clock.systemUTC());
            MailRouter router = new MailRouter(localDelivery, store.queue(), outbound::wake);
            SmtpServer smtpServer = new SmtpServer(smtpSettings(), mechanisms, throttle, registry, recipients,
                    router, new SentCopy(store));
            HttpServer httpServer = null;
            ListeningAddresses addresses;
            try {
                Optional<InetSocketAddress> imaps = listen("imaps", config.imaps(), config.imapsPort(),
                        address -> bindImap(imapServer, new ImapListener("imaps", address, true)));
                Optional<InetSocketAddress> imap = listen("imap", config.imap(), config.imapPort(),
                        address -> bindImap(imapServer, new ImapListener("imap", address, false)));
                Optional<InetSocketAddress> submissions = listen("submissions", config.smtp().submissions(),
                        config.submissionsPort(), address -> smtpServer.listen(new SmtpListener("submissions",
                                address, SmtpMode.SUBMISSION, true)));
                Optional<InetSocketAddress> submission = listen("submission", config.smtp().submission(),
                        config.submissionPort(), address -> smtpServer.listen(new SmtpListener("submission",
                                address, SmtpMode.SUBMISSION, false)));
                Optional<InetSocketAddress> smtp = listen("smtp", config.smtp().mx(), config.smtpPort(),
                        address -> smtpServer.listen(new SmtpListener("smtp", address, SmtpMode.MX, false)));
                Optional<InetSocketAddress> lmtp = listen("lmtp", config.smtp().lmtp(), config.lmtpPort(),
                        address -> smtpServer.listen(new SmtpListener("lmtp", address, SmtpMode.LMTP, false)));
                // The web pages tell clients the ports the mail listeners really have.
                int httpsPort = httpsPortToBind();
                HttpServer web = new HttpServer(HttpSettings.defaults().withProxyProtocol(config.proxyProtocol()),
                        clientSettings(certificate, httpsPort, imaps, imap, submissions, submission), store.accounts(),
                        registry, Optional.of(new MetricsEndpoint(metrics::scrape, config.web()::metricsAllowed)),
                        httpChallenges);
                httpServer = web;
                Optional<InetSocketAddress> https = listen("https", config.web().https(), httpsPort,
                        address -> web.listen(new HttpListener("https", address, true)));
                Optional<InetSocketAddress> http = listen("http", config.web().http(), config.httpPort(),
                        address -> web.listen(new HttpListener("http", address, false)));
                addresses = new ListeningAddresses(imaps, imap, submissions, submission, smtp, lmtp, https, http);
            } catch (RuntimeException e) {
                try {
                    if (httpServer != null) {
                        httpServer.close();
                    }
                    smtpServer.close();
                } finally {
                    try {
                        imapServer.close();
                    } finally {
                        outbound.close();
                    }
                }
                throw e;
            }
            // Started only once everything listens, so a failed start never sends anything, and the ACME
            // server finds the listeners that answer its challenges.
            outbound.start();
            CertificateWatch watch = new CertificateWatch(certificates,
                    CertificateWatch.reloadRequestOf(config.dataDir()), config.tls().reloadInterval(),
                    config.tls().expiryWarningDays(), Clock.systemUTC());
            watch.start();
            Optional<AcmeRenewal> renewal = config.acme().map(acme -> new AcmeRenewal(
                    new AcmeOrder(acme, acmeFiles.orElseThrow(), registry, tlsContextFactory, config.tls(),
                            httpChallenges, acme.timeout())::obtain,
                    acmeFiles.orElseThrow(), () -> acmeNames(acme, store), certificates, acme, Clock.systemUTC()));
            renewal.ifPresent(AcmeRenewal::start);
            new StartupSummary(hostname, config.dataDir(), postmaster, selfSigned, certificate, addresses)
                    .print(out);
            return new RunningServer(imapServer, smtpServer, httpServer, outbound, store, addresses, certificates,
                    throttle.metrics(), watch, renewal);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * What the setup page and the auto-configuration answers tell clients: this host name and the ports
     * as configured (the offset applied), and the certificate's fingerprint when clients must check it.
     */
    /** A configured port, or the standard one where the configuration leaves it to the kernel (port 0). */
    private static int published(int configured, int standard) {
        return configured == 0 ? standard : configured;
    }

    /**
     * The HTTPS port, known before binding because the pages link to it. Only tests ask for an
     * ephemeral port (the configuration file requires 1 to 65535); then a free one is chosen here.
     */
    private int httpsPortToBind() {
        int configured = config.httpsPort();
        if (configured != 0 || !config.web().https().enabled()) {
            return published(configured, TegamiConfig.HTTPS_DEFAULT_PORT);
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new CommandFailure("cannot find a free port for [https]: " + e.getMessage(), e);
        }
    }

    private ClientSettings clientSettings(ServerCertificate certificate, int httpsPort, Optional<InetSocketAddress> imaps,
                                          Optional<InetSocketAddress> imap, Optional<InetSocketAddress> submissions,
                                          Optional<InetSocketAddress> submission) {
        return new ClientSettings(hostname, httpsPort,
                imaps.map(InetSocketAddress::getPort).orElse(published(config.imapsPort(), TegamiConfig.IMAPS_DEFAULT_PORT)),
                imap.map(InetSocketAddress::getPort).orElse(published(config.imapPort(), TegamiConfig.IMAP_DEFAULT_PORT)),
                submissions.map(InetSocketAddress::getPort)
                        .orElse(published(config.submissionsPort(), TegamiConfig.SUBMISSIONS_DEFAULT_PORT)),
                submission.map(InetSocketAddress::getPort)
                        .orElse(published(config.submissionPort(), TegamiConfig.SUBMISSION_DEFAULT_PORT)),
                certificate.selfSigned() ? Optional.of(certificate.sha256Fingerprint()) : Optional.empty(),
                config.web().mtaStsMode());
    }

    private ImapSettings imapSettings() {
        TegamiConfig.Limits limits = config.limits();
        return new ImapSettings(hostname, limits.imap(), limits.preAuthTimeout(), limits.idleTimeout(),
                limits.maxConnectionsPerAddress(), limits.maxOutputBufferBytes(), limits.maxFailedLoginsPerConnection(),
                limits.maxRememberedExpunges(), limits.progressInterval(), limits.maxUpdateContexts(),
                config.proxyProtocol())
                .withNotifyLimits(limits.maxWatchedMailboxes(), limits.maxPendingNotifications())
                .withMetadata(limits.metadata());
    }

    private SmtpSettings smtpSettings() {
        TegamiConfig.Smtp smtp = config.smtp();
        return new SmtpSettings(hostname, smtp.input(), smtp.commandTimeout(), smtp.maxConnectionsPerAddress(),
                smtp.maxMessagesPerHour(), smtp.maxErrorsPerConnection(), config.proxyProtocol());
    }

    private OutboundSettings outboundSettings() {
        TegamiConfig.Outbound outbound = config.smtp().outbound();
        OutboundSettings settings = new OutboundSettings(hostname,
                outbound.resolver().map(resolver -> new InetSocketAddress(resolver.host(), resolver.port())),
                outbound.mxPort(), outbound.connectTimeout(), outbound.commandTimeout(), outbound.dataTimeout(),
                outbound.dnsTimeout(), new OutboundSettings.RetrySchedule(outbound.retryInitialDelay(),
                        outbound.retryFactor(), outbound.retryMaxDelay()),
                outbound.maxQueueTime(), outbound.batchEntries(), outbound.lease(), outbound.maxReturnedMessageBytes(),
                outbound.relay().map(relay -> new OutboundSettings.Relay(relay.host(), relay.port(),
                        switch (relay.tls()) {
                            case IMPLICIT -> OutboundSettings.TlsMode.IMPLICIT;
                            case STARTTLS -> OutboundSettings.TlsMode.STARTTLS;
                            case STARTTLS_OPTIONAL -> OutboundSettings.TlsMode.STARTTLS_OPTIONAL;
                        }, relay.username(), relay.password())),
                outbound.trustedCertificates().map(ServerRunner::trustAnchors));
        outbound.resolver().ifPresent(resolver -> {
            if (settings.resolver().orElseThrow().isUnresolved()) {
                throw new CommandFailure("[outbound] resolver '" + resolver + "' does not resolve; give an IP address");
            }
        });
        return settings;
    }

    /** The certificates of a PEM file as a trust store, for a smarthost or MX hosts with a private CA. */
    private static KeyStore trustAnchors(java.nio.file.Path pemFile) {
        List<X509Certificate> certificates = PemFiles.readCertificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandFailure("cannot use [outbound] trusted_certificates " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The names the ACME certificate carries: the configured ones, else the host name and, for every local
     * domain, the names its clients look up: {@code autoconfig.}, {@code autodiscover.} and {@code mta-sts.}
     * (the MTA-STS policy must be served with a valid certificate, RFC 8461 §3.3).
     */
    static List<String> acmeNames(TegamiConfig.Acme acme, String hostname, List<String> domains) {
        if (!acme.domains().isEmpty()) {
            return acme.domains();
        }
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        names.add(hostname);
        for (String domain : domains) {
            names.add("autoconfig." + domain);
            names.add("autodiscover." + domain);
            names.add("mta-sts." + domain);
        }
        return List.copyOf(names);
    }

    private List<String> acmeNames(TegamiConfig.Acme acme, MailStore store) {
        return acmeNames(acme, hostname, store.accounts().listDomains());
    }

    /**
     * On the very first start there is nobody to log in as: make {@code postmaster@<hostname>}
     * (RFC 5321 §4.5.1 requires that mailbox anyway) with a generated password.
     */
    private Optional<StartupSummary.FirstAccount> createFirstAccount(MailStore store, PasswordHasher hasher,
                                                                     PasswordGenerator generator) {
        if (!store.accounts().listAccounts().isEmpty()) {
            return Optional.empty();
        }
        MailAddress postmaster = new MailAddress("postmaster", hostname);
        String password = generator.generate();
        store.accounts().addDomain(hostname);
        try {
            new AccountProvisioner(store.accounts(), store.scram(), hasher).create(postmaster, password);
        } catch (CommandFailure e) {
            // Nodes sharing one PostgreSQL store may start at once: the node that lost the race uses the
            // account the other one made (and printed the password of).
            if (store.accounts().findAccount(postmaster.toString()).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new StartupSummary.FirstAccount(postmaster.toString(), password));
    }

    /** Binds one listener of either service; throws the service's own bind exception on failure. */
    @FunctionalInterface
    private interface Binder {
        InetSocketAddress bind(InetSocketAddress address);
    }

    private Optional<InetSocketAddress> listen(String name, TegamiConfig.Listener listener, int port, Binder binder) {
        if (!listener.enabled()) {
            return Optional.empty();
        }
        Optional<String> bind = listener.bind().or(config::bind);
        InetSocketAddress address = bind.map(host -> new InetSocketAddress(host, port))
                .orElseGet(() -> new InetSocketAddress(port));
        if (address.isUnresolved()) {
            throw new CommandFailure("cannot listen for " + name + ": bind address '" + bind.orElseThrow()
                    + "' does not resolve; change --bind, bind or [" + name + "] bind in the config file");
        }
        try {
            return Optional.of(binder.bind(address));
        } catch (ListenerBindException | SmtpBindException | HttpBindException e) {
            throw new CommandFailure(e.getMessage() + "; " + remedy(name), e);
        }
    }

    private static InetSocketAddress bindImap(ImapServer server, ImapListener listener) {
        try {
            return server.listen(listener);
        } catch (ListenerBindException e) {
            throw e;
        } catch (Exception e) {
            // Netty's native transport reports bind errors as an undeclared IOException that can slip
            // past the listener's own translation; give it the same one-line treatment.
            if (e instanceof IOException) {
                throw new ListenerBindException(listener, e);
            }
            throw e;
        }
    }

    private String remedy(String listenerName) {
        int suggestedOffset = config.portOffset() + SUGGESTED_OFFSET_STEP <= TegamiConfig.MAX_PORT_OFFSET
                ? config.portOffset() + SUGGESTED_OFFSET_STEP
                : SUGGESTED_OFFSET_STEP;
        return "use --port-offset " + suggestedOffset + " or set [" + listenerName + "] port in the config file";
    }
}
