package org.tegami.imap.server;

import java.time.Duration;
import org.tegami.imap.protocol.ImapLimits;

/**
 * Settings of the IMAP service.
 *
 * @param hostname                 the name the greeting and responses use
 * @param limits                   input limits (line, literal, APPENDLIMIT, nesting, sequence ranges)
 * @param preAuthTimeout           how long a connection may stay unauthenticated without sending a command
 * @param idleTimeout              inactivity limit for an authenticated session; at least 30 minutes (RFC 9051 §5.4)
 * @param maxConnectionsPerAddress connections one client address may hold open at once
 * @param maxOutputBufferBytes     bytes queued for a client that is not reading before it is disconnected
 */
public record ImapSettings(
        String hostname,
        ImapLimits limits,
        Duration preAuthTimeout,
        Duration idleTimeout,
        int maxConnectionsPerAddress,
        int maxOutputBufferBytes) {

    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public ImapSettings {
        if (idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("idle timeout must be at least 30 minutes (RFC 9051 §5.4)");
        }
    }

    public static ImapSettings defaults(String hostname) {
        return new ImapSettings(hostname, ImapLimits.DEFAULTS, Duration.ofSeconds(60), Duration.ofMinutes(30), 20,
                4 * 1024 * 1024);
    }
}
