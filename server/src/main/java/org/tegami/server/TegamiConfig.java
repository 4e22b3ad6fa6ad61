package org.tegami.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.oauth.OAuthIssuer;
import org.tegami.connection.ProxyProtocol;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.imap.server.ImapSettings;
import org.tegami.smtp.protocol.SmtpLimits;
import org.tegami.smtp.server.SmtpSettings;
import org.tegami.smtp.server.outbound.OutboundSettings;

/**
 * The whole configuration of a Tegami server, after the file and the command-line flags are merged.
 * Every value has a default, so an empty file (or none) is a working configuration.
 *
 * @param hostname   the server's public name; empty means the machine's fully-qualified name
 * @param dataDir    where the store, certificates and other state live
 * @param bind       the address every listener binds unless it sets its own; empty means all addresses
 * @param portOffset added to every listener's default port, so the server can run without root
 * @param throttle   how failed logins are delayed
 * @param blocking   when a client address is blocked after failed logins, for how long, and which never are
 * @param maxAppPasswords app passwords one account may have; every login checks that many hashes
 * @param smtp       the SMTP listeners, their limits and outbound delivery
 * @param web        the HTTPS and HTTP listeners of the setup page and client auto-configuration
 * @param oauthIssuers the OAuth 2.0 authorization servers whose bearer tokens log in (OAUTHBEARER, XOAUTH2);
 *                     none means those mechanisms are not offered
 * @param proxyProtocol the load balancers whose PROXY headers every listener accepts; none by default
 * @param acme       certificates obtained and renewed from an ACME server (RFC 8555); empty means none
 * @param storage    where the metadata and the message bytes are kept ([store] and [blobs])
 */
