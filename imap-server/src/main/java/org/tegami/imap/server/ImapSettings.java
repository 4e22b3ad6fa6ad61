package org.tegami.imap.server;

import java.time.Duration;
import org.tegami.connection.ProxyProtocol;
import org.tegami.imap.protocol.ImapLimits;

/**
 * Settings of the IMAP service.
 *
 * @param hostname                 the name the greeting and responses use
 * @param limits                   input limits (line, literal, APPENDLIMIT, nesting, sequence ranges)
 * @param preAuthTimeout           how long a connection may stay unauthenticated without sending a command
 * @param idleTimeout              inactivity limit for an authenticated session; at least 30 minutes (RFC 9051 §5.4)
 * @param maxConnectionsPerAddress connections one client address may hold open at once
 * @param maxOutputBufferBytes     bytes queued for a client that is not reading (at least 64 KiB); the session
 *                                 waits rather than queue more, and a client that never reads again is
 *                                 disconnected by the idle timeout
 * @param maxFailedLoginsPerConnection failed LOGIN/AUTHENTICATE attempts after which the connection is closed
 * @param maxRememberedExpunges    expunges remembered per mailbox for QRESYNC (RFC 7162 §3.2.5); a client whose
 *                                 MODSEQ is older than the oldest one remembered gets a full resynchronisation
 * @param progressInterval         how often a long command reports its progress (RFC 9585 INPROGRESS)
 * @param maxUpdateContexts        search results one session keeps up to date at once (RFC 5267 §4.3, SEARCH or
 *                                 SORT with RETURN (UPDATE)); at least 1 (RFC 5267 §4.3.1); past it the server
 *                                 answers NOUPDATE
 * @param proxyProtocol            which load balancers may name the client with a PROXY header
 * @param maxWatchedMailboxes      mailboxes whose counters a session under NOTIFY remembers, so that it sends STATUS
 *                                 only when they change (RFC 5465 §5.2); beyond it the least recently changed are
 *                                 forgotten, and a forgotten mailbox's next change is reported without comparison
 * @param maxPendingNotifications  changes (mailboxes and metadata entries) a session under NOTIFY holds before it
 *                                 reports them; one more and it gives up with NOTIFICATIONOVERFLOW (RFC 5465 §5.8)
 * @param metadata                 METADATA limits and the server's own entries (RFC 5464)
 */
