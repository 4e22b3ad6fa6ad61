package org.tegami.auth;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of logins and blocks since the server started, for a metrics endpoint to read. Thread-safe. */
public final class LoginMetrics {

    /** The counters at one moment. */
    public record Snapshot(long successes, long failures, long blocks, long refusedConnections) {
    }

    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();

    void success() {
        successes.incrementAndGet();
    }

    void failure() {
        failures.incrementAndGet();
    }

    void block() {
        blocks.incrementAndGet();
    }

    void refusedConnection() {
        refusedConnections.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(successes.get(), failures.get(), blocks.get(), refusedConnections.get());
    }
}
