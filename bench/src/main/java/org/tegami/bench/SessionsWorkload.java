package org.tegami.bench;

import java.util.SplittableRandom;

/**
 * {@code sessions}: each client loops connect with a full TLS handshake, LOGIN, the mailbox mix,
 * LOGOUT, on its own account; so handshakes and password checks are part of the cost.
 */
record SessionsWorkload(int clients, double seconds, MessageGenerator generator) implements Workload {

    @Override
    public String name() {
        return "sessions-" + clients;
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        MailboxMix mix = new MailboxMix(generator);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        Recorder recorder = Clients.run(clients, (client, r) -> {
            SplittableRandom random = new SplittableRandom(client);
            String user = target.user(client);
            while (System.nanoTime() < deadline) {
                ImapConnection c = r.time("CONNECT+TLS", () -> ImapConnection.open(transport, target.imaps(), null, false));
                try {
                    r.time("LOGIN", () -> c.command(target.login(user))).expectOk("LOGIN");
                    mix.iteration(c, r, random);
                    r.time("LOGOUT", () -> c.command("LOGOUT")).expectOk("LOGOUT");
                } finally {
                    c.close();
                }
            }
        });
        Figures figures = new Figures();
        recorder.report(figures, (System.nanoTime() - start) / 1e9);
        figures.put("sessions/s", recorder.count("LOGOUT") / ((System.nanoTime() - start) / 1e9));
        return figures;
    }
}
