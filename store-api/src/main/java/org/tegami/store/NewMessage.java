package org.tegami.store;

import java.time.Instant;

/** A message to append: its exact bytes, initial flags and INTERNALDATE. */
public record NewMessage(byte[] content, Flags flags, Instant internalDate) {
}
