package org.tegami.store;

/** Identifies an account; stable for its lifetime. */
public record AccountId(long value) {
}
