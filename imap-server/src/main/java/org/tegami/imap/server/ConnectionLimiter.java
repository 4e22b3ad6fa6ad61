package org.tegami.imap.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Counts open connections per client address and refuses those over the limit. */
final class ConnectionLimiter {
    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for the address; false (and nothing taken) when it already has the maximum. */
    boolean tryAcquire(InetAddress address) {
        boolean[] acquired = {false};
        open.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(InetAddress address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
