package org.tegami.smtp.server;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open SMTP sessions: per-address counts for the connection limit, ids, and shutdown. */
final class SmtpConnections {
    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Set<SmtpSession> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    SmtpConnections(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    boolean tryAcquire(InetAddress address) {
        boolean[] acquired = {false};
        perAddress.compute(address, (a, count) -> {
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
        perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    String nextId() {
        return "S" + Long.toString(ids.incrementAndGet(), 36);
    }

    void add(SmtpSession session) {
        open.add(session);
    }

    void remove(SmtpSession session) {
        open.remove(session);
    }

    void closeAll() {
        for (SmtpSession session : open) {
            session.shutdown();
        }
    }
}
