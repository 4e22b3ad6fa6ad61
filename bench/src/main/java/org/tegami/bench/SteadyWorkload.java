package org.tegami.bench;

import java.util.SplittableRandom;

/**
 * {@code steady}: each client logs in once, then loops the mailbox mix on its own account without
 * reconnecting, which isolates protocol and storage cost from handshakes and password checks.
 */
record SteadyWorkload(int clients, double seconds, MessageGenerator generator) implements Workload {

    @Override
    public String name() {
        return "steady-" + clients;
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        MailboxMix mix = new MailboxMix(generator);
        long[] window = new long[2];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(clients);
        Recorder recorder = Clients.run(clients, (client, r) -> {
            SplittableRandom random = new SplittableRandom(client);
            try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
                c.command(target.login(target.user(client))).expectOk("LOGIN");
                ready.countDown();
                ready.await();
                // Every client starts measuring once all are logged in.
                synchronized (window) {
                    if (window[0] == 0) {
                        window[0] = System.nanoTime();
                        window[1] = window[0] + (long) (seconds * 1e9);
                    }
                }
                while (System.nanoTime() < window[1]) {
                    mix.iteration(c, r, random);
                }
                c.command("LOGOUT");
            } finally {
                ready.countDown();
            }
        });
        Figures figures = new Figures();
        recorder.report(figures, (System.nanoTime() - window[0]) / 1e9);
        return figures;
    }
}
