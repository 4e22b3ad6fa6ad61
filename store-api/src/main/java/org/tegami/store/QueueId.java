package org.tegami.store;

/** Identifies a message in the outbound queue. */
public record QueueId(long value) {
}
