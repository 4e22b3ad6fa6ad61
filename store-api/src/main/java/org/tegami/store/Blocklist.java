package org.tegami.store;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * Client addresses the servers refuse at connect, each until a time. Kept in the store (not only in the
 * server's memory) so the CLI can list and lift blocks while the server runs, and a lifted block takes
 * effect at the next connection. Blocks survive a restart until they expire. Addresses are compared by
 * their bytes (an IPv6 scope is ignored).
 */
public interface Blocklist {

    /** Blocks the address until {@code until}, replacing any block it had; expired entries are removed. */
    void block(InetAddress address, Instant until, String reason);

    /** Lifts the address's block; false if it had none (or only an expired one). */
    boolean unblock(InetAddress address);

    /** The blocks still in force at {@code now}, ordered by address text. */
    List<BlockedAddress> list(Instant now);

    /** Whether the address is blocked at {@code now}. */
    boolean isBlocked(InetAddress address, Instant now);
}
