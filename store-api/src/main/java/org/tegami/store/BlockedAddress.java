package org.tegami.store;

import java.net.InetAddress;
import java.time.Instant;

/** A client address refused at connect from {@code since} until {@code until}, and why. */
public record BlockedAddress(InetAddress address, Instant since, Instant until, String reason) {
}