public record TegamiConfig(
        Optional<String> hostname,
        Path dataDir,
        Optional<String> bind,
        int portOffset,
        Listener imaps,
        Listener imap,
        Tls tls,
        Limits limits,
        LoginThrottle.Settings throttle,
        LoginThrottle.Blocking blocking,
        int maxAppPasswords,
        Smtp smtp,
        Web web,
        List<OAuthIssuer> oauthIssuers,
        ProxyProtocol proxyProtocol,
        Optional<Acme> acme,
        StorageConfig storage) {

    public TegamiConfig {
        oauthIssuers = List.copyOf(oauthIssuers);
    }

    /** A configuration without the PROXY protocol and without ACME, on the embedded store. */
    public TegamiConfig(Optional<String> hostname, Path dataDir, Optional<String> bind, int portOffset, Listener imaps,
                        Listener imap, Tls tls, Limits limits, LoginThrottle.Settings throttle,
                        LoginThrottle.Blocking blocking, int maxAppPasswords, Smtp smtp, Web web,
                        List<OAuthIssuer> oauthIssuers) {
        this(hostname, dataDir, bind, portOffset, imaps, imap, tls, limits, throttle, blocking, maxAppPasswords, smtp,
                web, oauthIssuers, ProxyProtocol.OFF, Optional.empty(), StorageConfig.DEFAULT);
    }

    /** A configuration without ACME, on the embedded store. */
    public TegamiConfig(Optional<String> hostname, Path dataDir, Optional<String> bind, int portOffset, Listener imaps,
                        Listener imap, Tls tls, Limits limits, LoginThrottle.Settings throttle,
                        LoginThrottle.Blocking blocking, int maxAppPasswords, Smtp smtp, Web web,
                        List<OAuthIssuer> oauthIssuers, ProxyProtocol proxyProtocol) {
        this(hostname, dataDir, bind, portOffset, imaps, imap, tls, limits, throttle, blocking, maxAppPasswords, smtp,
                web, oauthIssuers, proxyProtocol, Optional.empty(), StorageConfig.DEFAULT);
    }

    /** Which ACME challenge proves control of a name (RFC 8555 §8). */
    public enum AcmeChallenge {
        /** RFC 8737: a TLS handshake with ALPN {@code acme-tls/1} on port 443. */
        TLS_ALPN_01,
        /** RFC 8555 §8.3: a file fetched over plain HTTP on port 80. */
        HTTP_01
    }

    /** The key pair type of ACME certificates; ECDSA P-256 is small and fast, RSA for old clients. */
    public enum KeyType {
        EC_P256("ec-p256"), RSA_2048("rsa-2048"), RSA_3072("rsa-3072"), RSA_4096("rsa-4096");

        private final String word;

        KeyType(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * Certificates from an ACME server.
     *
     * @param directory          the directory URL ({@code acme://letsencrypt.org} for the presets)
     * @param contact            the account's contact URL ({@code mailto:}), if any
     * @param challenge          how control of the names is proved
     * @param domains            the names to certify; empty means the host name and the autoconfig,
     *                           autodiscover and mta-sts names of every local domain
     * @param directoryCa        CA certificates that verify the ACME server's own HTTPS instead of the JDK's
     * @param keyType            the certificate's key type
     * @param retryInitialDelay  the wait after a first failed attempt; it doubles with each further failure
     * @param retryMaxDelay      the longest wait between attempts
     * @param timeout            how long the CA may take to validate a name, and to issue
     */
    public record Acme(java.net.URI directory, Optional<String> contact, AcmeChallenge challenge,
                       List<String> domains, Optional<Path> directoryCa, KeyType keyType,
                       Duration retryInitialDelay, Duration retryMaxDelay, Duration timeout) {
        public static final java.net.URI LETSENCRYPT = java.net.URI.create("acme://letsencrypt.org");
        public static final java.net.URI LETSENCRYPT_STAGING = java.net.URI.create("acme://letsencrypt.org/staging");
        public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofMinutes(1);
        public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofHours(24);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

        public Acme {
            domains = List.copyOf(domains);
        }
    }

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_MAX_APP_PASSWORDS = 20;
    /** Every login checks this many app-password hashes at most (about 2 ms each): it bounds the cost. */
    public static final int MAX_APP_PASSWORDS_LIMIT = 100;
    public static final int IMAPS_DEFAULT_PORT = 993;
    public static final int IMAP_DEFAULT_PORT = 143;
    /** RFC 8314 §3.3: message submission with implicit TLS. */
    public static final int SUBMISSIONS_DEFAULT_PORT = 465;
    /** RFC 6409 §3.1: message submission with STARTTLS. */
    public static final int SUBMISSION_DEFAULT_PORT = 587;
    /** RFC 5321 §4.5.4.2: mail from other servers. */
    public static final int SMTP_DEFAULT_PORT = 25;
    /** RFC 2033 §5 asks for a port other than 25; 24 is the one in common use. */
    public static final int LMTP_DEFAULT_PORT = 24;
    /** HTTPS: the setup page, autoconfig, Autodiscover, Apple profiles and MTA-STS. */
    public static final int HTTPS_DEFAULT_PORT = 443;
    /** Cleartext HTTP: redirects to HTTPS, and autoconfig, which Thunderbird may fetch without TLS. */
    public static final int HTTP_DEFAULT_PORT = 80;
    /** The largest default port; the offset may not push it past 65535. */
    public static final int HIGHEST_DEFAULT_PORT = 993;
    public static final int MAX_PORT_OFFSET = 65535 - HIGHEST_DEFAULT_PORT;

    public TegamiConfig withProxyProtocol(ProxyProtocol proxy) {
        return new TegamiConfig(hostname, dataDir, bind, portOffset, imaps, imap, tls, limits, throttle, blocking,
                maxAppPasswords, smtp, web, oauthIssuers, proxy, acme, storage);
    }

    public static TegamiConfig defaults() {
        return new TegamiConfig(Optional.empty(), DEFAULT_DATA_DIR, Optional.empty(), 0,
                Listener.DEFAULT, Listener.DEFAULT, Tls.DEFAULT, Limits.DEFAULT, LoginThrottle.Settings.DEFAULTS,
                LoginThrottle.Blocking.DEFAULTS, DEFAULT_MAX_APP_PASSWORDS, Smtp.DEFAULT, Web.DEFAULT,
                List.of(), ProxyProtocol.OFF, Optional.empty(), StorageConfig.DEFAULT);
    }

    /** The HTTPS listener: its own {@code port}, else 443 plus the offset. */
    public int httpsPort() {
        return web.https().port().orElse(HTTPS_DEFAULT_PORT + portOffset);
    }

    /** The cleartext HTTP listener: its own {@code port}, else 80 plus the offset. */
    public int httpPort() {
        return web.http().port().orElse(HTTP_DEFAULT_PORT + portOffset);
    }

    /**
     * The web listeners, the MTA-STS policy mode served at {@code /.well-known/mta-sts.txt}
     * (RFC 8461 §3.2; {@code testing} until the operator is sure every MX has a valid certificate), and the
     * client networks that may read {@code /metrics} (every other client gets a 404).
     */
    public record Web(Listener https, Listener http, org.tegami.http.MtaStsMode mtaStsMode,
                      List<org.tegami.auth.Network> metricsAllowNetworks) {
        /** Loopback only: a scraper on the host itself, or behind a proxy there. */
        public static final List<org.tegami.auth.Network> DEFAULT_METRICS_ALLOW_NETWORKS = List.of(
                org.tegami.auth.Network.parse("127.0.0.0/8"), org.tegami.auth.Network.parse("::1/128"));
        public static final Web DEFAULT = new Web(Listener.DEFAULT, Listener.DEFAULT, org.tegami.http.MtaStsMode.TESTING);

        public Web {
            metricsAllowNetworks = List.copyOf(metricsAllowNetworks);
        }

        public Web(Listener https, Listener http, org.tegami.http.MtaStsMode mtaStsMode) {
            this(https, http, mtaStsMode, DEFAULT_METRICS_ALLOW_NETWORKS);
        }

        /** Whether a client address may read {@code /metrics}. */
        public boolean metricsAllowed(java.net.InetAddress address) {
            return metricsAllowNetworks.stream().anyMatch(network -> network.contains(address));
        }

        public boolean anyEnabled() {
            return https.enabled() || http.enabled();
        }
    }

    /** The port the IMAPS listener binds: its own {@code port}, else 993 plus the offset. */
    public int imapsPort() {
        return imaps.port().orElse(IMAPS_DEFAULT_PORT + portOffset);
    }

    /** The port the STARTTLS IMAP listener binds: its own {@code port}, else 143 plus the offset. */
    public int imapPort() {
        return imap.port().orElse(IMAP_DEFAULT_PORT + portOffset);
    }

    /** The SMTP submission listener with implicit TLS: its own {@code port}, else 465 plus the offset. */
    public int submissionsPort() {
        return smtp.submissions().port().orElse(SUBMISSIONS_DEFAULT_PORT + portOffset);
    }

    /** The SMTP submission listener with STARTTLS: its own {@code port}, else 587 plus the offset. */
    public int submissionPort() {
        return smtp.submission().port().orElse(SUBMISSION_DEFAULT_PORT + portOffset);
    }

    /** The inbound (MX) SMTP listener: its own {@code port}, else 25 plus the offset. */
    public int smtpPort() {
        return smtp.mx().port().orElse(SMTP_DEFAULT_PORT + portOffset);
    }

    /** The LMTP listener: its own {@code port}, else 24 plus the offset. */
    public int lmtpPort() {
        return smtp.lmtp().port().orElse(LMTP_DEFAULT_PORT + portOffset);
    }

    /**
     * One listener table such as {@code [imaps]}.
     *
     * @param port    explicit port; empty means the protocol's standard port plus {@code port_offset}
     * @param bind    explicit address; empty means the top-level {@code bind}
     * @param enabled whether to listen at all
     */
    public record Listener(OptionalInt port, Optional<String> bind, boolean enabled) {
        public static final Listener DEFAULT = new Listener(OptionalInt.empty(), Optional.empty(), true);
        /**
         * LMTP takes mail for any local recipient from whoever connects, without authentication
         * (RFC 2033 §1 assumes a trusted network), so it is off and bound to loopback unless configured.
         */
        public static final Listener LMTP_DEFAULT = new Listener(OptionalInt.empty(), Optional.of("127.0.0.1"), false);
    }

    /**
     * TLS settings. Without {@code certificate} and {@code key}, a self-signed certificate is made
     * and kept in the data directory.
     *
     * @param protocols enabled protocol versions, as JSSE names them
     * @param ciphers   enabled cipher suites in order of preference, IANA names
     */
    /**
     * @param certificate     the default certificate chain (PEM); empty means ACME's or the self-signed one
     * @param key             its private key
     * @param sni             further PEM certificates, each presented for the DNS names it carries
     * @param reloadInterval  how often PEM files and the reload request are looked at
     * @param expiryWarningDays a certificate this close to expiry is warned about in the log
     */
    public record Tls(Optional<Path> certificate, Optional<Path> key, List<String> protocols, List<String> ciphers,
                      List<PemPair> sni, Duration reloadInterval, int expiryWarningDays) {

        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);
        public static final int DEFAULT_EXPIRY_WARNING_DAYS = 21;

        public Tls(Optional<Path> certificate, Optional<Path> key, List<String> protocols, List<String> ciphers) {
            this(certificate, key, protocols, ciphers, List.of(), DEFAULT_RELOAD_INTERVAL, DEFAULT_EXPIRY_WARNING_DAYS);
        }

        public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

        /**
         * Mozilla's "intermediate" recommendation (without the DHE suites): the TLS 1.3 suites, then
         * ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2. The TLS 1.3 names must be listed,
         * because the JDK provider enables only the suites it is given.
         */
        public static final List<String> DEFAULT_CIPHERS = List.of(
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

        public static final Tls DEFAULT = new Tls(Optional.empty(), Optional.empty(), DEFAULT_PROTOCOLS,
                DEFAULT_CIPHERS);

        public Tls {
            protocols = List.copyOf(protocols);
            ciphers = List.copyOf(ciphers);
            sni = List.copyOf(sni);
        }
    }

    /** A certificate chain file and its key file. */
    public record PemPair(Path certificate, Path key) {
    }

    /**
     * Input and connection limits of the IMAP service.
     *
     * @param imap                     parser and framer limits
     * @param preAuthTimeout           how long a connection may stay unauthenticated and silent
     * @param idleTimeout              inactivity limit of an authenticated session (at least 30 minutes)
     * @param maxConnectionsPerAddress connections one client address may hold open at once
     * @param maxOutputBufferBytes     bytes queued for a client that does not read (at least 64 KiB)
     * @param maxFailedLoginsPerConnection failed logins after which a connection is closed
     * @param maxRememberedExpunges    expunges remembered per mailbox for QRESYNC (RFC 7162)
     * @param progressInterval         how often a long command reports its progress (RFC 9585)
     * @param maxUpdateContexts        search results one session keeps up to date at once (RFC 5267 §4.3)
     * @param maxWatchedMailboxes      mailboxes whose counters a session under NOTIFY remembers (RFC 5465)
     * @param maxPendingNotifications  changes a session under NOTIFY holds before NOTIFICATIONOVERFLOW (RFC 5465)
     */
    public record Limits(ImapLimits imap, Duration preAuthTimeout, Duration idleTimeout,
                         int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection,
                         int maxRememberedExpunges, Duration progressInterval, int maxUpdateContexts,
                         int maxWatchedMailboxes, int maxPendingNotifications,
                         org.tegami.imap.server.MetadataSettings metadata) {
        /** The IMAP service's own defaults, so the two never drift apart. */
        public static final Limits DEFAULT = fromImapDefaults(ImapSettings.defaults("localhost"));

        /** Limits with the default METADATA settings ({@code [metadata]}, RFC 5464). */
        public Limits(ImapLimits imap, Duration preAuthTimeout, Duration idleTimeout, int maxConnectionsPerAddress,
                      int maxOutputBufferBytes, int maxFailedLoginsPerConnection, int maxRememberedExpunges,
                      Duration progressInterval, int maxUpdateContexts, int maxWatchedMailboxes,
                      int maxPendingNotifications) {
            this(imap, preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                    maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval, maxUpdateContexts,
                    maxWatchedMailboxes, maxPendingNotifications, org.tegami.imap.server.MetadataSettings.DEFAULTS);
        }

        private static Limits fromImapDefaults(ImapSettings defaults) {
            return new Limits(defaults.limits(), defaults.preAuthTimeout(), defaults.idleTimeout(),
                    defaults.maxConnectionsPerAddress(), defaults.maxOutputBufferBytes(),
                    defaults.maxFailedLoginsPerConnection(), defaults.maxRememberedExpunges(),
                    defaults.progressInterval(), defaults.maxUpdateContexts(), defaults.maxWatchedMailboxes(),
                    defaults.maxPendingNotifications(), defaults.metadata());
        }
    }

    /**
     * The SMTP service: its four listeners ({@code [submissions]}, {@code [submission]}, {@code [smtp]},
     * {@code [lmtp]}), its limits ({@code [smtp_limits]}) and outbound delivery ({@code [outbound]},
     * {@code [relay]}).
     *
     * @param input                    command line, message size and recipient limits
     * @param commandTimeout           how long a session waits for the next command or data
     * @param maxConnectionsPerAddress connections one client address may hold open at once
     * @param maxMessagesPerHour       messages one account may submit per hour
     * @param maxErrorsPerConnection   failed commands after which a connection is closed
     */
    public record Smtp(Listener submissions, Listener submission, Listener mx, Listener lmtp, SmtpLimits input,
                       Duration commandTimeout, int maxConnectionsPerAddress, int maxMessagesPerHour,
                       int maxErrorsPerConnection, Outbound outbound) {
        /** The SMTP service's own defaults, so the two never drift apart. */
        public static final Smtp DEFAULT = fromSmtpDefaults(SmtpSettings.defaults("localhost"));

        private static Smtp fromSmtpDefaults(SmtpSettings defaults) {
            return new Smtp(Listener.DEFAULT, Listener.DEFAULT, Listener.DEFAULT, Listener.LMTP_DEFAULT,
                    defaults.limits(), defaults.commandTimeout(), defaults.maxConnectionsPerAddress(),
                    defaults.maxMessagesPerHour(), defaults.maxErrorsPerConnection(), Outbound.DEFAULT);
        }

        public boolean anyEnabled() {
            return submissions.enabled() || submission.enabled() || mx.enabled() || lmtp.enabled();
        }
    }

    /** A host name or address with a port, such as a DNS resolver. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * How queued mail is sent on: see the {@code [outbound]} table in the README.
     *
     * @param resolver                the DNS server for MX lookups; empty for the system's resolvers
     * @param trustedCertificates     PEM file of the certificates that verify remote servers instead of the
     *                                JDK's trust store (a smarthost with a private CA)
     * @param relay                   the smarthost that takes all outgoing mail, if any
     */
    public record Outbound(Optional<Endpoint> resolver, int mxPort, Duration connectTimeout, Duration commandTimeout,
                           Duration dataTimeout, Duration dnsTimeout, Duration retryInitialDelay, double retryFactor,
                           Duration retryMaxDelay, Duration maxQueueTime, int batchEntries, Duration lease,
                           long maxReturnedMessageBytes, Optional<Path> trustedCertificates, Optional<Relay> relay) {
        /** The delivery engine's own defaults, so the two never drift apart. */
        public static final Outbound DEFAULT = fromOutboundDefaults(OutboundSettings.defaults("localhost"));

        private static Outbound fromOutboundDefaults(OutboundSettings defaults) {
            return new Outbound(Optional.empty(), defaults.mxPort(), defaults.connectTimeout(),
                    defaults.commandTimeout(), defaults.dataTimeout(), defaults.dnsTimeout(),
                    defaults.retry().initialDelay(), defaults.retry().factor(), defaults.retry().maxDelay(),
                    defaults.maxQueueTime(), defaults.batchEntries(), defaults.lease(),
                    defaults.maxReturnedMessageBytes(), Optional.empty(), Optional.empty());
        }
    }

    /** How to speak TLS to the smarthost. */
    public enum RelayTls {
        /** TLS from the first byte (port 465), certificate verified. */
        IMPLICIT,
        /** STARTTLS required, certificate verified. */
        STARTTLS,
        /** STARTTLS when offered, any certificate; plain text otherwise. */
        STARTTLS_OPTIONAL
    }

    /** A smarthost that receives all outgoing mail; credentials are sent only over TLS. */
    public record Relay(String host, int port, RelayTls tls, Optional<String> username, Optional<String> password) {
        @Override
        public String toString() {
            // Keeps the password out of logs and error messages.
            return "Relay[" + host + ":" + port + ", " + tls + username.map(u -> ", user " + u).orElse("") + "]";
        }
    }
}
