package org.tegami.smtp.server.outbound;

import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the outbound delivery engine sends queued mail.
 *
 * @param hostname               this server's name, sent in EHLO and used as Reporting-MTA in notifications
 * @param resolver               the DNS server to ask; empty for the system's resolvers
 * @param mxPort                 TCP port of mail exchangers (25; tests use another, MX records carry no port)
 * @param connectTimeout         longest wait for a TCP connection
 * @param commandTimeout         longest wait for any reply but the one after the message data
 * @param dataTimeout            longest wait for the reply after the message data (RFC 5321 §4.5.3.2.6: 10 minutes)
 * @param dnsTimeout             longest wait for one DNS answer
 * @param retry                  when to try again after a transient failure
 * @param maxQueueTime           how long a message may stay queued before its pending recipients fail
 * @param batchEntries           most queue entries claimed at once
 * @param lease                  how long a claimed entry stays ours before another runner may take it
 * @param maxReturnedMessageBytes largest original message returned whole in a notification; larger ones
 *                               return their header only
 * @param relay                  a smarthost that receives all mail instead of the recipients' mail exchangers
 * @param trustStore             trust anchors for verified TLS; empty for the JDK's default trust store
 */
public record OutboundSettings(
        String hostname,
        Optional<InetSocketAddress> resolver,
        int mxPort,
        Duration connectTimeout,
        Duration commandTimeout,
        Duration dataTimeout,
        Duration dnsTimeout,
        RetrySchedule retry,
        Duration maxQueueTime,
        int batchEntries,
        Duration lease,
        long maxReturnedMessageBytes,
        Optional<Relay> relay,
        Optional<KeyStore> trustStore) {

    public OutboundSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(retry, "retry");
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("mxPort " + mxPort);
        }
        if (batchEntries < 1) {
            throw new IllegalArgumentException("batchEntries must be positive");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(dataTimeout, "dataTimeout");
        requirePositive(dnsTimeout, "dnsTimeout");
        requirePositive(maxQueueTime, "maxQueueTime");
        requirePositive(lease, "lease");
    }

    /**
     * The defaults: system resolvers, port 25, the timeouts of RFC 5321 §4.5.3.2 (5 minutes per command,
     * 10 for the end of data), retries from 1 minute doubling to 1 hour, 5 days in the queue (RFC 5321
     * §4.5.4.1 suggests at least 4-5 days), 16 entries per batch under a 15-minute lease, messages up to
     * 256 KiB returned whole.
     */
    public static OutboundSettings defaults(String hostname) {
        return new OutboundSettings(hostname, Optional.empty(), 25, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofSeconds(10), RetrySchedule.DEFAULT, Duration.ofDays(5), 16,
                Duration.ofMinutes(15), 256 * 1024, Optional.empty(), Optional.empty());
    }

    public OutboundSettings withResolver(InetSocketAddress address) {
        return new OutboundSettings(hostname, Optional.of(address), mxPort, connectTimeout, commandTimeout,
                dataTimeout, dnsTimeout, retry, maxQueueTime, batchEntries, lease, maxReturnedMessageBytes, relay,
                trustStore);
    }

    public OutboundSettings withMxPort(int port) {
        return new OutboundSettings(hostname, resolver, port, connectTimeout, commandTimeout, dataTimeout,
                dnsTimeout, retry, maxQueueTime, batchEntries, lease, maxReturnedMessageBytes, relay, trustStore);
    }

    public OutboundSettings withTimeouts(Duration connect, Duration command, Duration data, Duration dns) {
        return new OutboundSettings(hostname, resolver, mxPort, connect, command, data, dns, retry, maxQueueTime,
                batchEntries, lease, maxReturnedMessageBytes, relay, trustStore);
    }

    public OutboundSettings withRetry(RetrySchedule schedule, Duration maxTime) {
        return new OutboundSettings(hostname, resolver, mxPort, connectTimeout, commandTimeout, dataTimeout,
                dnsTimeout, schedule, maxTime, batchEntries, lease, maxReturnedMessageBytes, relay, trustStore);
    }

    public OutboundSettings withRelay(Relay smarthost) {
        return new OutboundSettings(hostname, resolver, mxPort, connectTimeout, commandTimeout, dataTimeout,
                dnsTimeout, retry, maxQueueTime, batchEntries, lease, maxReturnedMessageBytes,
                Optional.of(smarthost), trustStore);
    }

    public OutboundSettings withTrustStore(KeyStore anchors) {
        return new OutboundSettings(hostname, resolver, mxPort, connectTimeout, commandTimeout, dataTimeout,
                dnsTimeout, retry, maxQueueTime, batchEntries, lease, maxReturnedMessageBytes, relay,
                Optional.of(anchors));
    }

    public OutboundSettings withMaxReturnedMessageBytes(long bytes) {
        return new OutboundSettings(hostname, resolver, mxPort, connectTimeout, commandTimeout, dataTimeout,
                dnsTimeout, retry, maxQueueTime, batchEntries, lease, bytes, relay, trustStore);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** How TLS is used towards a smarthost. */
    public enum TlsMode {
        /** TLS from the first byte (submissions port 465, RFC 8314 §3.3); the certificate must verify. */
        IMPLICIT,
        /** STARTTLS (RFC 3207) must be offered and succeed; the certificate must verify. */
        STARTTLS,
        /** STARTTLS when offered, with any certificate (RFC 7435); plain text otherwise. */
        STARTTLS_OPTIONAL
    }

    /**
     * A smarthost: every message goes to it, whatever the recipients' domains. Credentials, when given,
     * are sent with AUTH PLAIN, and only over TLS.
     */
    public record Relay(String host, int port, TlsMode tls, Optional<String> username, Optional<String> password) {
        public Relay {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            if (username.isPresent() != password.isPresent()) {
                throw new IllegalArgumentException("a relay needs both a username and a password, or neither");
            }
        }

        @Override
        public String toString() {
            return "Relay[" + host + ":" + port + ", " + tls + username.map(u -> ", user " + u).orElse("") + "]";
        }
    }

    /**
     * Delays between attempts: {@code initialDelay} after the first, multiplied by {@code factor} after
     * each further one, never more than {@code maxDelay}.
     */
    public record RetrySchedule(Duration initialDelay, double factor, Duration maxDelay) {
        public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofMinutes(1), 2.0, Duration.ofHours(1));

        public RetrySchedule {
            requirePositive(initialDelay, "initialDelay");
            requirePositive(maxDelay, "maxDelay");
            if (!(factor >= 1.0)) {
                throw new IllegalArgumentException("factor must be at least 1");
            }
        }

        /** The wait after the {@code attempts}-th attempt (1 for the first). */
        public Duration delayAfter(int attempts) {
            double millis = initialDelay.toMillis() * Math.pow(factor, Math.max(0, attempts - 1));
            if (millis >= maxDelay.toMillis()) {
                return maxDelay;
            }
            return Duration.ofMillis((long) millis);
        }
    }
}