public record ImapSettings(
        String hostname,
        ImapLimits limits,
        Duration preAuthTimeout,
        Duration idleTimeout,
        int maxConnectionsPerAddress,
        int maxOutputBufferBytes,
        int maxFailedLoginsPerConnection,
        int maxRememberedExpunges,
        Duration progressInterval,
        int maxUpdateContexts,
        ProxyProtocol proxyProtocol,
        int maxWatchedMailboxes,
        int maxPendingNotifications,
        MetadataSettings metadata) {

    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** Room for a few TLS-record-sized writes, so a client that reads is never mistaken for one that does not. */
    public static final int MIN_OUTPUT_BUFFER_BYTES = 64 * 1024;

    public ImapSettings {
        if (idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("idle timeout must be at least 30 minutes (RFC 9051 §5.4)");
        }
        if (maxOutputBufferBytes < MIN_OUTPUT_BUFFER_BYTES) {
            throw new IllegalArgumentException("output buffer must be at least " + MIN_OUTPUT_BUFFER_BYTES + " bytes");
        }
        if (maxFailedLoginsPerConnection < 1) {
            throw new IllegalArgumentException("at least one login attempt per connection must be allowed");
        }
        if (maxRememberedExpunges < 0) {
            throw new IllegalArgumentException("the number of remembered expunges must not be negative");
        }
        java.util.Objects.requireNonNull(metadata, "metadata");
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("the progress interval must not be negative");
        }
        if (maxUpdateContexts < 1) {
            // RFC 5267 §4.3.1: servers MUST provide at least one updating context per client.
            throw new IllegalArgumentException("at least one update context per session must be allowed");
        }
        if (maxWatchedMailboxes < 0) {
            throw new IllegalArgumentException("the number of watched mailboxes must not be negative");
        }
        if (maxPendingNotifications < 1) {
            throw new IllegalArgumentException("at least one pending notification must be allowed");
        }
    }

    public static final int DEFAULT_MAX_UPDATE_CONTEXTS = 4;

    /** The same settings keeping at most {@code count} update contexts per session. */
    public ImapSettings withMaxUpdateContexts(int count) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval, count,
                proxyProtocol, maxWatchedMailboxes, maxPendingNotifications, metadata);
    }

    public static final int DEFAULT_MAX_WATCHED_MAILBOXES = 1000;
    public static final int DEFAULT_MAX_PENDING_NOTIFICATIONS = 10_000;

    /** Settings with the default NOTIFY limits. */
    public ImapSettings(String hostname, ImapLimits limits, Duration preAuthTimeout, Duration idleTimeout,
                        int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection,
                        int maxRememberedExpunges, Duration progressInterval, int maxUpdateContexts,
                        ProxyProtocol proxyProtocol) {
        this(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval, maxUpdateContexts, proxyProtocol,
                DEFAULT_MAX_WATCHED_MAILBOXES, DEFAULT_MAX_PENDING_NOTIFICATIONS);
    }

    /** The same settings with other NOTIFY limits. */
    public ImapSettings withNotifyLimits(int watchedMailboxes, int pendingNotifications) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval,
                maxUpdateContexts, proxyProtocol, watchedMailboxes, pendingNotifications, metadata);
    }

    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /** Settings with the default progress interval, without the PROXY protocol. */
    public ImapSettings(String hostname, ImapLimits limits, Duration preAuthTimeout, Duration idleTimeout,
                        int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection,
                        int maxRememberedExpunges) {
        this(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                maxFailedLoginsPerConnection, maxRememberedExpunges, DEFAULT_PROGRESS_INTERVAL, DEFAULT_MAX_UPDATE_CONTEXTS,
                ProxyProtocol.OFF);
    }

    /** Settings with the default METADATA limits and no server entries. */
    public ImapSettings(String hostname, ImapLimits limits, Duration preAuthTimeout, Duration idleTimeout,
                        int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection,
                        int maxRememberedExpunges, Duration progressInterval, int maxUpdateContexts,
                        ProxyProtocol proxyProtocol, int maxWatchedMailboxes, int maxPendingNotifications) {
        this(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval, maxUpdateContexts, proxyProtocol,
                maxWatchedMailboxes, maxPendingNotifications, MetadataSettings.DEFAULTS);
    }

    /** The same settings with these METADATA limits and server entries. */
    public ImapSettings withMetadata(MetadataSettings value) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval,
                maxUpdateContexts, proxyProtocol, maxWatchedMailboxes, maxPendingNotifications, value);
    }

    /** The same settings reporting progress every {@code interval}. */
    public ImapSettings withProgressInterval(Duration interval) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, maxRememberedExpunges, interval, maxUpdateContexts,
                proxyProtocol, maxWatchedMailboxes, maxPendingNotifications, metadata);
    }

    public static final int DEFAULT_MAX_REMEMBERED_EXPUNGES = 100_000;

    /** Settings with the default expunge memory. */
    public ImapSettings(String hostname, ImapLimits limits, Duration preAuthTimeout, Duration idleTimeout,
                        int maxConnectionsPerAddress, int maxOutputBufferBytes, int maxFailedLoginsPerConnection) {
        this(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress, maxOutputBufferBytes,
                maxFailedLoginsPerConnection, DEFAULT_MAX_REMEMBERED_EXPUNGES);
    }

    /** The same settings remembering at most {@code count} expunges per mailbox. */
    public ImapSettings withMaxRememberedExpunges(int count) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, count, progressInterval, maxUpdateContexts,
                proxyProtocol, maxWatchedMailboxes, maxPendingNotifications, metadata);
    }

    /** The same settings taking PROXY headers from the given balancers. */
    public ImapSettings withProxyProtocol(ProxyProtocol proxy) {
        return new ImapSettings(hostname, limits, preAuthTimeout, idleTimeout, maxConnectionsPerAddress,
                maxOutputBufferBytes, maxFailedLoginsPerConnection, maxRememberedExpunges, progressInterval,
                maxUpdateContexts, proxy, maxWatchedMailboxes, maxPendingNotifications, metadata);
    }

    public static ImapSettings defaults(String hostname) {
        return new ImapSettings(hostname, ImapLimits.DEFAULTS, Duration.ofSeconds(60), Duration.ofMinutes(30), 20,
                4 * 1024 * 1024, 5);
    }
}
