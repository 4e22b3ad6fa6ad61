package org.tegami.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tls-handshakes}: clients loop connect, TLS 1.3 handshake, greeting, close; first with full
 * handshakes, then offering the session of an earlier connection for resumption (RFC 8446 §2.2).
 * A handshake counts as resumed when the session it ends with was created before the connection
 * started, i.e. it came from a ticket, not from this handshake.
 */
record TlsHandshakesWorkload(int clients, double seconds) implements Workload {

    @Override
    public String name() {
        return "tls-handshakes";
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        Figures figures = new Figures();
        phase(figures, "full", target, transport, false);
        // One connection leaves a session (ticket) in the client's cache for the resumed phase.
        ImapConnection.open(transport, target.imaps(), null, true).close();
        phase(figures, "resumed", target, transport, true);
        return figures;
    }

    private void phase(Figures figures, String kind, Target target, ClientTransport transport, boolean resumable)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds / 2 * 1e9);
        AtomicLong reused = new AtomicLong();
        Recorder recorder = Clients.run(clients, (client, r) -> {
            while (System.nanoTime() < deadline) {
                long wall = System.currentTimeMillis();
                ImapConnection c = r.time(kind, () -> ImapConnection.open(transport, target.imaps(), null, resumable));
                if (c.tlsSession().getCreationTime() < wall) {
                    reused.incrementAndGet();
                }
                c.close();
            }
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        long count = recorder.count(kind);
        figures.put(kind + " handshakes/s", count / elapsed);
        Figures latencies = new Figures();
        recorder.report(latencies, elapsed);
        figures.put(kind + " p50 ms", latencies.values().get(kind + " p50 ms"));
        figures.put(kind + " p99 ms", latencies.values().get(kind + " p99 ms"));
        figures.put(kind + " resumed fraction", count == 0 ? 0 : (double) reused.get() / count);
    }
}
