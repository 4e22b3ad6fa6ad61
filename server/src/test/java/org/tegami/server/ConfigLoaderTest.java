package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.Network;
import org.tegami.imap.protocol.ImapLimits;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String toml) throws IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, toml);
        return file;
    }

    private TegamiConfig load(String toml) throws IOException {
        return loader.load(Optional.of(write(toml)), ConfigLoader.Overrides.NONE);
    }

    private String failure(String toml) throws IOException {
        return assertThrows(CommandFailure.class, () -> load(toml)).getMessage();
    }

    /** Every key: the TOML that sets it, how to read it back, and the value expected. */
    static Stream<Arguments> everyKey() {
        return Stream.of(
                key("hostname", "hostname = \"Mail.Example.COM\"", c -> c.hostname(), Optional.of("mail.example.com")),
                key("data_dir", "data_dir = \"/var/lib/tegami\"", c -> c.dataDir(), Path.of("/var/lib/tegami")),
                key("bind", "bind = \"127.0.0.1\"", c -> c.bind(), Optional.of("127.0.0.1")),
                key("port_offset", "port_offset = 10000", c -> c.portOffset(), 10000),
                key("imaps.port", "[imaps]\nport = 1993", c -> c.imaps().port(), OptionalInt.of(1993)),
                key("imaps.bind", "[imaps]\nbind = \"::1\"", c -> c.imaps().bind(), Optional.of("::1")),
                key("imaps.enabled", "[imaps]\nenabled = false", c -> c.imaps().enabled(), false),
                key("imap.port", "[imap]\nport = 1143", c -> c.imap().port(), OptionalInt.of(1143)),
                key("imap.bind", "[imap]\nbind = \"10.0.0.1\"", c -> c.imap().bind(), Optional.of("10.0.0.1")),
                key("imap.enabled", "[imap]\nenabled = false", c -> c.imap().enabled(), false),
                key("tls.protocols", "[tls]\nprotocols = [\"TLSv1.3\"]", c -> c.tls().protocols(), List.of("TLSv1.3")),
                key("tls.ciphers", "[tls]\nciphers = [\"TLS_AES_128_GCM_SHA256\"]", c -> c.tls().ciphers(),
                        List.of("TLS_AES_128_GCM_SHA256")),
                key("tls.reload_interval_seconds", "[tls]\nreload_interval_seconds = 5", c -> c.tls().reloadInterval(),
                        Duration.ofSeconds(5)),
                key("tls.expiry_warning_days", "[tls]\nexpiry_warning_days = 30", c -> c.tls().expiryWarningDays(), 30),
                key("acme.directory", "[acme]\ndirectory = \"letsencrypt-staging\"",
                        c -> c.acme().orElseThrow().directory(), TegamiConfig.Acme.LETSENCRYPT_STAGING),
                key("acme.contact", "[acme]\ncontact = \"mailto:postmaster@example.com\"",
                        c -> c.acme().orElseThrow().contact(), Optional.of("mailto:postmaster@example.com")),
                key("acme.challenge", "[acme]\nchallenge = \"http-01\"", c -> c.acme().orElseThrow().challenge(),
                        TegamiConfig.AcmeChallenge.HTTP_01),
                key("acme.domains", "[acme]\ndomains = [\"Mail.Example.com\", \"mta-sts.example.com\"]",
                        c -> c.acme().orElseThrow().domains(), List.of("mail.example.com", "mta-sts.example.com")),
                key("acme.key_type", "[acme]\nkey_type = \"rsa-3072\"", c -> c.acme().orElseThrow().keyType(),
                        TegamiConfig.KeyType.RSA_3072),
                key("acme.retry_initial_delay_seconds", "[acme]\nretry_initial_delay_seconds = 30",
                        c -> c.acme().orElseThrow().retryInitialDelay(), Duration.ofSeconds(30)),
                key("acme.retry_max_delay_seconds", "[acme]\nretry_max_delay_seconds = 3600",
                        c -> c.acme().orElseThrow().retryMaxDelay(), Duration.ofHours(1)),
                key("acme.timeout_seconds", "[acme]\ntimeout_seconds = 300", c -> c.acme().orElseThrow().timeout(),
                        Duration.ofMinutes(5)),
                key("limits.max_line_bytes", "[limits]\nmax_line_bytes = 1000", c -> c.limits().imap().maxLineBytes(), 1000),
                key("limits.max_literal_bytes_before_auth", "[limits]\nmax_literal_bytes_before_auth = 1001",
                        c -> c.limits().imap().maxLiteralBytesBeforeAuth(), 1001),
                key("limits.max_literal_bytes", "[limits]\nmax_literal_bytes = 1002",
                        c -> c.limits().imap().maxLiteralBytes(), 1002),
                key("limits.append_limit_bytes", "[limits]\nappend_limit_bytes = 1003",
                        c -> c.limits().imap().appendLimitBytes(), 1003L),
                key("limits.max_command_bytes", "[limits]\nmax_command_bytes = 100000000000",
                        c -> c.limits().imap().maxCommandBytes(), 100_000_000_000L),
                key("limits.max_nesting_depth", "[limits]\nmax_nesting_depth = 7",
                        c -> c.limits().imap().maxNestingDepth(), 7),
                key("limits.max_sequence_ranges", "[limits]\nmax_sequence_ranges = 8",
                        c -> c.limits().imap().maxSequenceRanges(), 8),
                key("limits.pre_auth_timeout_seconds", "[limits]\npre_auth_timeout_seconds = 9",
                        c -> c.limits().preAuthTimeout(), Duration.ofSeconds(9)),
                key("limits.idle_timeout_seconds", "[limits]\nidle_timeout_seconds = 3600",
                        c -> c.limits().idleTimeout(), Duration.ofHours(1)),
                key("limits.max_connections_per_address", "[limits]\nmax_connections_per_address = 3",
                        c -> c.limits().maxConnectionsPerAddress(), 3),
                key("limits.max_output_buffer_bytes", "[limits]\nmax_output_buffer_bytes = 65536",
                        c -> c.limits().maxOutputBufferBytes(), 65536),
                key("limits.max_failed_logins_per_connection", "[limits]\nmax_failed_logins_per_connection = 2",
                        c -> c.limits().maxFailedLoginsPerConnection(), 2),
                key("limits.progress_interval_ms", "[limits]\nprogress_interval_ms = 250",
                        c -> c.limits().progressInterval(), Duration.ofMillis(250)),
                key("limits.literal_minus", "[limits]\nliteral_minus = true",
                        c -> c.limits().imap().literalMinus(), true),
                key("limits.max_remembered_expunges", "[limits]\nmax_remembered_expunges = 0",
                        c -> c.limits().maxRememberedExpunges(), 0),
                key("limits.max_update_contexts", "[limits]\nmax_update_contexts = 1",
                        c -> c.limits().maxUpdateContexts(), 1),
                key("limits.notify_max_watched_mailboxes", "[limits]\nnotify_max_watched_mailboxes = 0",
                        c -> c.limits().maxWatchedMailboxes(), 0),
                key("limits.notify_max_pending_notifications", "[limits]\nnotify_max_pending_notifications = 1",
                        c -> c.limits().maxPendingNotifications(), 1),
                key("auth.throttle_initial_delay_ms", "[auth]\nthrottle_initial_delay_ms = 100",
                        c -> c.throttle().initialDelay(), Duration.ofMillis(100)),
                key("auth.throttle_max_delay_ms", "[auth]\nthrottle_max_delay_ms = 2000",
                        c -> c.throttle().maxDelay(), Duration.ofSeconds(2)),
                key("auth.throttle_forget_after_seconds", "[auth]\nthrottle_forget_after_seconds = 60",
                        c -> c.throttle().forgetAfter(), Duration.ofMinutes(1)),
                key("auth.block_after_failures", "[auth]\nblock_after_failures = 5",
                        c -> c.blocking().blockAfterFailures(), 5),
                key("auth.block_seconds", "[auth]\nblock_seconds = 3600",
                        c -> c.blocking().blockFor(), Duration.ofHours(1)),
                key("auth.allow_networks", "[auth]\nallow_networks = [\"192.0.2.0/24\", \"2001:db8::/32\"]",
                        c -> c.blocking().allowNetworks(),
                        List.of(Network.parse("192.0.2.0/24"), Network.parse("2001:db8::/32"))),
                key("auth.max_app_passwords", "[auth]\nmax_app_passwords = 5", c -> c.maxAppPasswords(), 5),
                key("metrics.allow_networks", "[metrics]\nallow_networks = [\"192.0.2.0/24\", \"2001:db8::/32\"]",
                        c -> c.web().metricsAllowNetworks(),
                        List.of(Network.parse("192.0.2.0/24"), Network.parse("2001:db8::/32"))),
                key("proxy_protocol.trusted_networks",
                        "[proxy_protocol]\ntrusted_networks = [\"10.0.0.0/8\", \"::1/128\"]",
                        c -> c.proxyProtocol().trustedNetworks(),
                        List.of(Network.parse("10.0.0.0/8"), Network.parse("::1/128"))),
                key("proxy_protocol.header_timeout_seconds", "[proxy_protocol]\nheader_timeout_seconds = 2",
                        c -> c.proxyProtocol().headerTimeout(), Duration.ofSeconds(2)),
                key("submissions.port", "[submissions]\nport = 1465", c -> c.smtp().submissions().port(),
                        OptionalInt.of(1465)),
                key("submissions.bind", "[submissions]\nbind = \"::1\"", c -> c.smtp().submissions().bind(),
                        Optional.of("::1")),
                key("submissions.enabled", "[submissions]\nenabled = false", c -> c.smtp().submissions().enabled(),
                        false),
                key("submission.port", "[submission]\nport = 1587", c -> c.smtp().submission().port(),
                        OptionalInt.of(1587)),
                key("submission.bind", "[submission]\nbind = \"10.0.0.2\"", c -> c.smtp().submission().bind(),
                        Optional.of("10.0.0.2")),
                key("submission.enabled", "[submission]\nenabled = false", c -> c.smtp().submission().enabled(),
                        false),
                key("smtp.port", "[smtp]\nport = 2525", c -> c.smtp().mx().port(), OptionalInt.of(2525)),
                key("smtp.bind", "[smtp]\nbind = \"10.0.0.3\"", c -> c.smtp().mx().bind(), Optional.of("10.0.0.3")),
                key("smtp.enabled", "[smtp]\nenabled = false", c -> c.smtp().mx().enabled(), false),
                key("lmtp.port", "[lmtp]\nport = 2424", c -> c.smtp().lmtp().port(), OptionalInt.of(2424)),
                key("lmtp.bind", "[lmtp]\nbind = \"10.0.0.4\"", c -> c.smtp().lmtp().bind(), Optional.of("10.0.0.4")),
                key("lmtp.enabled", "[lmtp]\nenabled = true", c -> c.smtp().lmtp().enabled(), true),
                key("https.port", "[https]\nport = 8443", c -> c.web().https().port(), OptionalInt.of(8443)),
                key("https.bind", "[https]\nbind = \"10.0.0.5\"", c -> c.web().https().bind(), Optional.of("10.0.0.5")),
                key("https.enabled", "[https]\nenabled = false", c -> c.web().https().enabled(), false),
                key("http.port", "[http]\nport = 8080", c -> c.web().http().port(), OptionalInt.of(8080)),
                key("http.bind", "[http]\nbind = \"10.0.0.6\"", c -> c.web().http().bind(), Optional.of("10.0.0.6")),
                key("http.enabled", "[http]\nenabled = false", c -> c.web().http().enabled(), false),
                key("mta_sts.mode", "[mta_sts]\nmode = \"enforce\"", c -> c.web().mtaStsMode(),
                        org.tegami.http.MtaStsMode.ENFORCE),
                key("smtp_limits.max_command_line_bytes", "[smtp_limits]\nmax_command_line_bytes = 512",
                        c -> c.smtp().input().maxCommandLineBytes(), 512),
                key("smtp_limits.max_message_bytes", "[smtp_limits]\nmax_message_bytes = 10485760",
                        c -> c.smtp().input().maxMessageBytes(), 10_485_760L),
                key("smtp_limits.max_recipients", "[smtp_limits]\nmax_recipients = 250",
                        c -> c.smtp().input().maxRecipients(), 250),
                key("smtp_limits.max_messages_per_hour", "[smtp_limits]\nmax_messages_per_hour = 50",
                        c -> c.smtp().maxMessagesPerHour(), 50),
                key("smtp_limits.command_timeout_seconds", "[smtp_limits]\ncommand_timeout_seconds = 600",
                        c -> c.smtp().commandTimeout(), Duration.ofMinutes(10)),
                key("smtp_limits.max_errors_per_connection", "[smtp_limits]\nmax_errors_per_connection = 5",
                        c -> c.smtp().maxErrorsPerConnection(), 5),
                key("smtp_limits.max_connections_per_address", "[smtp_limits]\nmax_connections_per_address = 4",
                        c -> c.smtp().maxConnectionsPerAddress(), 4),
                key("outbound.resolver", "[outbound]\nresolver = \"127.0.0.53:5353\"",
                        c -> c.smtp().outbound().resolver(), Optional.of(new TegamiConfig.Endpoint("127.0.0.53", 5353))),
                key("outbound.mx_port", "[outbound]\nmx_port = 2525", c -> c.smtp().outbound().mxPort(), 2525),
                key("outbound.connect_timeout_seconds", "[outbound]\nconnect_timeout_seconds = 5",
                        c -> c.smtp().outbound().connectTimeout(), Duration.ofSeconds(5)),
                key("outbound.command_timeout_seconds", "[outbound]\ncommand_timeout_seconds = 60",
                        c -> c.smtp().outbound().commandTimeout(), Duration.ofMinutes(1)),
                key("outbound.data_timeout_seconds", "[outbound]\ndata_timeout_seconds = 120",
                        c -> c.smtp().outbound().dataTimeout(), Duration.ofMinutes(2)),
                key("outbound.dns_timeout_seconds", "[outbound]\ndns_timeout_seconds = 3",
                        c -> c.smtp().outbound().dnsTimeout(), Duration.ofSeconds(3)),
                key("outbound.retry_initial_delay_seconds", "[outbound]\nretry_initial_delay_seconds = 30",
                        c -> c.smtp().outbound().retryInitialDelay(), Duration.ofSeconds(30)),
                key("outbound.retry_factor", "[outbound]\nretry_factor = 1.5", c -> c.smtp().outbound().retryFactor(),
                        1.5),
                key("outbound.retry_max_delay_seconds", "[outbound]\nretry_max_delay_seconds = 7200",
                        c -> c.smtp().outbound().retryMaxDelay(), Duration.ofHours(2)),
                key("outbound.max_queue_days", "[outbound]\nmax_queue_days = 3", c -> c.smtp().outbound().maxQueueTime(),
                        Duration.ofDays(3)),
                key("outbound.batch_entries", "[outbound]\nbatch_entries = 4", c -> c.smtp().outbound().batchEntries(),
                        4),
                key("outbound.lease_seconds", "[outbound]\nlease_seconds = 1800", c -> c.smtp().outbound().lease(),
                        Duration.ofMinutes(30)),
                key("outbound.max_returned_message_bytes", "[outbound]\nmax_returned_message_bytes = 0",
                        c -> c.smtp().outbound().maxReturnedMessageBytes(), 0L),
                key("relay.host", "[relay]\nhost = \"smtp.provider.example\"",
                        c -> c.smtp().outbound().relay().orElseThrow().host(), "smtp.provider.example"),
                key("relay.port", "[relay]\nhost = \"h.example\"\nport = 2587",
                        c -> c.smtp().outbound().relay().orElseThrow().port(), 2587),
                key("relay.tls", "[relay]\nhost = \"h.example\"\ntls = \"implicit\"",
                        c -> c.smtp().outbound().relay().orElseThrow().tls(), TegamiConfig.RelayTls.IMPLICIT),
                key("relay.username", "[relay]\nhost = \"h.example\"\nusername = \"u\"\npassword = \"p\"",
                        c -> c.smtp().outbound().relay().orElseThrow().username(), Optional.of("u")),
                key("relay.password", "[relay]\nhost = \"h.example\"\nusername = \"u\"\npassword = \"secret\"",
                        c -> c.smtp().outbound().relay().orElseThrow().password(), Optional.of("secret")),
                key("oauth.issuer", OAUTH, c -> c.oauthIssuers().getFirst().issuer(),
                        java.net.URI.create("https://id.example.com/realms/mail")),
                key("oauth.audience", "[oauth]\nissuer = \"https://id.example.com\"\naudience = [\"a\", \"b\"]",
                        c -> c.oauthIssuers().getFirst().audiences(), Set.of("a", "b")),
                key("oauth.algorithms", OAUTH + "\nalgorithms = [\"ES256\"]",
                        c -> c.oauthIssuers().getFirst().algorithms(), Set.of(com.nimbusds.jose.JWSAlgorithm.ES256)),
                key("oauth.claim", OAUTH + "\nclaim = \"preferred_username\"",
                        c -> c.oauthIssuers().getFirst().claim(), "preferred_username"),
                key("oauth.scope", OAUTH + "\nscope = \"openid mail\"",
                        c -> c.oauthIssuers().getFirst().scope(), "openid mail"),
                key("oauth.clock_skew_seconds", OAUTH + "\nclock_skew_seconds = 5",
                        c -> c.oauthIssuers().getFirst().clockSkew(), Duration.ofSeconds(5)),
                key("oauth.introspection_endpoint", OAUTH_INTROSPECTION,
                        c -> c.oauthIssuers().getFirst().introspectionEndpoint(),
                        Optional.of(java.net.URI.create("https://id.example.com/introspect"))),
                key("oauth.client_id", OAUTH_INTROSPECTION, c -> c.oauthIssuers().getFirst().clientId(),
                        Optional.of("tegami")),
                key("oauth.client_secret", OAUTH_INTROSPECTION, c -> c.oauthIssuers().getFirst().clientSecret(),
                        Optional.of("s3cret")),
                key("store.backend", POSTGRES, c -> c.storage().backend(), StorageConfig.Backend.POSTGRES),
                key("store.url", POSTGRES, c -> c.storage().postgres().orElseThrow().url(),
                        "jdbc:postgresql://db.example.com:5432/tegami"),
                key("store.user", POSTGRES, c -> c.storage().postgres().orElseThrow().user(), "tegami"),
                key("store.password", POSTGRES, c -> c.storage().postgres().orElseThrow().password(), "secret"),
                key("store.pool_size", POSTGRES + "\npool_size = 7",
                        c -> c.storage().postgres().orElseThrow().poolSize(), 7),
                key("store.max_transactions_per_commit", "[store]\nmax_transactions_per_commit = 16",
                        c -> c.storage().maxTransactionsPerCommit(), 16),
                key("store.inline_message_max_bytes", "[store]\ninline_message_max_bytes = 4096",
                        c -> c.storage().inlineMessageMaxBytes(), 4096),
                key("blobs.backend", POSTGRES + "\n[blobs]\nbackend = \"postgres\"", c -> c.storage().blobs(),
                        StorageConfig.BlobBackend.POSTGRES),
                key("blobs.directory", POSTGRES + "\n[blobs]\ndirectory = \"/srv/shared/blobs\"",
                        c -> c.storage().blobDirectory(), Optional.of(Path.of("/srv/shared/blobs"))),
                key("blobs.endpoint", S3, c -> c.storage().s3().orElseThrow().endpoint(),
                        java.net.URI.create("https://s3.example.com")),
                key("blobs.bucket", S3, c -> c.storage().s3().orElseThrow().bucket(), "tegami-mail"),
                key("blobs.region", S3, c -> c.storage().s3().orElseThrow().region(), "eu-west-3"),
                key("blobs.access_key", S3, c -> c.storage().s3().orElseThrow().accessKey(), "AKIA"),
                key("blobs.secret_key", S3, c -> c.storage().s3().orElseThrow().secretKey(), "shh"),
                key("blobs.orphan_grace_seconds", "[blobs]\norphan_grace_seconds = 600",
                        c -> c.storage().orphanGrace(), Duration.ofSeconds(600)),
                key("quota.storage", "[quota]\nstorage = \"5GiB\"", c -> c.storage().defaultQuota().storageBytes(),
                        5L << 30),
                key("quota.messages", "[quota]\nmessages = 100", c -> c.storage().defaultQuota().messages(), 100L),
                key("metadata.max_value_bytes", "[metadata]\nmax_value_bytes = 4096",
                        c -> c.limits().metadata().maxValueBytes(), 4096),
                key("metadata.max_entries", "[metadata]\nmax_entries = 50", c -> c.limits().metadata().maxEntries(), 50),
                key("metadata.max_entry_name_bytes", "[metadata]\nmax_entry_name_bytes = 128",
                        c -> c.limits().metadata().maxEntryNameBytes(), 128),
                key("metadata.server_comment", "[metadata]\nserver_comment = \"Maintenance on Sunday\"",
                        c -> c.limits().metadata().serverComment(), Optional.of("Maintenance on Sunday")),
                key("metadata.server_admin", "[metadata]\nserver_admin = \"mailto:postmaster@example.org\"",
                        c -> c.limits().metadata().serverAdmin(), Optional.of("mailto:postmaster@example.org")),
                key("blobs.orphan_sweep_interval_seconds", "[blobs]\norphan_sweep_interval_seconds = 300",
                        c -> c.storage().orphanSweepInterval(), Duration.ofSeconds(300)));
    }

    private static final String POSTGRES = "[store]\nbackend = \"postgres\"\n"
            + "url = \"jdbc:postgresql://db.example.com:5432/tegami\"\nuser = \"tegami\"\npassword = \"secret\"";
    private static final String S3 = POSTGRES + "\n[blobs]\nbackend = \"s3\"\nendpoint = \"https://s3.example.com\"\n"
            + "bucket = \"tegami-mail\"\nregion = \"eu-west-3\"\naccess_key = \"AKIA\"\nsecret_key = \"shh\"";

    @Test
    void theStoreDefaultsToSqliteWithFilesAndPostgresGetsItsDefaults() throws IOException {
        TegamiConfig defaults = load("");
        assertEquals(StorageConfig.DEFAULT, defaults.storage());
        TegamiConfig postgres = load(POSTGRES);
        assertEquals(StorageConfig.DEFAULT_POOL_SIZE, postgres.storage().postgres().orElseThrow().poolSize());
        assertEquals(StorageConfig.BlobBackend.FILESYSTEM, postgres.storage().blobs());
        assertEquals(StorageConfig.DEFAULT_S3_REGION,
                load(S3.replace("region = \"eu-west-3\"\n", "")).storage().s3().orElseThrow().region());
        assertFalse(postgres.storage().toString().contains("secret"), "the password stays out of logs");
        assertFalse(load(S3).storage().toString().contains("shh"), "the secret key stays out of logs");
    }

    @Test
    void storeAndBlobKeysAreCheckedTogether() throws IOException {
        assertTrue(failure("[store]\nbackend = \"mysql\"").contains("'store.backend' must be \"sqlite\" or \"postgres\""));
        assertTrue(failure("[store]\nbackend = \"postgres\"").contains("needs 'url' and 'user'"));
        assertTrue(failure(POSTGRES.replace("password = \"secret\"", "")).contains("needs 'password' or 'password_file'"));
        assertTrue(failure("[store]\nurl = \"jdbc:postgresql://h/db\"").contains("apply only with backend = \"postgres\""));
        assertTrue(failure("[store]\nbackend = \"postgres\"\nurl = \"mysql://h/db\"").contains("PostgreSQL JDBC URL"));
        assertTrue(failure("[blobs]\nbackend = \"postgres\"").contains("needs [store] backend = \"postgres\""));
        assertTrue(failure("[blobs]\nbackend = \"s3\"").contains("needs [store] backend = \"postgres\"")
                || failure("[blobs]\nbackend = \"s3\"").contains("needs 'endpoint'"));
        assertTrue(failure(POSTGRES + "\n[blobs]\nbackend = \"s3\"").contains("needs 'endpoint', 'bucket'"));
        assertTrue(failure(POSTGRES + "\n[blobs]\nbucket = \"b\"").contains("apply only with backend = \"s3\""));
        assertTrue(failure(POSTGRES + "\npool_size = 0").contains("store.pool_size"));
        assertTrue(failure(POSTGRES + "\npool_size = 1001").contains("store.pool_size"));
        assertEquals(1000, load(POSTGRES + "\npool_size = 1000").storage().postgres().orElseThrow().poolSize());
        assertEquals(1, load(POSTGRES + "\npool_size = 1").storage().postgres().orElseThrow().poolSize());
        assertEquals(StorageConfig.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT, load("").storage().maxTransactionsPerCommit());
        assertEquals(1, load("[store]\nmax_transactions_per_commit = 1").storage().maxTransactionsPerCommit());
        assertTrue(failure("[store]\nmax_transactions_per_commit = 0").contains("store.max_transactions_per_commit"));
        assertEquals(StorageConfig.MAX_TRANSACTIONS_PER_COMMIT, load("[store]\nmax_transactions_per_commit = "
                + StorageConfig.MAX_TRANSACTIONS_PER_COMMIT).storage().maxTransactionsPerCommit());
        assertTrue(failure("[store]\nmax_transactions_per_commit = " + (StorageConfig.MAX_TRANSACTIONS_PER_COMMIT + 1))
                .contains("store.max_transactions_per_commit"));
        assertTrue(failure(POSTGRES + "\nmax_transactions_per_commit = 8")
                .contains("'max_transactions_per_commit' applies only with backend = \"sqlite\""));
        assertEquals(StorageConfig.DEFAULT_INLINE_MESSAGE_MAX_BYTES, load("").storage().inlineMessageMaxBytes());
        assertEquals(65_536, StorageConfig.DEFAULT_INLINE_MESSAGE_MAX_BYTES);
        assertEquals(0, load("[store]\ninline_message_max_bytes = 0").storage().inlineMessageMaxBytes());
        assertTrue(failure("[store]\ninline_message_max_bytes = -1").contains("store.inline_message_max_bytes"));
        assertEquals(StorageConfig.MAX_INLINE_MESSAGE_BYTES, load("[store]\ninline_message_max_bytes = "
                + StorageConfig.MAX_INLINE_MESSAGE_BYTES).storage().inlineMessageMaxBytes());
        assertTrue(failure("[store]\ninline_message_max_bytes = " + (StorageConfig.MAX_INLINE_MESSAGE_BYTES + 1))
                .contains("store.inline_message_max_bytes"));
        assertTrue(failure(POSTGRES + "\ninline_message_max_bytes = 0")
                .contains("'inline_message_max_bytes' applies only with backend = \"sqlite\""));
        assertEquals(Duration.ZERO, load("[blobs]\norphan_grace_seconds = 0").storage().orphanGrace());
        assertTrue(failure("[blobs]\norphan_grace_seconds = -1").contains("blobs.orphan_grace_seconds"));
        assertEquals(Duration.ofSeconds(1),
                load("[blobs]\norphan_sweep_interval_seconds = 1").storage().orphanSweepInterval());
        assertTrue(failure("[blobs]\norphan_sweep_interval_seconds = 0").contains("blobs.orphan_sweep_interval_seconds"));
    }

    @Test
    void theStorePasswordAndTheSecretKeyCanComeFromFiles() throws IOException {
        Path password = dir.resolve("db-password");
        Files.writeString(password, "from-file\n");
        Path secret = dir.resolve("s3-secret");
        Files.writeString(secret, "secret-from-file\n");
        TegamiConfig config = load(POSTGRES.replace("password = \"secret\"", "password_file = \"" + password + "\"")
                + "\n[blobs]\nbackend = \"s3\"\nendpoint = \"https://s3.example.com\"\nbucket = \"b\"\n"
                + "access_key = \"AKIA\"\nsecret_key_file = \"" + secret + "\"");
        assertEquals("from-file", config.storage().postgres().orElseThrow().password());
        assertEquals("secret-from-file", config.storage().s3().orElseThrow().secretKey());
        assertTrue(failure(POSTGRES + "\npassword_file = \"" + password + "\"").contains("not both"));
    }

    private static final String OAUTH = "[oauth]\nissuer = \"https://id.example.com/realms/mail\"\naudience = \"mail\"";
    private static final String OAUTH_INTROSPECTION = OAUTH + "\nintrospection_endpoint = \"https://id.example.com/introspect\""
            + "\nclient_id = \"tegami\"\nclient_secret = \"s3cret\"";

    @Test
    void oauthDefaultsAndRefusals() throws IOException {
        assertEquals(List.of(), load("").oauthIssuers());
        var issuer = load(OAUTH).oauthIssuers().getFirst();
        assertEquals("email", issuer.claim());
        assertEquals(Duration.ofSeconds(60), issuer.clockSkew());
        assertTrue(issuer.algorithms().contains(com.nimbusds.jose.JWSAlgorithm.RS256));
        for (String bad : List.of("[oauth]\naudience = \"mail\"", "[oauth]\nissuer = \"https://id.example.com\"",
                OAUTH + "\nalgorithms = [\"HS256\"]", OAUTH + "\nalgorithms = [\"none\"]",
                OAUTH + "\nintrospection_endpoint = \"https://id.example.com/i\"",
                "[oauth]\nissuer = \"ftp://id.example.com\"\naudience = \"mail\"")) {
            assertThrows(CommandFailure.class, () -> load(bad), bad);
        }
    }

    private static final String TWO_ISSUERS = """
            [[oauth.issuer]]
            issuer = "https://id.example.com/realms/mail"
            audience = "mail"

            [[oauth.issuer]]
            issuer = "https://login.example.net"
            audience = ["imap", "smtp"]
            claim = "preferred_username"
            introspection_endpoint = "https://login.example.net/introspect"
            client_id = "tegami"
            client_secret = "s3cret"
            """;

    @Test
    void severalIssuersAsAnArrayOfTables() throws IOException {
        List<org.tegami.auth.oauth.OAuthIssuer> issuers = load(TWO_ISSUERS).oauthIssuers();
        assertEquals(2, issuers.size());
        assertEquals("https://id.example.com/realms/mail", issuers.get(0).id());
        assertEquals(Set.of("mail"), issuers.get(0).audiences());
        assertEquals("email", issuers.get(0).claim());
        assertEquals(Optional.empty(), issuers.get(0).introspectionEndpoint());
        assertEquals("https://login.example.net", issuers.get(1).id());
        assertEquals(Set.of("imap", "smtp"), issuers.get(1).audiences());
        assertEquals("preferred_username", issuers.get(1).claim());
        assertEquals(Optional.of("tegami"), issuers.get(1).clientId());
        // A single entry is the same as the [oauth] form.
        assertEquals(load(OAUTH).oauthIssuers(), load("""
                [[oauth.issuer]]
                issuer = "https://id.example.com/realms/mail"
                audience = "mail"
                """).oauthIssuers());
    }

    @Test
    void severalIssuersAreCheckedEntryByEntryWithTheirLines() throws IOException {
        String unknown = failure(TWO_ISSUERS + "audiance = \"x\"\n");
        assertTrue(unknown.endsWith(":12: unknown key 'oauth.issuer[2].audiance' (did you mean 'oauth.audience'?)"),
                unknown);
        String wrongType = failure(TWO_ISSUERS.replace("claim = \"preferred_username\"", "claim = 7"));
        assertTrue(wrongType.endsWith(":8: 'oauth.issuer[2].claim' must be a string"), wrongType);
        String notUrl = failure(TWO_ISSUERS.replace("https://login.example.net\"", "ftp://login.example.net\""));
        assertTrue(notUrl.contains(":6: 'oauth.issuer[2].issuer'"), notUrl);
        String hmac = failure(TWO_ISSUERS + "algorithms = [\"HS256\"]\n");
        assertTrue(hmac.contains(":12: 'oauth.issuer[2].algorithms': "), hmac);
        String noAudience = failure(TWO_ISSUERS.replace("audience = \"mail\"\n", ""));
        assertTrue(noAudience.endsWith(":1: [[oauth.issuer]] needs 'issuer' and 'audience'"), noAudience);
        String noSecret = failure(TWO_ISSUERS.replace("client_secret = \"s3cret\"\n", ""));
        assertTrue(noSecret.contains(":5: [[oauth.issuer]] 'introspection_endpoint' needs"), noSecret);
        String mixed = failure("[oauth]\nclaim = \"sub\"\n\n" + TWO_ISSUERS);
        assertTrue(mixed.endsWith(":2: 'oauth.claim' cannot be combined with [[oauth.issuer]]; give it in each "
                + "[[oauth.issuer]] entry"), mixed);
    }

    @Test
    void anIssuerConfiguredTwiceIsRefused() throws IOException {
        String twice = failure(TWO_ISSUERS + """

                [[oauth.issuer]]
                issuer = "https://id.example.com/realms/mail"
                audience = "other"
                """);
        assertTrue(twice.endsWith(":13: [[oauth.issuer]] issuer https://id.example.com/realms/mail is configured "
                + "twice (first at line 1)"), twice);
    }

    private static Arguments key(String key, String toml, Function<TegamiConfig, Object> read, Object expected) {
        return Arguments.of(key, toml, read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKey")
    void readsEveryKey(String key, String toml, Function<TegamiConfig, Object> read, Object expected)
            throws IOException {
        assertEquals(expected, read.apply(load(toml)));
    }

    @Test
    void theTableCoversEveryKnownKeyExceptThePathPair() {
        Set<String> tested = new HashSet<>(everyKey().map(arguments -> (String) arguments.get()[0]).toList());
        // covered by pathsAreRelativeToTheConfigFile and relayPasswordComesFromAFile
        tested.addAll(List.of("tls.certificate", "tls.key", "outbound.trusted_certificates", "relay.password_file",
                "store.password_file", "blobs.secret_key_file")); // theStorePasswordAndTheSecretKeyCanComeFromFiles
        // covered by sniCertificatesAreEntriesWithTheirPaths and acmeDirectoryCaMustBeReadable
        tested.addAll(List.of("tls.sni.certificate", "tls.sni.key", "acme.directory_ca"));
        assertEquals(ConfigLoader.knownKeys(), tested);
    }

    @Test
    void theProxyProtocolIsOffByDefault() throws IOException {
        assertEquals(false, load("").proxyProtocol().enabled());
        assertEquals(Duration.ofSeconds(1), load("[proxy_protocol]\nheader_timeout_seconds = 1\n")
                .proxyProtocol().headerTimeout(), "the smallest timeout");
    }

    @Test
    void anEmptyFileAndNoFileBothGiveTheDefaults() throws IOException {
        TegamiConfig defaults = TegamiConfig.defaults();
        assertEquals(defaults, loader.load(Optional.empty(), ConfigLoader.Overrides.NONE));
        TegamiConfig fromEmpty = load("# nothing\n");
        assertEquals(defaults, fromEmpty);
        assertEquals(Optional.empty(), defaults.hostname());
        assertEquals(Path.of("data"), defaults.dataDir());
        assertEquals(993, defaults.imapsPort());
        assertEquals(143, defaults.imapPort());
        assertEquals(ImapLimits.DEFAULTS, defaults.limits().imap());
        assertEquals(Duration.ofMinutes(30), defaults.limits().idleTimeout());
        assertEquals(new LoginThrottle.Blocking(10, Duration.ofMinutes(15),
                List.of(Network.parse("127.0.0.0/8"), Network.parse("::1/128"))), defaults.blocking());
        assertEquals(20, defaults.maxAppPasswords());
        assertEquals(List.of(), load("[auth]\nallow_networks = []\n").blocking().allowNetworks(),
                "an empty allow-list exempts nothing");
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), defaults.tls().protocols());
        assertEquals(465, defaults.submissionsPort());
        assertEquals(587, defaults.submissionPort());
        assertEquals(25, defaults.smtpPort());
        assertEquals(24, defaults.lmtpPort());
        TegamiConfig.Smtp smtp = defaults.smtp();
        assertEquals(new org.tegami.smtp.protocol.SmtpLimits(4096, 52_428_800L, 100), smtp.input());
        assertEquals(Duration.ofSeconds(300), smtp.commandTimeout());
        assertEquals(500, smtp.maxMessagesPerHour());
        assertEquals(20, smtp.maxErrorsPerConnection());
        assertEquals(20, smtp.maxConnectionsPerAddress());
        assertEquals(true, smtp.submissions().enabled() && smtp.submission().enabled() && smtp.mx().enabled());
        // LMTP trusts whoever connects, so it is off and on loopback until configured.
        assertEquals(new TegamiConfig.Listener(OptionalInt.empty(), Optional.of("127.0.0.1"), false), smtp.lmtp());
        assertEquals(25, smtp.outbound().mxPort());
        assertEquals(Duration.ofDays(5), smtp.outbound().maxQueueTime());
        assertEquals(Optional.empty(), smtp.outbound().relay());
    }

    @Test
    void portOffsetMovesTheSmtpPortsToo() throws IOException {
        TegamiConfig config = load("port_offset = 10000\n[lmtp]\nenabled = true\n");
        assertEquals(10465, config.submissionsPort());
        assertEquals(10587, config.submissionPort());
        assertEquals(10025, config.smtpPort());
        assertEquals(10024, config.lmtpPort());
    }

    @Test
    void resolverTakesHostAndPortWithBracketsForIpv6AndPort53ByDefault() throws IOException {
        assertEquals(Optional.of(new TegamiConfig.Endpoint("9.9.9.9", 53)),
                load("[outbound]\nresolver = \"9.9.9.9\"\n").smtp().outbound().resolver());
        assertEquals(Optional.of(new TegamiConfig.Endpoint("::1", 5353)),
                load("[outbound]\nresolver = \"[::1]:5353\"\n").smtp().outbound().resolver());
        assertEquals(Optional.of(new TegamiConfig.Endpoint("::1", 53)),
                load("[outbound]\nresolver = \"::1\"\n").smtp().outbound().resolver());
    }

    @Test
    void relayPortFollowsItsTlsModeAndPasswordComesFromAFile() throws IOException {
        Files.writeString(dir.resolve("relay.secret"), "s3cret\n");
        TegamiConfig.Relay relay = load("[relay]\nhost = \"smtp.example\"\nusername = \"me\"\n"
                + "password_file = \"relay.secret\"\n").smtp().outbound().relay().orElseThrow();
        assertEquals(new TegamiConfig.Relay("smtp.example", 587, TegamiConfig.RelayTls.STARTTLS, Optional.of("me"),
                Optional.of("s3cret")), relay);
        assertTrue(!relay.toString().contains("s3cret"), relay::toString);
        assertEquals(465, load("[relay]\nhost = \"h.example\"\ntls = \"implicit\"\n").smtp().outbound().relay()
                .orElseThrow().port());
        assertEquals(25, load("[relay]\nhost = \"h.example\"\ntls = \"starttls-optional\"\n").smtp().outbound()
                .relay().orElseThrow().port());
        assertEquals(Optional.of(dir.resolve("ca.pem")),
                load("[outbound]\ntrusted_certificates = \"ca.pem\"\n").smtp().outbound().trustedCertificates());
    }

    @Test
    void portOffsetMovesDefaultPortsButNotExplicitOnes() throws IOException {
        TegamiConfig config = load("port_offset = 10000\n[imap]\nport = 2143\n");
        assertEquals(10993, config.imapsPort());
        assertEquals(2143, config.imapPort());
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = write("hostname = \"file.example\"\nport_offset = 1\ndata_dir = \"d\"\nbind = \"10.0.0.1\"\n");
        TegamiConfig config = loader.load(Optional.of(file), new ConfigLoader.Overrides(Optional.of("flag.example"),
                Optional.of(Path.of("flagdata")), Optional.of("127.0.0.1"), Optional.of(20000)));
        assertEquals(Optional.of("flag.example"), config.hostname());
        assertEquals(Path.of("flagdata"), config.dataDir());
        assertEquals(Optional.of("127.0.0.1"), config.bind());
        assertEquals(20000, config.portOffset());
    }

    @Test
    void pathsAreRelativeToTheConfigFile() throws IOException {
        TegamiConfig config = load("data_dir = \"state\"\n[tls]\ncertificate = \"c.pem\"\nkey = \"/etc/k.pem\"\n");
        assertEquals(dir.resolve("state"), config.dataDir());
        assertEquals(Optional.of(dir.resolve("c.pem")), config.tls().certificate());
        assertEquals(Optional.of(Path.of("/etc/k.pem")), config.tls().key());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("hostname = \"a\"\n\n[limits]\nmax_line = 5\n",
                        "config.toml:4: unknown key 'limits.max_line' (did you mean 'limits.max_line_bytes'?)"),
                Arguments.of("hostnme = \"x\"\n", "config.toml:1: unknown key 'hostnme' (did you mean 'hostname'?)"),
                Arguments.of("[pop3]\nport = 110\n", "config.toml:1: unknown table [pop3]"),
                Arguments.of("[smtp]\nenable = false\n",
                        "config.toml:2: unknown key 'smtp.enable' (did you mean 'smtp.enabled'?)"),
                Arguments.of("[submissions]\nport = \"465\"\n", "config.toml:2: 'submissions.port' must be an integer"),
                Arguments.of("[limits]\nmax_remembered_expunges = -1\n",
                        "config.toml:2: 'limits.max_remembered_expunges' must be at least 0"),
                // RFC 5267 §4.3.1: a server keeps at least one update context per client.
                Arguments.of("[limits]\nmax_update_contexts = 0\n",
                        "config.toml:2: 'limits.max_update_contexts' must be at least 1"),
                Arguments.of("[limits]\nnotify_max_watched_mailboxes = -1\n",
                        "config.toml:2: 'limits.notify_max_watched_mailboxes' must be at least 0"),
                Arguments.of("[limits]\nnotify_max_pending_notifications = 0\n",
                        "config.toml:2: 'limits.notify_max_pending_notifications' must be at least 1"),
                Arguments.of("[smtp_limits]\ncommand_timeout_seconds = 299\n",
                        "config.toml:2: 'smtp_limits.command_timeout_seconds' must be at least 300"),
                Arguments.of("[smtp_limits]\nmax_recipients = 99\n",
                        "config.toml:2: 'smtp_limits.max_recipients' must be at least 100"),
                Arguments.of("[smtp_limits]\nmax_command_line_bytes = 511\n",
                        "config.toml:2: 'smtp_limits.max_command_line_bytes' must be at least 512"),
                Arguments.of("[smtp_limits]\nmax_message_bytes = 1000\n",
                        "config.toml:2: 'smtp_limits.max_message_bytes' must be at least 65536"),
                Arguments.of("[outbound]\nresolver = \"1.1.1.1:dns\"\n",
                        "config.toml:2: 'outbound.resolver': 'dns' is not a port between 1 and 65535"),
                Arguments.of("[outbound]\nretry_factor = 0.5\n", "config.toml:2: 'outbound.retry_factor' must be at least 1.0"),
                Arguments.of("[outbound]\nretry_factor = \"2\"\n", "config.toml:2: 'outbound.retry_factor' must be a number"),
                Arguments.of("[outbound]\nretry_initial_delay_seconds = 600\nretry_max_delay_seconds = 60\n",
                        "'outbound.retry_max_delay_seconds' must not be less than"),
                Arguments.of("[relay]\nport = 587\n", "[relay] needs 'host'"),
                Arguments.of("[relay]\nhost = \"h.example\"\nusername = \"u\"\n", "[relay] needs both 'username'"),
                Arguments.of("[relay]\nhost = \"h.example\"\ntls = \"ssl\"\n",
                        "config.toml:3: 'relay.tls' must be \"implicit\", \"starttls\" or \"starttls-optional\""),
                Arguments.of("[relay]\nhost = \"h.example\"\npassword = \"a\"\npassword_file = \"config.toml\"\n",
                        "[relay] takes 'password' or 'password_file', not both"),
                Arguments.of("[relay]\nhost = \"h.example\"\npassword_file = \"missing\"\n",
                        "config.toml:3: 'relay.password_file': cannot read "),
                Arguments.of("# c\n\nport_offset = \"10\"\n", "config.toml:3: 'port_offset' must be an integer"),
                Arguments.of("port_offset = 1.5\n", "config.toml:1: 'port_offset' must be an integer"),
                Arguments.of("port_offset = 70000\n", "config.toml:1: 'port_offset' must be between 0 and 64542"),
                Arguments.of("[imaps]\nport = 0\n", "config.toml:2: 'imaps.port' must be between 1 and 65535"),
                Arguments.of("[imaps]\nenabled = \"yes\"\n", "config.toml:2: 'imaps.enabled' must be true or false"),
                Arguments.of("imaps = 993\n", "config.toml:1: 'imaps' must be a table ([imaps])"),
                Arguments.of("hostname = 5\n", "config.toml:1: 'hostname' must be a string"),
                Arguments.of("hostname = \"bad_name\"\n", "config.toml:1: 'hostname': 'bad_name' is not a valid domain"),
                Arguments.of("[limits]\nidle_timeout_seconds = 600\n",
                        "config.toml:2: 'limits.idle_timeout_seconds' must be at least 1800"),
                Arguments.of("[limits]\nmax_line_bytes = 0\n", "config.toml:2: 'limits.max_line_bytes' must be at least 1"),
                Arguments.of("[limits]\nmax_output_buffer_bytes = 65535\n",
                        "config.toml:2: 'limits.max_output_buffer_bytes' must be at least 65536"),
                Arguments.of("[tls]\nprotocols = [\"TLSv1.1\"]\n",
                        "config.toml:2: 'tls.protocols': unsupported protocol 'TLSv1.1'"),
                Arguments.of("[tls]\nciphers = []\n", "config.toml:2: 'tls.ciphers' must not be empty"),
                Arguments.of("[tls]\nciphers = \"TLS_AES_128_GCM_SHA256\"\n",
                        "config.toml:2: 'tls.ciphers' must be an array of strings"),
                Arguments.of("[tls]\ncertificate = \"c.pem\"\n", "needs both 'certificate' and 'key'"),
                Arguments.of("[auth]\nthrottle_initial_delay_ms = 5000\nthrottle_max_delay_ms = 10\n",
                        "'auth.throttle_max_delay_ms' must not be less than"),
                Arguments.of("[auth]\nallow_networks = [\"192.0.2.0/33\"]\n",
                        "config.toml:2: 'auth.allow_networks': '192.0.2.0/33': the prefix length must be 0 to 32"),
                Arguments.of("[auth]\nallow_networks = [\"intranet.example\"]\n",
                        "config.toml:2: 'auth.allow_networks': 'intranet.example' is not an IP network"),
                Arguments.of("[auth]\nallow_networks = \"10.0.0.0/8\"\n",
                        "config.toml:2: 'auth.allow_networks' must be an array of strings"),
                Arguments.of("[auth]\nmax_app_passwords = 101\n",
                        "config.toml:2: 'auth.max_app_passwords' must be between 0 and 100"),
                Arguments.of("[auth]\nblock_seconds = 0\n", "config.toml:2: 'auth.block_seconds' must be at least 1"),
                Arguments.of("[proxy_protocol]\ntrusted_networks = [\"balancer.example\"]\n",
                        "config.toml:2: 'proxy_protocol.trusted_networks': 'balancer.example' is not an IP network"),
                Arguments.of("[proxy_protocol]\nheader_timeout_seconds = 0\n",
                        "config.toml:2: 'proxy_protocol.header_timeout_seconds' must be at least 1"),
                Arguments.of("hostname = \"a\"\nport_offset = = 3\n", "config.toml:2: invalid TOML: "),
                Arguments.of("[imaps]\nport = 1\n[imaps]\nport = 2\n", "config.toml:3: invalid TOML: "));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void rejectsWithTheKeyAndLine(String toml, String expectedMessage) throws IOException {
        String message = failure(toml);
        assertTrue(message.contains(expectedMessage), () -> "message was: " + message);
        assertTrue(message.startsWith(dir.resolve("config.toml").toString()) || !expectedMessage.startsWith("config"),
                () -> "message was: " + message);
    }

    @Test
    void aMissingFileIsAClearError() {
        CommandFailure error = assertThrows(CommandFailure.class,
                () -> loader.load(Optional.of(dir.resolve("nope.toml")), ConfigLoader.Overrides.NONE));
        assertTrue(error.getMessage().contains("nope.toml does not exist"), error.getMessage());
    }

    @Test
    void badFlagsAreRejected() {
        assertThrows(CommandFailure.class, () -> loader.load(Optional.empty(), new ConfigLoader.Overrides(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(-1))));
        CommandFailure hostname = assertThrows(CommandFailure.class, () -> loader.load(Optional.empty(),
                new ConfigLoader.Overrides(Optional.of("no spaces allowed"), Optional.empty(), Optional.empty(),
                        Optional.empty())));
        assertTrue(hostname.getMessage().startsWith("--hostname:"), hostname.getMessage());
    }

    @Test
    void anAcmeTableAloneGivesTheDefaults() throws IOException {
        TegamiConfig.Acme acme = load("[acme]\n").acme().orElseThrow();
        assertEquals(new TegamiConfig.Acme(TegamiConfig.Acme.LETSENCRYPT, Optional.empty(),
                TegamiConfig.AcmeChallenge.TLS_ALPN_01, List.of(), Optional.empty(), TegamiConfig.KeyType.EC_P256,
                Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofMinutes(2)), acme);
        assertEquals(Optional.empty(), load("# no acme\n").acme());
        assertEquals(java.net.URI.create("https://acme.example.com/directory"),
                load("[acme]\ndirectory = \"https://acme.example.com/directory\"").acme().orElseThrow().directory());
        assertEquals(Optional.of("mailto:a@example.com"),
                load("[acme]\ncontact = \"a@example.com\"").acme().orElseThrow().contact());
    }

    @Test
    void badAcmeValuesAreRefusedWithTheirLine() throws IOException {
        String http = failure("[acme]\n\ndirectory = \"http://acme.example.com/dir\"\n");
        assertTrue(http.endsWith(":3: 'acme.directory' must be \"letsencrypt\", \"letsencrypt-staging\" or an "
                + "https:// directory URL"), http);
        String contact = failure("[acme]\ncontact = \"https://example.com\"\n");
        assertTrue(contact.endsWith(":2: 'acme.contact' must be a mailto: URL such as "
                + "\"mailto:postmaster@example.com\""), contact);
        String challenge = failure("[acme]\nchallenge = \"dns-01\"\n");
        assertTrue(challenge.endsWith(":2: 'acme.challenge' must be \"tls-alpn-01\" or \"http-01\""), challenge);
        String keyType = failure("[acme]\nkey_type = \"rsa-1024\"\n");
        assertTrue(keyType.contains(":2: 'acme.key_type' must be \"ec-p256\""), keyType);
        String domain = failure("[acme]\ndomains = [\"not a name\"]\n");
        assertTrue(domain.contains(":2: 'acme.domains': "), domain);
        String noDomains = failure("[acme]\ndomains = []\n");
        assertTrue(noDomains.endsWith(":2: 'acme.domains' must not be empty"), noDomains);
        String retry = failure("[acme]\nretry_initial_delay_seconds = 600\nretry_max_delay_seconds = 60\n");
        assertTrue(retry.endsWith("'acme.retry_max_delay_seconds' must not be less than "
                + "'acme.retry_initial_delay_seconds'"), retry);
        String noHttp = failure("[http]\nenabled = false\n[acme]\nchallenge = \"http-01\"\n");
        assertTrue(noHttp.contains("[acme] challenge \"http-01\" needs the [http] listener"), noHttp);
        String noTls = failure("[https]\nenabled = false\n[imaps]\nenabled = false\n[submissions]\nenabled = false\n"
                + "[acme]\n");
        assertTrue(noTls.contains("[acme] challenge \"tls-alpn-01\" needs a TLS listener"), noTls);
    }

    @Test
    void certificateLimitsAreCheckedAtTheLimitAndOnePast() throws IOException {
        assertEquals(Duration.ofSeconds(1), load("[tls]\nreload_interval_seconds = 1").tls().reloadInterval());
        assertTrue(failure("[tls]\nreload_interval_seconds = 0").endsWith(
                "'tls.reload_interval_seconds' must be between 1 and 86400"));
        assertEquals(Duration.ofDays(1), load("[tls]\nreload_interval_seconds = 86400").tls().reloadInterval());
        assertTrue(failure("[tls]\nreload_interval_seconds = 86401").endsWith(
                "'tls.reload_interval_seconds' must be between 1 and 86400"));
        assertEquals(365, load("[tls]\nexpiry_warning_days = 365").tls().expiryWarningDays());
        assertTrue(failure("[tls]\nexpiry_warning_days = 366").endsWith(
                "'tls.expiry_warning_days' must be between 1 and 365"));
        assertTrue(failure("[tls]\nexpiry_warning_days = 0").endsWith(
                "'tls.expiry_warning_days' must be between 1 and 365"));
        assertEquals(Duration.ofHours(1), load("[acme]\ntimeout_seconds = 3600").acme().orElseThrow().timeout());
        assertTrue(failure("[acme]\ntimeout_seconds = 3601").endsWith(
                "'acme.timeout_seconds' must be between 1 and 3600"));
        assertTrue(failure("[acme]\nretry_initial_delay_seconds = 0").endsWith(
                "'acme.retry_initial_delay_seconds' must be at least 1"));
    }

    @Test
    void sniCertificatesAreEntriesWithTheirPaths() throws IOException {
        TegamiConfig.Tls tls = load("""
                [tls]
                certificate = "main.crt"
                key = "main.key"

                [[tls.sni]]
                certificate = "a.crt"
                key = "/etc/a.key"

                [[tls.sni]]
                certificate = "b.crt"
                key = "b.key"
                """).tls();
        assertEquals(List.of(new TegamiConfig.PemPair(dir.resolve("a.crt"), Path.of("/etc/a.key")),
                new TegamiConfig.PemPair(dir.resolve("b.crt"), dir.resolve("b.key"))), tls.sni());
        String missing = failure("[[tls.sni]]\ncertificate = \"a.crt\"\n");
        assertTrue(missing.endsWith(":1: [[tls.sni]] needs both 'certificate' and 'key'"), missing);
        String unknown = failure("[[tls.sni]]\ncertificate = \"a.crt\"\nkey = \"a.key\"\nnames = [\"x\"]\n");
        assertTrue(unknown.contains(":4: unknown key 'tls.sni[1].names'"), unknown);
    }

    @Test
    void acmeDirectoryCaMustBeReadable() throws IOException {
        String missing = failure("[acme]\ndirectory_ca = \"nowhere.pem\"\n");
        assertTrue(missing.contains(":2: 'acme.directory_ca': certificate file "), missing);
        Path ca = dir.resolve("ca.pem");
        try {
            PemFiles.writeCertificates(ca, List.of(TestTls.issue(Duration.ofDays(1), true, "ca.test").certificate()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(Optional.of(ca), load("[acme]\ndirectory_ca = \"ca.pem\"\n").acme().orElseThrow().directoryCa());
    }

    @Test
    void theDefaultQuotaIsASizeOrOctetsAndACountAndUnlimitedWithoutThem() throws IOException {
        assertEquals(org.tegami.store.Quota.UNLIMITED, load("").storage().defaultQuota());
        assertEquals(new org.tegami.store.Quota(10L << 30, 0),
                load("[quota]\nstorage = \"10GiB\"\n").storage().defaultQuota());
        assertEquals(new org.tegami.store.Quota(500_000_000, 1000),
                load("[quota]\nstorage = \"500 MB\"\nmessages = 1000\n").storage().defaultQuota());
        assertEquals(new org.tegami.store.Quota(4096, 0), load("[quota]\nstorage = 4096\n").storage().defaultQuota());
        CommandFailure notASize = assertThrows(CommandFailure.class, () -> load("[quota]\nstorage = \"lots\"\n"));
        assertTrue(notASize.getMessage().contains("quota.storage"), notASize.getMessage());
        assertThrows(CommandFailure.class, () -> load("[quota]\nstorage = \"9999999TiB\"\n"));
        assertThrows(CommandFailure.class, () -> load("[quota]\nmessages = -1\n"));
        assertThrows(CommandFailure.class, () -> load("[quota]\nmessages = \"many\"\n"));
    }

    @Test
    void metadataLimitsBelowTheRfcMinimumsAndAnAdminThatIsNoUriAreRefused() throws IOException {
        assertEquals(org.tegami.imap.server.MetadataSettings.DEFAULTS, load("").limits().metadata());
        assertEquals(1024, load("[metadata]\nmax_value_bytes = 1024\n").limits().metadata().maxValueBytes());
        assertThrows(CommandFailure.class, () -> load("[metadata]\nmax_value_bytes = 1023\n"));
        assertEquals(10, load("[metadata]\nmax_entries = 10\n").limits().metadata().maxEntries());
        assertThrows(CommandFailure.class, () -> load("[metadata]\nmax_entries = 9\n"));
        assertEquals(64, load("[metadata]\nmax_entry_name_bytes = 64\n").limits().metadata().maxEntryNameBytes());
        assertThrows(CommandFailure.class, () -> load("[metadata]\nmax_entry_name_bytes = 63\n"));
        CommandFailure notUri = assertThrows(CommandFailure.class,
                () -> load("[metadata]\nserver_admin = \"the postmaster\"\n"));
        assertTrue(notUri.getMessage().contains("metadata.server_admin"), notUri.getMessage());
        assertThrows(CommandFailure.class, () -> load("[metadata]\nserver_comment = \"\"\n"));
    }

    /** The README is the configuration reference: it must name every key, and its example must load. */
    @Test
    void theReadmeDocumentsEveryKeyAndItsExampleLoads() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : ConfigLoader.knownKeys()) {
            String name = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(readme.contains("| `" + name + "` |"), () -> "README does not document " + key);
        }
        int start = readme.indexOf("```toml\n") + "```toml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        int several = readme.indexOf("```toml\n[[oauth.issuer]]");
        assertTrue(several > 0, "README has no [[oauth.issuer]] example");
        several += "```toml\n".length();
        assertEquals(2, load(readme.substring(several, readme.indexOf("```", several))).oauthIssuers().size());
        TegamiConfig config = load(example);
        assertEquals(Optional.of("mail.example.com"), config.hostname());
        assertEquals(false, config.imap().enabled());
    }
}
