package org.tegami.store;

/** Identifies an app password; never handed out again after the app password is deleted. */
public record AppPasswordId(long value) {
}
