package org.tegami.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.Blocklist;
import org.tegami.store.StoreError;

/**
 * Slows down and stops password guessing.
 *
 * <p>Per client address: after each failed login from an address, the next answer to that address is
 * delayed twice as long as the previous one, from {@code initialDelay} up to {@code maxDelay}; after
 * {@code blockAfterFailures} failures the address is put on the {@link Blocklist} for {@code blockFor}
 * and its connections are refused, unless it lies in one of the {@code allowNetworks}.
 *
 * <p>Per account: failures against one user name from any number of addresses delay further failed
 * answers for that user name the same way, after a few free ones. An account is never locked, and a
 * successful login is never delayed, so its owner logging in from another address is unaffected while
 * a distributed guesser is slowed.
 *
 * <p>Failure counts live in memory: they are forgotten after {@code forgetAfter} without failures and
 * at a restart, and cleared for an address by a successful login from it. Blocks live in the store, so
 * they survive a restart until they expire and the CLI can list and lift them. Memory is bounded by
 * {@code maxTrackedAddresses} per kind of record.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** A user's own typos are already slowed per address; the per-account delay is for many addresses. */
    private static final int FREE_ACCOUNT_FAILURES = 3;

    /** Throttle settings; see the class comment. */
    public record Settings(Duration initialDelay, Duration maxDelay, Duration forgetAfter, int maxTrackedAddresses) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(15), 100_000);
    }

    /**
     * Blocking settings; see the class comment. {@code blockAfterFailures} 0 never blocks.
     */
    public record Blocking(int blockAfterFailures, Duration blockFor, List<Network> allowNetworks) {
        /** Loopback is allowed by default: webmail or monitoring on the same host must never lock itself out. */
        public static final Blocking DEFAULTS = new Blocking(10, Duration.ofMinutes(15),
                List.of(Network.parse("127.0.0.0/8"), Network.parse("::1/128")));
        public static final Blocking OFF = new Blocking(0, Duration.ZERO, List.of());

        public Blocking {
            allowNetworks = List.copyOf(allowNetworks);
        }
    }

    private record Failures(int count, Instant last) {
    }

    private final Settings settings;
    private final Blocking blocking;
    private final Optional<Blocklist> blocklist;
    private final Clock clock;
    private final LoginMetrics metrics = new LoginMetrics();
    private final ConcurrentHashMap<InetAddress, Failures> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failures> accountFailures = new ConcurrentHashMap<>();

    /** A throttle that delays but never blocks. */
    public LoginThrottle(Settings settings, Clock clock) {
        this(settings, Blocking.OFF, Optional.empty(), clock);
    }

    /** A throttle that delays, and blocks addresses on {@code blocklist} as {@code blocking} says. */
    public LoginThrottle(Settings settings, Blocking blocking, Blocklist blocklist, Clock clock) {
        this(settings, blocking, Optional.of(blocklist), clock);
    }

    private LoginThrottle(Settings settings, Blocking blocking, Optional<Blocklist> blocklist, Clock clock) {
        this.settings = settings;
        this.blocking = blocking;
        this.blocklist = blocking.blockAfterFailures() > 0 ? blocklist : Optional.empty();
        this.clock = clock;
    }

    /**
     * Records a failed login from this address (any mechanism) and returns how long to hold back the
     * answer, counting this failure. Blocks the address when it reaches the configured count.
     */
    public Duration recordFailure(InetAddress client) {
        metrics.failure();
        Instant now = clock.instant();
        Failures updated = count(failures, client, now);
        if (blocklist.isPresent() && updated.count() >= blocking.blockAfterFailures() && !allowed(client)) {
            block(client, updated.count(), now);
        }
        return delayFor(updated.count());
    }

    /**
     * Records a failed login for a user name (lower-cased; whether or not such an account exists, so the
     * answer does not tell) and returns how long to hold back the failed answer on its account's behalf.
     */
    public Duration recordAccountFailure(String userName) {
        Failures updated = count(accountFailures, userName, clock.instant());
        int counted = updated.count() - FREE_ACCOUNT_FAILURES;
        return counted <= 0 ? Duration.ZERO : delayFor(counted);
    }

    /** A successful login clears the address's record (not the account's: the guesser may still be at it). */
    public void recordSuccess(InetAddress client) {
        metrics.success();
        failures.remove(client);
    }

    /**
     * Whether a new connection from this address is to be refused because the address is blocked. Reads
     * the store (so a block lifted by the CLI is seen at once): call it off the network threads. A store
     * failure lets the connection in; its logins are checked as usual.
     */
    public boolean refusesConnection(InetAddress client) {
        if (blocklist.isEmpty() || allowed(client)) {
            return false;
        }
        try {
            if (blocklist.get().isBlocked(client, clock.instant())) {
                metrics.refusedConnection();
                return true;
            }
        } catch (StoreError e) {
            LOG.warn("could not read the blocklist for {}: {}", client.getHostAddress(), e.getMessage());
        }
        return false;
    }

    /** Failed attempts currently remembered for the address. */
    public int failureCount(InetAddress client) {
        Failures f = failures.get(client);
        return f == null || isStale(f, clock.instant()) ? 0 : f.count();
    }

    /** Counters since the start, for metrics. */
    public LoginMetrics metrics() {
        return metrics;
    }

    private boolean allowed(InetAddress client) {
        return blocking.allowNetworks().stream().anyMatch(n -> n.contains(client));
    }

    private void block(InetAddress client, int count, Instant now) {
        Instant until = now.plus(blocking.blockFor());
        try {
            blocklist.orElseThrow().block(client, until, count + " failed logins");
        } catch (StoreError e) {
            LOG.warn("could not block {}: {}", client.getHostAddress(), e.getMessage());
            return;
        }
        // Once blocked, the address starts from nothing when the block ends.
        failures.remove(client);
        metrics.block();
        LOG.warn("blocked {} until {} after {} failed logins", client.getHostAddress(), until, count);
    }

    private <K> Failures count(ConcurrentHashMap<K, Failures> map, K key, Instant now) {
        if (map.size() >= settings.maxTrackedAddresses()) {
            forgetStale(map, now);
        }
        return map.merge(key, new Failures(1, now), (old, one) ->
                isStale(old, now) ? one : new Failures(old.count() + 1, now));
    }

    private Duration delayFor(int count) {
        long initial = settings.initialDelay().toMillis();
        long max = settings.maxDelay().toMillis();
        long delay = initial;
        for (int i = 1; i < count && delay < max; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, max));
    }

    private boolean isStale(Failures f, Instant now) {
        return f.last().plus(settings.forgetAfter()).isBefore(now);
    }

    private <K> void forgetStale(ConcurrentHashMap<K, Failures> map, Instant now) {
        map.values().removeIf(f -> isStale(f, now));
        if (map.size() >= settings.maxTrackedAddresses()) {
            // Still full of active records: drop them all rather than grow without bound.
            map.clear();
        }
    }
}
