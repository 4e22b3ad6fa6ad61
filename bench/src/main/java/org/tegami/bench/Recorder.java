package org.tegami.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Latencies per command of one client thread; threads' recorders are merged at the end, so the
 * hot path takes no lock.
 */
final class Recorder {

    /** The longest latency recorded exactly: one minute, in microseconds. */
    private static final long MAX_MICROS = 60_000_000L;

    private final Map<String, Histogram> histograms = new LinkedHashMap<>();

    /** Runs {@code action} and records how long it took under {@code command}. */
    <T> T time(String command, Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        record(command, System.nanoTime() - start);
        return result;
    }

    void record(String command, long nanos) {
        histograms.computeIfAbsent(command, c -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1000)));
    }

    void add(Recorder other) {
        other.histograms.forEach((command, h) ->
                histograms.computeIfAbsent(command, c -> new Histogram(MAX_MICROS, 3)).add(h));
    }

    /**
     * Operations per second, p50 and p99 in milliseconds of each command over {@code seconds}, and
     * the total operations per second.
     */
    void report(Figures figures, double seconds) {
        long total = 0;
        for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
            Histogram h = e.getValue();
            total += h.getTotalCount();
            figures.put(e.getKey() + " ops/s", h.getTotalCount() / seconds);
            figures.put(e.getKey() + " p50 ms", h.getValueAtPercentile(50) / 1000.0);
            figures.put(e.getKey() + " p99 ms", h.getValueAtPercentile(99) / 1000.0);
        }
        figures.put("total ops/s", total / seconds);
    }

    long count(String command) {
        Histogram h = histograms.get(command);
        return h == null ? 0 : h.getTotalCount();
    }
}
