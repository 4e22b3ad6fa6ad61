package org.tegami.store;

import java.util.List;

/**
 * The outcome of {@link MessageStore#replace}: the new message as APPENDUID names it, and the replaced UID if
 * it still existed and was expunged (empty otherwise).
 */
public record Replaced(Appended appended, List<Uid> expunged) {
    public Replaced {
        expunged = List.copyOf(expunged);
    }
}
