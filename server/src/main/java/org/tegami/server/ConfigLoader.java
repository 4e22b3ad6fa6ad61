package org.tegami.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.Network;
import org.tegami.auth.oauth.OAuthIssuer;
import org.tegami.connection.ProxyProtocol;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.imap.server.MetadataSettings;
import org.tegami.imap.server.ImapSettings;
import org.tegami.smtp.protocol.SmtpLimits;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the TOML configuration file and merges the command-line flags over it. Every key is declared
 * once in {@link #KEYS} with its type check and range; anything else in the file is an error that
 * names the key and its line, so a typo never silently falls back to a default.
 *
 * <p>Relative paths in the file are resolved against the file's directory; relative paths given as
 * flags, against the working directory.
 */
public final class ConfigLoader {

    /** Values given on the command line; each one, when present, wins over the file. */
    public record Overrides(Optional<String> hostname, Optional<Path> dataDir, Optional<String> bind,
                            Optional<Integer> portOffset) {
        public static final Overrides NONE =
                new Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The tables that configure one listening socket each, all with the same three keys. */
    private static final List<String> LISTENERS = List.of("imaps", "imap", "submissions", "submission", "smtp", "lmtp",
            "https", "http");
    private static final Set<String> TABLES = Set.of("imaps", "imap", "submissions", "submission", "smtp", "lmtp",
            "https", "http", "mta_sts", "tls", "limits", "auth", "smtp_limits", "outbound", "relay", "oauth", "metrics",
            "proxy_protocol", "acme", "store", "blobs", "quota", "metadata");
    /** DNS (RFC 1035 §4.2) listens on port 53 when a resolver is given without a port. */
    private static final int DNS_PORT = 53;
    private static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final long MAX_INT = Integer.MAX_VALUE;
    /** A day: a changed certificate file should never wait longer than that to be used. */
    private static final long MAX_RELOAD_INTERVAL_SECONDS = 86_400;

    /** A key's reader: checks the value's type and range, then records it in the draft. */
    private interface KeyReader {
        void read(Draft draft, Value value);
    }

    private static final Map<String, KeyReader> KEYS = keys();

    private static Map<String, KeyReader> keys() {
        Map<String, KeyReader> keys = new LinkedHashMap<>();
        keys.put("hostname", (d, v) -> d.hostname = Optional.of(v.domainName()));
        keys.put("data_dir", (d, v) -> d.dataDir = v.path());
        keys.put("bind", (d, v) -> d.bind = Optional.of(v.nonEmptyString()));
        keys.put("port_offset", (d, v) -> d.portOffset = (int) v.integer(0, TegamiConfig.MAX_PORT_OFFSET));

        for (String listener : LISTENERS) {
            keys.put(listener + ".port",
                    (d, v) -> d.listeners.get(listener).port = OptionalInt.of((int) v.integer(1, 65535)));
            keys.put(listener + ".bind", (d, v) -> d.listeners.get(listener).bind = Optional.of(v.nonEmptyString()));
            keys.put(listener + ".enabled", (d, v) -> d.listeners.get(listener).enabled = v.bool());
        }

        keys.put("metrics.allow_networks", (d, v) -> d.metricsAllowNetworks = v.networks());
        keys.put("proxy_protocol.trusted_networks", (d, v) -> d.proxyTrustedNetworks = v.networks());
        keys.put("proxy_protocol.header_timeout_seconds", (d, v) -> d.proxyHeaderTimeout = v.seconds());
        keys.put("mta_sts.mode", (d, v) -> {
            try {
                d.mtaStsMode = org.tegami.http.MtaStsMode.parse(v.nonEmptyString());
            } catch (IllegalArgumentException e) {
                throw v.failure("'mta_sts.mode' must be \"enforce\", \"testing\" or \"none\"");
            }
        });
        keys.put("tls.certificate", (d, v) -> d.certificate = Optional.of(v.path()));
        keys.put("tls.key", (d, v) -> d.key = Optional.of(v.path()));
        keys.put("tls.protocols", (d, v) -> d.protocols = v.protocols());
        keys.put("tls.ciphers", (d, v) -> d.ciphers = v.nonEmptyStrings());
        keys.put("tls.sni.certificate", (d, v) -> d.sni.getLast().certificate = Optional.of(v.path()));
        keys.put("tls.sni.key", (d, v) -> d.sni.getLast().key = Optional.of(v.path()));
        keys.put("tls.reload_interval_seconds",
                (d, v) -> d.reloadInterval = Duration.ofSeconds(v.integer(1, MAX_RELOAD_INTERVAL_SECONDS)));
        keys.put("tls.expiry_warning_days", (d, v) -> d.expiryWarningDays = (int) v.integer(1, 365));

        keys.put("acme.directory", (d, v) -> d.acmeDirectory = v.acmeDirectory());
        keys.put("acme.contact", (d, v) -> d.acmeContact = Optional.of(v.mailtoContact()));
        keys.put("acme.challenge", (d, v) -> d.acmeChallenge = switch (v.nonEmptyString().toLowerCase(Locale.ROOT)) {
            case "tls-alpn-01" -> TegamiConfig.AcmeChallenge.TLS_ALPN_01;
            case "http-01" -> TegamiConfig.AcmeChallenge.HTTP_01;
            default -> throw v.failure("'" + v.key() + "' must be \"tls-alpn-01\" or \"http-01\"");
        });
        keys.put("acme.domains", (d, v) -> d.acmeDomains = v.domainNames());
        keys.put("acme.directory_ca", (d, v) -> {
            Path file = v.path();
            try {
                PemFiles.readCertificates(file);
            } catch (CommandFailure e) {
                throw v.failure("'" + v.key() + "': " + e.getMessage());
            }
            d.acmeDirectoryCa = Optional.of(file);
        });
        keys.put("acme.key_type", (d, v) -> {
            String word = v.nonEmptyString().toLowerCase(Locale.ROOT);
            d.acmeKeyType = java.util.Arrays.stream(TegamiConfig.KeyType.values())
                    .filter(type -> type.word().equals(word)).findFirst()
                    .orElseThrow(() -> v.failure("'" + v.key() + "' must be \"ec-p256\", \"rsa-2048\", "
                            + "\"rsa-3072\" or \"rsa-4096\""));
        });
        keys.put("acme.retry_initial_delay_seconds", (d, v) -> d.acmeRetryInitialDelay = v.seconds());
        keys.put("acme.retry_max_delay_seconds", (d, v) -> d.acmeRetryMaxDelay = v.seconds());
        keys.put("acme.timeout_seconds", (d, v) -> d.acmeTimeout = Duration.ofSeconds(v.integer(1, 3600)));

        keys.put("limits.max_line_bytes", (d, v) -> d.maxLineBytes = (int) v.integer(1, MAX_INT));
        keys.put("limits.max_literal_bytes_before_auth",
                (d, v) -> d.maxLiteralBytesBeforeAuth = (int) v.integer(1, MAX_INT));
        keys.put("limits.max_literal_bytes", (d, v) -> d.maxLiteralBytes = (int) v.integer(1, MAX_INT));
        keys.put("limits.append_limit_bytes", (d, v) -> d.appendLimitBytes = v.integer(1, Long.MAX_VALUE));
        keys.put("limits.max_command_bytes", (d, v) -> d.maxCommandBytes = v.integer(1, Long.MAX_VALUE));
        keys.put("limits.max_nesting_depth", (d, v) -> d.maxNestingDepth = (int) v.integer(1, MAX_INT));
        keys.put("limits.max_sequence_ranges", (d, v) -> d.maxSequenceRanges = (int) v.integer(1, MAX_INT));
        keys.put("limits.pre_auth_timeout_seconds",
                (d, v) -> d.preAuthTimeout = Duration.ofSeconds(v.integer(1, MAX_INT)));
        // RFC 9051 §5.4: the autologout timer must be at least 30 minutes.
        keys.put("limits.idle_timeout_seconds", (d, v) -> d.idleTimeout = Duration.ofSeconds(
                v.integer(ImapSettings.MIN_IDLE_TIMEOUT.toSeconds(), MAX_INT)));
        keys.put("limits.max_connections_per_address",
                (d, v) -> d.maxConnectionsPerAddress = (int) v.integer(1, MAX_INT));
        keys.put("limits.max_output_buffer_bytes", (d, v) -> d.maxOutputBufferBytes =
                (int) v.integer(ImapSettings.MIN_OUTPUT_BUFFER_BYTES, MAX_INT));
        keys.put("limits.max_failed_logins_per_connection",
                (d, v) -> d.maxFailedLoginsPerConnection = (int) v.integer(1, MAX_INT));
        keys.put("limits.literal_minus", (d, v) -> d.literalMinus = v.bool());
        keys.put("limits.progress_interval_ms",
                (d, v) -> d.progressInterval = Duration.ofMillis(v.integer(0, MAX_INT)));
        keys.put("limits.max_remembered_expunges",
                (d, v) -> d.maxRememberedExpunges = (int) v.integer(0, MAX_INT));
        // RFC 5267 §4.3.1: at least one update context per session.
        keys.put("limits.max_update_contexts", (d, v) -> d.maxUpdateContexts = (int) v.integer(1, MAX_INT));
        keys.put("limits.notify_max_watched_mailboxes",
                (d, v) -> d.maxWatchedMailboxes = (int) v.integer(0, MAX_INT));
        keys.put("limits.notify_max_pending_notifications",
                (d, v) -> d.maxPendingNotifications = (int) v.integer(1, MAX_INT));

        keys.put("auth.throttle_initial_delay_ms",
                (d, v) -> d.throttleInitialDelay = Duration.ofMillis(v.integer(0, MAX_INT)));
        keys.put("auth.throttle_max_delay_ms",
                (d, v) -> d.throttleMaxDelay = Duration.ofMillis(v.integer(0, MAX_INT)));
        keys.put("auth.throttle_forget_after_seconds",
                (d, v) -> d.throttleForgetAfter = Duration.ofSeconds(v.integer(1, MAX_INT)));
        keys.put("auth.block_after_failures", (d, v) -> d.blockAfterFailures = (int) v.integer(0, MAX_INT));
        keys.put("auth.block_seconds", (d, v) -> d.blockFor = v.seconds());
        keys.put("auth.allow_networks", (d, v) -> d.allowNetworks = v.networks());
        keys.put("auth.max_app_passwords", (d, v) -> d.maxAppPasswords =
                (int) v.integer(0, TegamiConfig.MAX_APP_PASSWORDS_LIMIT));

        // RFC 5321 §4.5.3.1.4: a server must accept command lines of 512 octets.
        keys.put("smtp_limits.max_command_line_bytes",
                (d, v) -> d.maxCommandLineBytes = (int) v.integer(512, MAX_INT));
        // RFC 5321 §4.5.3.1.7: message content of at least 64K octets must be accepted.
        keys.put("smtp_limits.max_message_bytes", (d, v) -> d.maxMessageBytes = v.integer(65536, Long.MAX_VALUE));
        // RFC 5321 §4.5.3.1.8: at least 100 recipients must be buffered.
        keys.put("smtp_limits.max_recipients", (d, v) -> d.maxRecipients = (int) v.integer(100, MAX_INT));
        keys.put("smtp_limits.max_messages_per_hour", (d, v) -> d.maxMessagesPerHour = (int) v.integer(1, MAX_INT));
        // RFC 5321 §4.5.3.2.7: the server timeout should be at least 5 minutes.
        keys.put("smtp_limits.command_timeout_seconds",
                (d, v) -> d.smtpCommandTimeout = Duration.ofSeconds(v.integer(300, MAX_INT)));
        keys.put("smtp_limits.max_errors_per_connection",
                (d, v) -> d.maxErrorsPerConnection = (int) v.integer(1, MAX_INT));
        keys.put("smtp_limits.max_connections_per_address",
                (d, v) -> d.smtpMaxConnectionsPerAddress = (int) v.integer(1, MAX_INT));

        keys.put("outbound.resolver", (d, v) -> d.resolver = Optional.of(v.endpoint(DNS_PORT)));
        keys.put("outbound.mx_port", (d, v) -> d.mxPort = (int) v.integer(1, 65535));
        keys.put("outbound.connect_timeout_seconds", (d, v) -> d.connectTimeout = v.seconds());
        keys.put("outbound.command_timeout_seconds", (d, v) -> d.outboundCommandTimeout = v.seconds());
        keys.put("outbound.data_timeout_seconds", (d, v) -> d.dataTimeout = v.seconds());
        keys.put("outbound.dns_timeout_seconds", (d, v) -> d.dnsTimeout = v.seconds());
        keys.put("outbound.retry_initial_delay_seconds", (d, v) -> d.retryInitialDelay = v.seconds());
        keys.put("outbound.retry_factor", (d, v) -> d.retryFactor = v.decimal(1.0));
        keys.put("outbound.retry_max_delay_seconds", (d, v) -> d.retryMaxDelay = v.seconds());
        keys.put("outbound.max_queue_days", (d, v) -> d.maxQueueTime = Duration.ofDays(v.integer(1, 365)));
        keys.put("outbound.batch_entries", (d, v) -> d.batchEntries = (int) v.integer(1, 1000));
        // A lease shorter than one delivery attempt would let a second runner send the message again.
        keys.put("outbound.lease_seconds", (d, v) -> d.lease = Duration.ofSeconds(v.integer(60, MAX_INT)));
        keys.put("outbound.max_returned_message_bytes",
                (d, v) -> d.maxReturnedMessageBytes = v.integer(0, Long.MAX_VALUE));
        keys.put("outbound.trusted_certificates", (d, v) -> d.trustedCertificates = Optional.of(v.path()));

        keys.put("relay.host", (d, v) -> d.relayHost = Optional.of(v.nonEmptyString()));
        keys.put("relay.port", (d, v) -> d.relayPort = OptionalInt.of((int) v.integer(1, 65535)));
        keys.put("relay.tls", (d, v) -> d.relayTls = v.relayTls());
        keys.put("relay.username", (d, v) -> d.relayUsername = Optional.of(v.nonEmptyString()));
        keys.put("relay.password", (d, v) -> d.relayPassword = Optional.of(v.nonEmptyString()));
        keys.put("relay.password_file", (d, v) -> d.relayPasswordFromFile = Optional.of(v.fileContent()));

        keys.put("oauth.issuer", (d, v) -> d.oauth.issuer = Optional.of(v.httpUrl()));
        keys.put("oauth.audience", (d, v) -> d.oauth.audiences = v.stringOrStrings());
        keys.put("oauth.algorithms", (d, v) -> {
            d.oauth.algorithms = v.nonEmptyStrings();
            try {
                OAuthIssuer.algorithms(d.oauth.algorithms).forEach(OAuthIssuer::requireAsymmetric);
            } catch (IllegalArgumentException e) {
                throw v.failure("'" + v.key() + "': " + e.getMessage());
            }
        });
        keys.put("oauth.claim", (d, v) -> d.oauth.claim = v.nonEmptyString());
        keys.put("oauth.scope", (d, v) -> d.oauth.scope = v.nonEmptyString());
        keys.put("oauth.clock_skew_seconds", (d, v) -> d.oauth.clockSkew = Duration.ofSeconds(v.integer(0, 600)));
        keys.put("oauth.introspection_endpoint", (d, v) -> d.oauth.introspection = Optional.of(v.httpUrl()));
        keys.put("oauth.client_id", (d, v) -> d.oauth.clientId = Optional.of(v.nonEmptyString()));
        keys.put("oauth.client_secret", (d, v) -> d.oauth.clientSecret = Optional.of(v.nonEmptyString()));

        // RFC 5464: METADATA limits (each at least the RFC's minimum, §4.1) and the server's read-only entries.
        keys.put("metadata.max_value_bytes", (d, v) -> d.metadataMaxValueBytes =
                (int) v.integer(MetadataSettings.MIN_VALUE_BYTES, MAX_INT));
        keys.put("metadata.max_entries", (d, v) -> d.metadataMaxEntries =
                (int) v.integer(MetadataSettings.MIN_ENTRIES, MAX_INT));
        keys.put("metadata.max_entry_name_bytes", (d, v) -> d.metadataMaxEntryNameBytes =
                (int) v.integer(MetadataSettings.MIN_ENTRY_NAME_BYTES, MAX_INT));
        keys.put("metadata.server_comment", (d, v) -> d.metadataServerComment = Optional.of(v.nonEmptyString()));
        keys.put("metadata.server_admin", (d, v) -> {
            String admin = v.nonEmptyString();
            try {
                MetadataSettings.DEFAULTS.withServerEntries(Optional.empty(), Optional.of(admin));
            } catch (IllegalArgumentException e) {
                throw v.failure("'" + v.key() + "': " + e.getMessage());
            }
            d.metadataServerAdmin = Optional.of(admin);
        });

        // RFC 9208: the default quota; 0 means no limit on that resource.
        keys.put("quota.storage", (d, v) -> d.quotaStorageBytes = v.raw() instanceof String text
                ? v.size(text) : v.integer(0, Long.MAX_VALUE));
        keys.put("quota.messages", (d, v) -> d.quotaMessages = v.integer(0, Long.MAX_VALUE));
        keys.put("store.backend", (d, v) -> d.storeBackend = switch (v.nonEmptyString().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> StorageConfig.Backend.SQLITE;
            case "postgres" -> StorageConfig.Backend.POSTGRES;
            default -> throw v.failure("'store.backend' must be \"sqlite\" or \"postgres\"");
        });
        keys.put("store.url", (d, v) -> {
            String url = v.nonEmptyString();
            if (!url.startsWith("jdbc:postgresql://")) {
                throw v.failure("'store.url' must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
            }
            d.storeUrl = Optional.of(url);
        });
        keys.put("store.user", (d, v) -> d.storeUser = Optional.of(v.nonEmptyString()));
        keys.put("store.password", (d, v) -> d.storePassword = Optional.of(v.nonEmptyString()));
        keys.put("store.password_file", (d, v) -> d.storePasswordFromFile = Optional.of(v.fileContent()));
        keys.put("store.pool_size", (d, v) -> d.storePoolSize = OptionalInt.of((int) v.integer(1, 1000)));
        keys.put("store.max_transactions_per_commit", (d, v) -> d.storeMaxTransactionsPerCommit =
                OptionalInt.of((int) v.integer(1, StorageConfig.MAX_TRANSACTIONS_PER_COMMIT)));
        keys.put("store.inline_message_max_bytes", (d, v) -> d.storeInlineMessageMaxBytes =
                OptionalInt.of((int) v.integer(0, StorageConfig.MAX_INLINE_MESSAGE_BYTES)));
        keys.put("blobs.backend", (d, v) -> d.blobBackend = switch (v.nonEmptyString().toLowerCase(Locale.ROOT)) {
            case "filesystem" -> StorageConfig.BlobBackend.FILESYSTEM;
            case "postgres" -> StorageConfig.BlobBackend.POSTGRES;
            case "s3" -> StorageConfig.BlobBackend.S3;
            default -> throw v.failure("'blobs.backend' must be \"filesystem\", \"postgres\" or \"s3\"");
        });
        keys.put("blobs.directory", (d, v) -> d.blobDirectory = Optional.of(v.path()));
        keys.put("blobs.endpoint", (d, v) -> d.s3Endpoint = Optional.of(v.httpUrl()));
        keys.put("blobs.bucket", (d, v) -> d.s3Bucket = Optional.of(v.nonEmptyString()));
        keys.put("blobs.region", (d, v) -> d.s3Region = Optional.of(v.nonEmptyString()));
        keys.put("blobs.access_key", (d, v) -> d.s3AccessKey = Optional.of(v.nonEmptyString()));
        keys.put("blobs.secret_key", (d, v) -> d.s3SecretKey = Optional.of(v.nonEmptyString()));
        keys.put("blobs.secret_key_file", (d, v) -> d.s3SecretKeyFromFile = Optional.of(v.fileContent()));
        keys.put("blobs.orphan_grace_seconds", (d, v) -> d.orphanGrace = Duration.ofSeconds(v.integer(0, MAX_INT)));
        keys.put("blobs.orphan_sweep_interval_seconds",
                (d, v) -> d.orphanSweepInterval = Duration.ofSeconds(v.integer(1, MAX_INT)));
        return Map.copyOf(keys);
    }

    /** Every key the file may hold, as {@code table.key}; for documentation checks and error hints. */
    public static Set<String> knownKeys() {
        return KEYS.keySet();
    }

    /** Loads {@code file} if given (else only defaults) and applies the overrides. */
    public TegamiConfig load(Optional<Path> file, Overrides overrides) {
        Draft draft = new Draft(TegamiConfig.defaults());
        if (file.isPresent()) {
            readFile(file.get(), draft);
        }
        overrides.hostname().ifPresent(name -> draft.hostname = Optional.of(flagDomainName(name)));
        overrides.dataDir().ifPresent(dir -> draft.dataDir = dir);
        overrides.bind().ifPresent(address -> draft.bind = Optional.of(address));
        overrides.portOffset().ifPresent(offset -> {
            if (offset < 0 || offset > TegamiConfig.MAX_PORT_OFFSET) {
                throw new CommandFailure("--port-offset must be between 0 and " + TegamiConfig.MAX_PORT_OFFSET);
            }
            draft.portOffset = offset;
        });
        return draft.build(file.map(Path::toString).orElse("configuration"));
    }

    private static String flagDomainName(String name) {
        try {
            return MailAddress.normalizeDomain(name);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--hostname: " + e.getMessage());
        }
    }

    private static void readFile(Path file, Draft draft) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new CommandFailure("cannot read config file " + file + ": " + e.getMessage());
        }
        if (toml.hasErrors()) {
            TomlParseError error = toml.errors().getFirst();
            throw new CommandFailure(file + ":" + error.position().line() + ": invalid TOML: " + error.getMessage());
        }
        Path baseDir = file.toAbsolutePath().getParent();
        for (String key : toml.keySet()) {
            if (toml.isTable(key) && TABLES.contains(key)) {
                TomlTable table = toml.getTableOrEmpty(key);
                if (key.equals("relay")) {
                    draft.relayGiven = true;
                }
                if (key.equals("acme")) {
                    draft.acmeGiven = true;
                }
                if (key.equals("tls") && table.get("sni") instanceof TomlArray entries) {
                    readSniEntries(file, entries, draft, baseDir);
                }
                if (key.equals("oauth")) {
                    draft.oauthGiven = true;
                    if (table.get("issuer") instanceof TomlArray entries && !entries.isEmpty()
                            && entries.get(0) instanceof TomlTable) {
                        readOAuthIssuers(file, toml, table, entries, draft, baseDir);
                        continue;
                    }
                }
                for (String inner : table.keySet()) {
                    if (key.equals("tls") && inner.equals("sni") && table.get("sni") instanceof TomlArray) {
                        continue;
                    }
                    List<String> path = List.of(key, inner);
                    readKey(draft, new Value(key + "." + inner, table.get(inner), file,
                            toml.inputPositionOf(path), baseDir));
                }
            } else if (TABLES.contains(key)) {
                throw new CommandFailure(location(file, toml.inputPositionOf(List.of(key)))
                        + "'" + key + "' must be a table ([" + key + "])");
            } else if (toml.isTable(key) && !KEYS.containsKey(key)) {
                throw new CommandFailure(location(file, toml.inputPositionOf(List.of(key)))
                        + "unknown table [" + key + "]" + suggestion(key));
            } else {
                readKey(draft, new Value(key, toml.get(List.of(key)), file, toml.inputPositionOf(List.of(key)),
                        baseDir));
            }
        }
    }

    private static void readKey(Draft draft, Value value) {
        readKey(draft, value.key, value);
    }

    /** Reads {@code value} with the reader of {@code known}, the key as {@link #KEYS} declares it. */
    private static void readKey(Draft draft, String known, Value value) {
        KeyReader reader = KEYS.get(known);
        if (reader == null) {
            throw value.failure("unknown key '" + value.key + "'" + suggestion(known));
        }
        reader.read(draft, value);
    }

    /**
     * Several issuers as an array of tables, {@code [[oauth.issuer]]}, each with the keys of the single-issuer
     * {@code [oauth]} form; {@code [oauth]} itself then holds nothing else. An entry's values are reported as
     * {@code oauth.issuer[n].key}, n counting from 1.
     */
    private static void readOAuthIssuers(Path file, TomlParseResult toml, TomlTable oauth, TomlArray entries,
                                         Draft draft, Path baseDir) {
        for (String inner : oauth.keySet()) {
            if (!inner.equals("issuer")) {
                throw new CommandFailure(location(file, toml.inputPositionOf(List.of("oauth", inner)))
                        + "'oauth." + inner + "' cannot be combined with [[oauth.issuer]]; give it in each "
                        + "[[oauth.issuer]] entry");
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            TomlPosition entryPosition = entries.inputPositionOf(i);
            if (!(entries.get(i) instanceof TomlTable entry)) {
                throw new CommandFailure(location(file, entryPosition) + "'oauth.issuer' entries must be tables");
            }
            draft.oauth = new OAuthDraft(entryPosition == null ? 0 : entryPosition.line());
            draft.oauthEntries.add(draft.oauth);
            for (String inner : entry.keySet()) {
                readKey(draft, "oauth." + inner, new Value("oauth.issuer[" + (i + 1) + "]." + inner,
                        entry.get(List.of(inner)), file, entry.inputPositionOf(List.of(inner)), baseDir));
            }
        }
    }

    /**
     * Further certificates as an array of tables, {@code [[tls.sni]]}, each with {@code certificate} and
     * {@code key}; reported as {@code tls.sni[n].key}, n counting from 1.
     */
    private static void readSniEntries(Path file, TomlArray entries, Draft draft, Path baseDir) {
        for (int i = 0; i < entries.size(); i++) {
            TomlPosition position = entries.inputPositionOf(i);
            if (!(entries.get(i) instanceof TomlTable entry)) {
                throw new CommandFailure(location(file, position) + "'tls.sni' entries must be tables ([[tls.sni]])");
            }
            SniDraft sni = new SniDraft(location(file, position) + "[[tls.sni]]");
            draft.sni.add(sni);
            for (String inner : entry.keySet()) {
                readKey(draft, "tls.sni." + inner, new Value("tls.sni[" + (i + 1) + "]." + inner,
                        entry.get(List.of(inner)), file, entry.inputPositionOf(List.of(inner)), baseDir));
            }
        }
    }

    /** A hint for a mistyped key: the known key it is closest to, if it is close. */
    private static String suggestion(String unknown) {
        return KEYS.keySet().stream()
                .min(Comparator.comparingInt((String known) -> editDistance(unknown, known)))
                .filter(known -> known.startsWith(unknown)
                        || editDistance(unknown, known) <= Math.max(2, unknown.length() / 3))
                .map(known -> " (did you mean '" + known + "'?)")
                .orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String location(Path file, TomlPosition position) {
        return position == null ? file + ": " : file + ":" + position.line() + ": ";
    }

    /** One value from the file with where it was, so every complaint can name the line. */
    private record Value(String key, Object raw, Path file, TomlPosition position, Path baseDir) {

        CommandFailure failure(String message) {
            return new CommandFailure(location(file, position) + message);
        }

        long integer(long min, long max) {
            if (!(raw instanceof Long number)) {
                throw failure("'" + key + "' must be an integer");
            }
            if (number < min || number > max) {
                throw failure(max == Long.MAX_VALUE || max == MAX_INT
                        ? "'" + key + "' must be at least " + min
                        : "'" + key + "' must be between " + min + " and " + max);
            }
            return number;
        }

        long size(String text) {
            try {
                return StorageSize.parse(text);
            } catch (IllegalArgumentException e) {
                throw failure("'" + key + "': " + e.getMessage());
            }
        }

        boolean bool() {
            if (!(raw instanceof Boolean flag)) {
                throw failure("'" + key + "' must be true or false");
            }
            return flag;
        }

        String nonEmptyString() {
            if (!(raw instanceof String text)) {
                throw failure("'" + key + "' must be a string");
            }
            if (text.isBlank()) {
                throw failure("'" + key + "' must not be empty");
            }
            return text.strip();
        }

        String domainName() {
            try {
                return MailAddress.normalizeDomain(nonEmptyString());
            } catch (IllegalArgumentException e) {
                throw failure("'" + key + "': " + e.getMessage());
            }
        }

        Path path() {
            return baseDir.resolve(nonEmptyString());
        }

        List<String> nonEmptyStrings() {
            if (!(raw instanceof TomlArray array) || !array.toList().stream().allMatch(String.class::isInstance)) {
                throw failure("'" + key + "' must be an array of strings");
            }
            if (array.isEmpty()) {
                throw failure("'" + key + "' must not be empty");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                values.add(array.getString(i).strip());
            }
            return List.copyOf(values);
        }

        /** An array of CIDR networks; may be empty (nothing is exempt from blocking). */
        List<Network> networks() {
            if (!(raw instanceof TomlArray array) || !array.toList().stream().allMatch(String.class::isInstance)) {
                throw failure("'" + key + "' must be an array of strings such as \"192.0.2.0/24\"");
            }
            List<Network> networks = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                try {
                    networks.add(Network.parse(array.getString(i)));
                } catch (IllegalArgumentException e) {
                    throw failure("'" + key + "': " + e.getMessage());
                }
            }
            return List.copyOf(networks);
        }

        /** An absolute http or https URL. */
        java.net.URI httpUrl() {
            try {
                java.net.URI uri = new java.net.URI(nonEmptyString());
                if (!uri.isAbsolute() || uri.getHost() == null
                        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    throw failure("'" + key + "' must be an http(s) URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw failure("'" + key + "' must be an http(s) URL");
            }
        }

        /** One string, or an array of them. */
        List<String> stringOrStrings() {
            return raw instanceof String ? List.of(nonEmptyString()) : nonEmptyStrings();
        }

        Duration seconds() {
            return Duration.ofSeconds(integer(1, MAX_INT));
        }

        double decimal(double min) {
            double number;
            if (raw instanceof Double d) {
                number = d;
            } else if (raw instanceof Long l) {
                number = l;
            } else {
                throw failure("'" + key + "' must be a number");
            }
            if (!(number >= min) || Double.isInfinite(number)) {
                throw failure("'" + key + "' must be at least " + min);
            }
            return number;
        }

        /** {@code host:port}, {@code [v6-address]:port}, or a bare host with {@code defaultPort}. */
        TegamiConfig.Endpoint endpoint(int defaultPort) {
            String text = nonEmptyString();
            String host = text;
            String port = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                    throw failure("'" + key + "' must be host:port or [address]:port");
                }
                host = text.substring(1, close);
                port = close + 1 < text.length() ? text.substring(close + 2) : null;
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = text.substring(text.indexOf(':') + 1);
            }
            if (host.isEmpty()) {
                throw failure("'" + key + "' has no host");
            }
            if (port == null) {
                return new TegamiConfig.Endpoint(host, defaultPort);
            }
            try {
                int number = Integer.parseInt(port);
                if (number >= 1 && number <= 65535) {
                    return new TegamiConfig.Endpoint(host, number);
                }
            } catch (NumberFormatException e) {
                // reported below, with the line
            }
            throw failure("'" + key + "': '" + port + "' is not a port between 1 and 65535");
        }

        TegamiConfig.RelayTls relayTls() {
            return switch (nonEmptyString().toLowerCase(Locale.ROOT)) {
                case "implicit" -> TegamiConfig.RelayTls.IMPLICIT;
                case "starttls" -> TegamiConfig.RelayTls.STARTTLS;
                case "starttls-optional" -> TegamiConfig.RelayTls.STARTTLS_OPTIONAL;
                default -> throw failure("'" + key + "' must be \"implicit\", \"starttls\" or \"starttls-optional\"");
            };
        }

        /** The first line of the file the value names, such as a password kept out of the config file. */
        String fileContent() {
            Path file = path();
            try {
                String content = Files.readString(file).lines().findFirst().orElse("").strip();
                if (content.isEmpty()) {
                    throw failure("'" + key + "': " + file + " is empty");
                }
                return content;
            } catch (IOException e) {
                throw failure("'" + key + "': cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }

        /** {@code "letsencrypt"}, {@code "letsencrypt-staging"}, or an https directory URL (RFC 8555 §7.1.1). */
        java.net.URI acmeDirectory() {
            String text = nonEmptyString();
            switch (text.toLowerCase(Locale.ROOT)) {
                case "letsencrypt" -> {
                    return TegamiConfig.Acme.LETSENCRYPT;
                }
                case "letsencrypt-staging" -> {
                    return TegamiConfig.Acme.LETSENCRYPT_STAGING;
                }
                default -> {
                    // RFC 8555 §6.1: ACME runs over HTTPS only.
                    try {
                        java.net.URI uri = new java.net.URI(text);
                        if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
                            return uri;
                        }
                    } catch (java.net.URISyntaxException e) {
                        // reported below
                    }
                    throw failure("'" + key + "' must be \"letsencrypt\", \"letsencrypt-staging\" or an https:// "
                            + "directory URL");
                }
            }
        }

        /** RFC 8555 §7.3: contact URLs; CAs take {@code mailto:} ones. A bare address gets the scheme. */
        String mailtoContact() {
            String text = nonEmptyString();
            String address = text.regionMatches(true, 0, "mailto:", 0, 7) ? text.substring(7) : text;
            try {
                MailAddress.parse(address);
            } catch (IllegalArgumentException e) {
                throw failure("'" + key + "' must be a mailto: URL such as \"mailto:postmaster@example.com\"");
            }
            return "mailto:" + address;
        }

        List<String> domainNames() {
            List<String> names = new ArrayList<>();
            for (String name : nonEmptyStrings()) {
                try {
                    names.add(MailAddress.normalizeDomain(name));
                } catch (IllegalArgumentException e) {
                    throw failure("'" + key + "': " + e.getMessage());
                }
            }
            return List.copyOf(names);
        }

        List<String> protocols() {
            List<String> protocols = nonEmptyStrings();
            for (String protocol : protocols) {
                if (!TLS_PROTOCOLS.contains(protocol)) {
                    // Older versions have known weaknesses (RFC 8996) and are never offered.
                    throw failure("'" + key + "': unsupported protocol '" + protocol
                            + "' (choose from \"TLSv1.3\", \"TLSv1.2\")");
                }
            }
            return protocols;
        }
    }

    /** The values gathered so far; starts from the defaults and ends as an immutable {@link TegamiConfig}. */
    private static final class Draft {
        Optional<String> hostname;
        Path dataDir;
        Optional<String> bind;
        int portOffset;
        final Map<String, ListenerDraft> listeners = new LinkedHashMap<>();
        org.tegami.http.MtaStsMode mtaStsMode;
        List<Network> metricsAllowNetworks;
        List<Network> proxyTrustedNetworks;
        Duration proxyHeaderTimeout;
        Optional<Path> certificate;
        Optional<Path> key;
        List<String> protocols;
        List<String> ciphers;
        int maxLineBytes;
        int maxLiteralBytesBeforeAuth;
        int maxLiteralBytes;
        long appendLimitBytes;
        long maxCommandBytes;
        int maxNestingDepth;
        int maxSequenceRanges;
        Duration preAuthTimeout;
        Duration idleTimeout;
        int maxConnectionsPerAddress;
        int maxOutputBufferBytes;
        int maxFailedLoginsPerConnection;
        int maxRememberedExpunges;
        int maxWatchedMailboxes;
        int maxPendingNotifications;
        boolean literalMinus;
        Duration progressInterval;
        int maxUpdateContexts;
        Duration throttleInitialDelay;
        Duration throttleMaxDelay;
        Duration throttleForgetAfter;
        int blockAfterFailures;
        Duration blockFor;
        List<Network> allowNetworks;
        int maxAppPasswords;
        final int maxTrackedAddresses;
        int maxCommandLineBytes;
        long maxMessageBytes;
        int maxRecipients;
        int maxMessagesPerHour;
        Duration smtpCommandTimeout;
        int maxErrorsPerConnection;
        int smtpMaxConnectionsPerAddress;
        Optional<TegamiConfig.Endpoint> resolver;
        int mxPort;
        Duration connectTimeout;
        Duration outboundCommandTimeout;
        Duration dataTimeout;
        Duration dnsTimeout;
        Duration retryInitialDelay;
        double retryFactor;
        Duration retryMaxDelay;
        Duration maxQueueTime;
        int batchEntries;
        Duration lease;
        long maxReturnedMessageBytes;
        Optional<Path> trustedCertificates;
        Optional<String> relayHost = Optional.empty();
        OptionalInt relayPort = OptionalInt.empty();
        TegamiConfig.RelayTls relayTls = TegamiConfig.RelayTls.STARTTLS;
        Optional<String> relayUsername = Optional.empty();
        Optional<String> relayPassword = Optional.empty();
        Optional<String> relayPasswordFromFile = Optional.empty();
        /** The {@code [oauth]} table, or the {@code [[oauth.issuer]]} entry being read. */
        OAuthDraft oauth = new OAuthDraft(0);
        /** The {@code [[oauth.issuer]]} entries, in file order; empty for the single-issuer {@code [oauth]}. */
        final List<OAuthDraft> oauthEntries = new ArrayList<>();
        /** Whether the file has an {@code [oauth]} table at all, so a missing issuer is reported. */
        boolean oauthGiven;
        /** Whether the file has a {@code [relay]} table at all, so a missing host is reported. */
        boolean relayGiven;
        final List<SniDraft> sni = new ArrayList<>();
        Duration reloadInterval = TegamiConfig.Tls.DEFAULT_RELOAD_INTERVAL;
        int expiryWarningDays = TegamiConfig.Tls.DEFAULT_EXPIRY_WARNING_DAYS;
        boolean acmeGiven;
        java.net.URI acmeDirectory = TegamiConfig.Acme.LETSENCRYPT;
        Optional<String> acmeContact = Optional.empty();
        TegamiConfig.AcmeChallenge acmeChallenge = TegamiConfig.AcmeChallenge.TLS_ALPN_01;
        List<String> acmeDomains = List.of();
        Optional<Path> acmeDirectoryCa = Optional.empty();
        TegamiConfig.KeyType acmeKeyType = TegamiConfig.KeyType.EC_P256;
        Duration acmeRetryInitialDelay = TegamiConfig.Acme.DEFAULT_RETRY_INITIAL_DELAY;
        Duration acmeRetryMaxDelay = TegamiConfig.Acme.DEFAULT_RETRY_MAX_DELAY;
        Duration acmeTimeout = TegamiConfig.Acme.DEFAULT_TIMEOUT;
        StorageConfig.Backend storeBackend = StorageConfig.DEFAULT.backend();
        Optional<String> storeUrl = Optional.empty();
        Optional<String> storeUser = Optional.empty();
        Optional<String> storePassword = Optional.empty();
        Optional<String> storePasswordFromFile = Optional.empty();
        OptionalInt storePoolSize = OptionalInt.empty();
        OptionalInt storeMaxTransactionsPerCommit = OptionalInt.empty();
        OptionalInt storeInlineMessageMaxBytes = OptionalInt.empty();
        long quotaStorageBytes = 0;
        long quotaMessages = 0;
        int metadataMaxValueBytes;
        int metadataMaxEntries;
        int metadataMaxEntryNameBytes;
        Optional<String> metadataServerComment;
        Optional<String> metadataServerAdmin;
        StorageConfig.BlobBackend blobBackend = StorageConfig.DEFAULT.blobs();
        Optional<Path> blobDirectory = Optional.empty();
        Optional<java.net.URI> s3Endpoint = Optional.empty();
        Optional<String> s3Bucket = Optional.empty();
        Optional<String> s3Region = Optional.empty();
        Optional<String> s3AccessKey = Optional.empty();
        Optional<String> s3SecretKey = Optional.empty();
        Optional<String> s3SecretKeyFromFile = Optional.empty();
        Duration orphanGrace = StorageConfig.DEFAULT_ORPHAN_GRACE;
        Duration orphanSweepInterval = StorageConfig.DEFAULT_ORPHAN_SWEEP_INTERVAL;

        Draft(TegamiConfig defaults) {
            hostname = defaults.hostname();
            dataDir = defaults.dataDir();
            bind = defaults.bind();
            portOffset = defaults.portOffset();
            TegamiConfig.Smtp smtp = defaults.smtp();
            listeners.put("imaps", new ListenerDraft(defaults.imaps()));
            listeners.put("imap", new ListenerDraft(defaults.imap()));
            listeners.put("submissions", new ListenerDraft(smtp.submissions()));
            listeners.put("submission", new ListenerDraft(smtp.submission()));
            listeners.put("smtp", new ListenerDraft(smtp.mx()));
            listeners.put("lmtp", new ListenerDraft(smtp.lmtp()));
            listeners.put("https", new ListenerDraft(defaults.web().https()));
            listeners.put("http", new ListenerDraft(defaults.web().http()));
            mtaStsMode = defaults.web().mtaStsMode();
            metricsAllowNetworks = defaults.web().metricsAllowNetworks();
            proxyTrustedNetworks = defaults.proxyProtocol().trustedNetworks();
            proxyHeaderTimeout = defaults.proxyProtocol().headerTimeout();
            certificate = defaults.tls().certificate();
            key = defaults.tls().key();
            protocols = defaults.tls().protocols();
            ciphers = defaults.tls().ciphers();
            ImapLimits imap = defaults.limits().imap();
            maxLineBytes = imap.maxLineBytes();
            maxLiteralBytesBeforeAuth = imap.maxLiteralBytesBeforeAuth();
            maxLiteralBytes = imap.maxLiteralBytes();
            appendLimitBytes = imap.appendLimitBytes();
            maxCommandBytes = imap.maxCommandBytes();
            maxNestingDepth = imap.maxNestingDepth();
            maxSequenceRanges = imap.maxSequenceRanges();
            preAuthTimeout = defaults.limits().preAuthTimeout();
            idleTimeout = defaults.limits().idleTimeout();
            maxConnectionsPerAddress = defaults.limits().maxConnectionsPerAddress();
            maxOutputBufferBytes = defaults.limits().maxOutputBufferBytes();
            maxFailedLoginsPerConnection = defaults.limits().maxFailedLoginsPerConnection();
            maxRememberedExpunges = defaults.limits().maxRememberedExpunges();
            maxWatchedMailboxes = defaults.limits().maxWatchedMailboxes();
            maxPendingNotifications = defaults.limits().maxPendingNotifications();
            MetadataSettings metadata = defaults.limits().metadata();
            metadataMaxValueBytes = metadata.maxValueBytes();
            metadataMaxEntries = metadata.maxEntries();
            metadataMaxEntryNameBytes = metadata.maxEntryNameBytes();
            metadataServerComment = metadata.serverComment();
            metadataServerAdmin = metadata.serverAdmin();
            literalMinus = defaults.limits().imap().literalMinus();
            progressInterval = defaults.limits().progressInterval();
            maxUpdateContexts = defaults.limits().maxUpdateContexts();
            throttleInitialDelay = defaults.throttle().initialDelay();
            throttleMaxDelay = defaults.throttle().maxDelay();
            throttleForgetAfter = defaults.throttle().forgetAfter();
            blockAfterFailures = defaults.blocking().blockAfterFailures();
            blockFor = defaults.blocking().blockFor();
            allowNetworks = defaults.blocking().allowNetworks();
            maxAppPasswords = defaults.maxAppPasswords();
            maxTrackedAddresses = defaults.throttle().maxTrackedAddresses();
            maxCommandLineBytes = smtp.input().maxCommandLineBytes();
            maxMessageBytes = smtp.input().maxMessageBytes();
            maxRecipients = smtp.input().maxRecipients();
            maxMessagesPerHour = smtp.maxMessagesPerHour();
            smtpCommandTimeout = smtp.commandTimeout();
            maxErrorsPerConnection = smtp.maxErrorsPerConnection();
            smtpMaxConnectionsPerAddress = smtp.maxConnectionsPerAddress();
            TegamiConfig.Outbound outbound = smtp.outbound();
            resolver = outbound.resolver();
            mxPort = outbound.mxPort();
            connectTimeout = outbound.connectTimeout();
            outboundCommandTimeout = outbound.commandTimeout();
            dataTimeout = outbound.dataTimeout();
            dnsTimeout = outbound.dnsTimeout();
            retryInitialDelay = outbound.retryInitialDelay();
            retryFactor = outbound.retryFactor();
            retryMaxDelay = outbound.retryMaxDelay();
            maxQueueTime = outbound.maxQueueTime();
            batchEntries = outbound.batchEntries();
            lease = outbound.lease();
            maxReturnedMessageBytes = outbound.maxReturnedMessageBytes();
            trustedCertificates = outbound.trustedCertificates();
        }

        private TegamiConfig.Listener listener(String name) {
            ListenerDraft draft = listeners.get(name);
            return new TegamiConfig.Listener(draft.port, draft.bind, draft.enabled);
        }

        private Optional<TegamiConfig.Relay> relay(String source) {
            if (!relayGiven) {
                return Optional.empty();
            }
            if (relayHost.isEmpty()) {
                throw new CommandFailure(source + ": [relay] needs 'host', the smarthost to send all mail through");
            }
            if (relayPassword.isPresent() && relayPasswordFromFile.isPresent()) {
                throw new CommandFailure(source + ": [relay] takes 'password' or 'password_file', not both");
            }
            Optional<String> password = relayPassword.or(() -> relayPasswordFromFile);
            if (relayUsername.isPresent() != password.isPresent()) {
                throw new CommandFailure(source + ": [relay] needs both 'username' and a password "
                        + "('password' or 'password_file'), or neither");
            }
            // The ports the smarthost most likely listens on for each way of starting TLS.
            int port = relayPort.orElse(switch (relayTls) {
                case IMPLICIT -> TegamiConfig.SUBMISSIONS_DEFAULT_PORT;
                case STARTTLS -> TegamiConfig.SUBMISSION_DEFAULT_PORT;
                case STARTTLS_OPTIONAL -> TegamiConfig.SMTP_DEFAULT_PORT;
            });
            return Optional.of(new TegamiConfig.Relay(relayHost.get(), port, relayTls, relayUsername, password));
        }

        private Optional<TegamiConfig.Acme> acme(String source) {
            if (!acmeGiven) {
                return Optional.empty();
            }
            if (acmeRetryMaxDelay.compareTo(acmeRetryInitialDelay) < 0) {
                throw new CommandFailure(source + ": 'acme.retry_max_delay_seconds' must not be less than "
                        + "'acme.retry_initial_delay_seconds'");
            }
            // The CA connects to the standard port of the name being validated: 443 for TLS-ALPN-01
            // (RFC 8737 §3), 80 for HTTP-01 (RFC 8555 §8.3); the listener answering there must be on.
            if (acmeChallenge == TegamiConfig.AcmeChallenge.HTTP_01 && !listeners.get("http").enabled) {
                throw new CommandFailure(source + ": [acme] challenge \"http-01\" needs the [http] listener; "
                        + "enable it or use challenge = \"tls-alpn-01\"");
            }
            if (acmeChallenge == TegamiConfig.AcmeChallenge.TLS_ALPN_01 && !listeners.get("https").enabled
                    && !listeners.get("imaps").enabled && !listeners.get("submissions").enabled) {
                throw new CommandFailure(source + ": [acme] challenge \"tls-alpn-01\" needs a TLS listener on "
                        + "port 443 ([https], or [imaps] or [submissions] moved there); or use challenge = \"http-01\"");
            }
            return Optional.of(new TegamiConfig.Acme(acmeDirectory, acmeContact, acmeChallenge, acmeDomains,
                    acmeDirectoryCa, acmeKeyType, acmeRetryInitialDelay, acmeRetryMaxDelay, acmeTimeout));
        }

        private List<TegamiConfig.PemPair> sniPairs() {
            List<TegamiConfig.PemPair> pairs = new ArrayList<>();
            for (SniDraft entry : sni) {
                if (entry.certificate.isEmpty() || entry.key.isEmpty()) {
                    throw new CommandFailure(entry.where + " needs both 'certificate' and 'key'");
                }
                pairs.add(new TegamiConfig.PemPair(entry.certificate.get(), entry.key.get()));
            }
            return List.copyOf(pairs);
        }

        private List<OAuthIssuer> oauthIssuers(String source) {
            if (!oauthGiven) {
                return List.of();
            }
            if (oauthEntries.isEmpty()) {
                return List.of(oauth.build(source + ": [oauth]"));
            }
            List<OAuthIssuer> issuers = new ArrayList<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (OAuthDraft entry : oauthEntries) {
                String where = source + ":" + entry.line + ": [[oauth.issuer]]";
                OAuthIssuer issuer = entry.build(where);
                Integer first = lines.putIfAbsent(issuer.id(), entry.line);
                if (first != null) {
                    throw new CommandFailure(where + " issuer " + issuer.id() + " is configured twice (first at line "
                            + first + ")");
                }
                issuers.add(issuer);
            }
            return List.copyOf(issuers);
        }

        /** [store] and [blobs]: which keys go with which backend, and that the two fit together. */
        private StorageConfig storage(String source) {
            Optional<StorageConfig.Postgres> postgres = Optional.empty();
            if (storeBackend == StorageConfig.Backend.POSTGRES) {
                if (storeUrl.isEmpty() || storeUser.isEmpty()) {
                    throw new CommandFailure(source + ": [store] backend = \"postgres\" needs 'url' and 'user'");
                }
                if (storePassword.isPresent() && storePasswordFromFile.isPresent()) {
                    throw new CommandFailure(source + ": [store] takes 'password' or 'password_file', not both");
                }
                String password = storePassword.or(() -> storePasswordFromFile).orElseThrow(() -> new CommandFailure(
                        source + ": [store] backend = \"postgres\" needs 'password' or 'password_file'"));
                postgres = Optional.of(new StorageConfig.Postgres(storeUrl.get(), storeUser.get(), password,
                        storePoolSize.orElse(StorageConfig.DEFAULT_POOL_SIZE)));
            } else if (storeUrl.isPresent() || storeUser.isPresent() || storePassword.isPresent()
                    || storePasswordFromFile.isPresent() || storePoolSize.isPresent()) {
                throw new CommandFailure(source + ": [store] 'url', 'user', 'password', 'password_file' and "
                        + "'pool_size' apply only with backend = \"postgres\"");
            }
            if (storeBackend != StorageConfig.Backend.SQLITE && storeMaxTransactionsPerCommit.isPresent()) {
                throw new CommandFailure(source + ": [store] 'max_transactions_per_commit' applies only with "
                        + "backend = \"sqlite\"");
            }
            if (storeBackend != StorageConfig.Backend.SQLITE && storeInlineMessageMaxBytes.isPresent()) {
                throw new CommandFailure(source + ": [store] 'inline_message_max_bytes' applies only with "
                        + "backend = \"sqlite\"");
            }
            boolean s3KeysGiven = s3Endpoint.isPresent() || s3Bucket.isPresent() || s3Region.isPresent()
                    || s3AccessKey.isPresent() || s3SecretKey.isPresent() || s3SecretKeyFromFile.isPresent();
            Optional<StorageConfig.S3> s3 = Optional.empty();
            if (blobBackend == StorageConfig.BlobBackend.S3) {
                if (s3Endpoint.isEmpty() || s3Bucket.isEmpty() || s3AccessKey.isEmpty()) {
                    throw new CommandFailure(source + ": [blobs] backend = \"s3\" needs 'endpoint', 'bucket', "
                            + "'access_key' and 'secret_key' (or 'secret_key_file')");
                }
                if (s3SecretKey.isPresent() && s3SecretKeyFromFile.isPresent()) {
                    throw new CommandFailure(source + ": [blobs] takes 'secret_key' or 'secret_key_file', not both");
                }
                String secret = s3SecretKey.or(() -> s3SecretKeyFromFile).orElseThrow(() -> new CommandFailure(
                        source + ": [blobs] backend = \"s3\" needs 'secret_key' or 'secret_key_file'"));
                s3 = Optional.of(new StorageConfig.S3(s3Endpoint.get(), s3Bucket.get(),
                        s3Region.orElse(StorageConfig.DEFAULT_S3_REGION), s3AccessKey.get(), secret));
            } else if (s3KeysGiven) {
                throw new CommandFailure(source + ": [blobs] 'endpoint', 'bucket', 'region', 'access_key' and "
                        + "'secret_key' apply only with backend = \"s3\"");
            }
            if (blobDirectory.isPresent() && blobBackend != StorageConfig.BlobBackend.FILESYSTEM) {
                throw new CommandFailure(source + ": [blobs] 'directory' applies only with backend = \"filesystem\"");
            }
            if (storeBackend == StorageConfig.Backend.SQLITE && blobBackend != StorageConfig.BlobBackend.FILESYSTEM) {
                throw new CommandFailure(source + ": [blobs] backend = \"" + blobBackend.name().toLowerCase(Locale.ROOT)
                        + "\" needs [store] backend = \"postgres\"; the SQLite store keeps message files in its data "
                        + "directory");
            }
            if (storeBackend == StorageConfig.Backend.SQLITE && blobDirectory.isPresent()) {
                throw new CommandFailure(source + ": [blobs] 'directory' needs [store] backend = \"postgres\"; the "
                        + "SQLite store keeps message files in its data directory");
            }
            return new StorageConfig(storeBackend, postgres, blobBackend, blobDirectory, s3, orphanGrace,
                    orphanSweepInterval, new org.tegami.store.Quota(quotaStorageBytes, quotaMessages),
                    storeMaxTransactionsPerCommit.orElse(StorageConfig.DEFAULT_MAX_TRANSACTIONS_PER_COMMIT),
                    storeInlineMessageMaxBytes.orElse(StorageConfig.DEFAULT_INLINE_MESSAGE_MAX_BYTES));
        }

        /** Checks the rules that involve two keys, then freezes the values. */
        TegamiConfig build(String source) {
            if (certificate.isPresent() != key.isPresent()) {
                throw new CommandFailure(source + ": [tls] needs both 'certificate' and 'key', or neither "
                        + "(to use a generated self-signed certificate)");
            }
            if (throttleMaxDelay.compareTo(throttleInitialDelay) < 0) {
                throw new CommandFailure(source + ": 'auth.throttle_max_delay_ms' must not be less than "
                        + "'auth.throttle_initial_delay_ms'");
            }
            if (maxCommandBytes < appendLimitBytes) {
                throw new CommandFailure(source + ": 'limits.max_command_bytes' must be at least "
                        + "'limits.append_limit_bytes', or no message that large could be appended");
            }
            if (retryMaxDelay.compareTo(retryInitialDelay) < 0) {
                throw new CommandFailure(source + ": 'outbound.retry_max_delay_seconds' must not be less than "
                        + "'outbound.retry_initial_delay_seconds'");
            }
            TegamiConfig.Smtp smtp = new TegamiConfig.Smtp(listener("submissions"), listener("submission"),
                    listener("smtp"), listener("lmtp"), new SmtpLimits(maxCommandLineBytes, maxMessageBytes, maxRecipients),
                    smtpCommandTimeout, smtpMaxConnectionsPerAddress, maxMessagesPerHour, maxErrorsPerConnection,
                    new TegamiConfig.Outbound(resolver, mxPort, connectTimeout, outboundCommandTimeout, dataTimeout,
                            dnsTimeout, retryInitialDelay, retryFactor, retryMaxDelay, maxQueueTime, batchEntries, lease,
                            maxReturnedMessageBytes, trustedCertificates, relay(source)));
            return new TegamiConfig(hostname, dataDir, bind, portOffset, listener("imaps"), listener("imap"),
                    new TegamiConfig.Tls(certificate, key, protocols, ciphers, sniPairs(), reloadInterval,
                            expiryWarningDays),
                    new TegamiConfig.Limits(new ImapLimits(maxLineBytes, maxLiteralBytesBeforeAuth, maxLiteralBytes,
                            appendLimitBytes, maxCommandBytes, maxNestingDepth, maxSequenceRanges, literalMinus),
                            preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                            maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval,
                            maxUpdateContexts, maxWatchedMailboxes, maxPendingNotifications,
                            new MetadataSettings(metadataMaxValueBytes, metadataMaxEntries, metadataMaxEntryNameBytes,
                                    metadataServerComment, metadataServerAdmin)),
                    new LoginThrottle.Settings(throttleInitialDelay, throttleMaxDelay, throttleForgetAfter,
                            maxTrackedAddresses),
                    new LoginThrottle.Blocking(blockAfterFailures, blockFor, allowNetworks), maxAppPasswords,
                    smtp,
                    new TegamiConfig.Web(listener("https"), listener("http"), mtaStsMode, metricsAllowNetworks),
                    oauthIssuers(source), new ProxyProtocol(proxyTrustedNetworks, proxyHeaderTimeout),
                    acme(source), storage(source));
        }
    }

    /** One {@code [[tls.sni]]} entry being read. */
    private static final class SniDraft {
        final String where;
        Optional<Path> certificate = Optional.empty();
        Optional<Path> key = Optional.empty();

        SniDraft(String where) {
            this.where = where;
        }
    }

    /** One issuer being read: the {@code [oauth]} table or one {@code [[oauth.issuer]]} entry. */
    private static final class OAuthDraft {
        /** Where the entry starts, for messages; 0 for {@code [oauth]}. */
        final int line;
        Optional<java.net.URI> issuer = Optional.empty();
        List<String> audiences = List.of();
        List<String> algorithms = OAuthIssuer.DEFAULT_ALGORITHMS;
        String claim = OAuthIssuer.DEFAULT_CLAIM;
        String scope = OAuthIssuer.DEFAULT_SCOPE;
        Duration clockSkew = OAuthIssuer.DEFAULT_CLOCK_SKEW;
        Optional<java.net.URI> introspection = Optional.empty();
        Optional<String> clientId = Optional.empty();
        Optional<String> clientSecret = Optional.empty();

        OAuthDraft(int line) {
            this.line = line;
        }

        /** {@code where} names the table in messages, with the file and line when known. */
        OAuthIssuer build(String where) {
            if (issuer.isEmpty() || audiences.isEmpty()) {
                throw new CommandFailure(where + " needs 'issuer' and 'audience'");
            }
            if (introspection.isPresent() && (clientId.isEmpty() || clientSecret.isEmpty())) {
                throw new CommandFailure(where + " 'introspection_endpoint' needs 'client_id' and 'client_secret'");
            }
            return new OAuthIssuer(issuer.get(), java.util.Set.copyOf(audiences), OAuthIssuer.algorithms(algorithms),
                    claim, scope, introspection, clientId, clientSecret, clockSkew);
        }
    }

    /** One listener table being read. */
    private static final class ListenerDraft {
        OptionalInt port;
        Optional<String> bind;
        boolean enabled;

        ListenerDraft(TegamiConfig.Listener defaults) {
            port = defaults.port();
            bind = defaults.bind();
            enabled = defaults.enabled();
        }
    }
}
