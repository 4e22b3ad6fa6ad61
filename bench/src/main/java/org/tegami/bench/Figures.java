package org.tegami.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named numbers one workload run produced, in the order they were measured. A name ends in its
 * unit: {@code /s} (more is better), {@code ms}, {@code MiB} (less is better), or a plain count.
 */
final class Figures {

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    void put(String name, double value) {
        values.put(name, value);
    }

    void note(String name, String text) {
        notes.put(name, text);
    }

    Map<String, Double> values() {
        return values;
    }

    Map<String, String> notes() {
        return notes;
    }

    /** Whether more of this figure is better, read from its unit. */
    static boolean higherIsBetter(String name) {
        return name.endsWith("/s") || name.endsWith("sessions") || name.endsWith("notified") || name.endsWith("fraction");
    }
}
