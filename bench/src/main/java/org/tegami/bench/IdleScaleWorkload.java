package org.tegami.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code idle-scale}: K sessions over TLS, all logged in to one account with its INBOX selected and
 * in IDLE (RFC 2177); then the server's memory, and the time from one APPEND to that INBOX until
 * every session has been told {@code * n EXISTS}. Sessions come from 127.0.0.2 upwards, a new
 * source address every {@code sessionsPerAddress} sessions, so K is not bound by the ephemeral port
 * range of one address.
 *
 * @param openers            sessions being set up side by side
 * @param notifyTimeoutSeconds how long to wait for every session to be told
 */
record IdleScaleWorkload(int sessions, int sessionsPerAddress, int openers, double notifyTimeoutSeconds,
                         MessageGenerator generator) implements Workload {

    @Override
    public String name() {
        return "idle-scale-" + sessions;
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        Figures figures = new Figures();
        target.pid().ifPresent(pid -> figures.put("server RSS before MiB", ProcessMemory.rssMiB(pid)));
        ConcurrentLinkedQueue<ImapConnection> open = new ConcurrentLinkedQueue<>();
        CountDownLatch told = new CountDownLatch(sessions);
        AtomicLong lastTold = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            Clients.run(openers, (opener, r) -> {
                int i;
                while ((i = next.getAndIncrement()) < sessions) {
                    InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i / sessionsPerAddress), 0);
                    ImapConnection c = ImapConnection.open(transport, target.imaps(), local, false);
                    open.add(c);
                    c.command(target.login(target.idleUser())).expectOk("LOGIN");
                    long exists = c.command("SELECT INBOX").expectOk("SELECT").exists();
                    c.idle();
                    boolean[] done = new boolean[1];
                    c.listen(line -> {
                        if (!done[0] && Responses.existsCount(line) > exists) {
                            done[0] = true;
                            lastTold.accumulateAndGet(System.nanoTime(), Math::max);
                            told.countDown();
                        }
                    });
                }
            });
            double setup = (System.nanoTime() - start) / 1e9;
            figures.put("sessions", sessions);
            figures.put("setup sessions/s", sessions / setup);
            target.pid().ifPresent(pid -> {
                double rss = ProcessMemory.rssMiB(pid);
                figures.put("server RSS MiB", rss);
                figures.put("server PSS MiB", ProcessMemory.pssMiB(pid));
                figures.put("server processes", ProcessMemory.processes(pid));
                OptionalDouble heap = ProcessMemory.javaHeapMiB(pid);
                heap.ifPresent(h -> figures.put("server heap MiB", h));
            });
            try (ImapConnection appender = ImapConnection.open(transport, target.imaps(), null, false)) {
                appender.command(target.login(target.idleUser())).expectOk("LOGIN");
                byte[] message = generator.message(sessions);
                long sent = System.nanoTime();
                appender.append("INBOX", "", message).expectOk("APPEND");
                boolean all = told.await((long) (notifyTimeoutSeconds * 1000), TimeUnit.MILLISECONDS);
                long notified = sessions - told.getCount();
                figures.put("notified", notified);
                if (all) {
                    figures.put("notify all ms", (lastTold.get() - sent) / 1e6);
                } else {
                    figures.note("notify all ms", notified + " of " + sessions + " sessions told within "
                            + notifyTimeoutSeconds + " s");
                }
                appender.command("LOGOUT");
            }
        } finally {
            List<ImapConnection> all = new ArrayList<>(open);
            all.forEach(ImapConnection::closeLater);
        }
        return figures;
    }
}
