package org.tegami.store.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * When blobs nothing refers to are removed: every {@code interval}, those stored more than {@code grace}
 * ago. A blob is written before the transaction that refers to it commits; the grace must be longer than
 * any such transaction can take, so a blob of an append still in flight is never judged an orphan. (The
 * blob lock of {@link Contents#lockBlob} makes even a too-short grace safe, only wasteful: the append
 * writes the blob again.)
 */
public record OrphanSweep(Duration grace, Duration interval) {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    public OrphanSweep {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(interval, "interval");
        if (grace.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the orphan sweep needs a grace of zero or more and a positive interval");
        }
    }

    public static OrphanSweep defaults() {
        return new OrphanSweep(DEFAULT_GRACE, DEFAULT_INTERVAL);
    }
}
