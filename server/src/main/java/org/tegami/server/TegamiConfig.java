package org.tegami.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tegami.auth.LoginThrottle;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.imap.server.ImapSettings;

/**
 * The whole configuration of a Tegami server, after the file and the command-line flags are merged.
 * Every value has a default, so an empty file (or none) is a working configuration.
 *
 * @param hostname   the server's public name; empty means the machine's fully-qualified name
 * @param dataDir    where the store, certificates and other state live
 * @param bind       the address every listener binds unless it sets its own; empty means all addresses
 * @param portOffset added to every listener's default port, so the server can run without root
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
        LoginThrottle.Settings throttle) {

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int IMAPS_DEFAULT_PORT = 993;
    public static final int IMAP_DEFAULT_PORT = 143;
    /** The largest default port; the offset may not push it past 65535. */
    public static final int HIGHEST_DEFAULT_PORT = 993;
    public static final int MAX_PORT_OFFSET = 65535 - HIGHEST_DEFAULT_PORT;

    public static TegamiConfig defaults() {
        return new TegamiConfig(Optional.empty(), DEFAULT_DATA_DIR, Optional.empty(), 0,
                Listener.DEFAULT, Listener.DEFAULT, Tls.DEFAULT, Limits.DEFAULT, LoginThrottle.Settings.DEFAULTS);
    }

    /** The port the IMAPS listener binds: its own {@code port}, else 993 plus the offset. */
    public int imapsPort() {
        return imaps.port().orElse(IMAPS_DEFAULT_PORT + portOffset);
    }

    /** The port the STARTTLS IMAP listener binds: its own {@code port}, else 143 plus the offset. */
    public int imapPort() {
        return imap.port().orElse(IMAP_DEFAULT_PORT + portOffset);
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
    }

    /**
     * TLS settings. Without {@code certificate} and {@code key}, a self-signed certificate is made
     * and kept in the data directory.
     *
     * @param protocols enabled protocol versions, as JSSE names them
     * @param ciphers   enabled cipher suites in order of preference, IANA names
     */
    public record Tls(Optional<Path> certificate, Optional<Path> key, List<String> protocols, List<String> ciphers) {

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
        }
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
     */
    public record Limits(ImapLimits imap, Duration preAuthTimeout, Duration idleTimeout,
                         int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection) {
        /** The IMAP service's own defaults, so the two never drift apart. */
        public static final Limits DEFAULT = fromImapDefaults(ImapSettings.defaults("localhost"));

        private static Limits fromImapDefaults(ImapSettings defaults) {
            return new Limits(defaults.limits(), defaults.preAuthTimeout(), defaults.idleTimeout(),
                    defaults.maxConnectionsPerAddress(), defaults.maxOutputBufferBytes(),
                    defaults.maxFailedLoginsPerConnection());
        }
    }
}
