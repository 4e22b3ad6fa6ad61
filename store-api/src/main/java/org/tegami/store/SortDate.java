package org.tegami.store;

import java.time.Instant;

/**
 * A message's SORT DATE key (RFC 5256 §3): its sent date (the Date header) in UTC, or its INTERNALDATE when
 * the Date header is absent or invalid.
 */
public record SortDate(Uid uid, Instant date) {
}
