package org.tegami.store;

/** How STORE changes flags: replace them, add to them, or remove from them (RFC 9051 §6.4.6). */
public enum FlagUpdate {
    REPLACE, ADD, REMOVE
}
