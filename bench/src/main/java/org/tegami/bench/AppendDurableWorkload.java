package org.tegami.bench;

import java.util.SplittableRandom;

/**
 * {@code append-durable}: clients logged in once APPEND messages of mixed sizes into their own
 * {@code Bench} mailbox as fast as the server acknowledges them. Both servers keep their normal
 * durability: the tagged OK comes after the message is on disk.
 */
record AppendDurableWorkload(int clients, double seconds, MessageGenerator generator) implements Workload {

    /** The mailbox every account has for appended messages, created when the accounts are filled. */
    static final String MAILBOX = "Bench";

    @Override
    public String name() {
        return "append-durable-" + clients;
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long[] bytes = new long[1];
        Recorder recorder = Clients.run(clients, (client, r) -> {
            SplittableRandom random = new SplittableRandom(client * 31L);
            long sent = 0;
            try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
                c.command(target.login(target.user(client))).expectOk("LOGIN");
                while (System.nanoTime() < deadline) {
                    byte[] message = generator.message(random.nextInt(1_000_000));
                    r.time("APPEND", () -> c.append(MAILBOX, "", message)).expectOk("APPEND");
                    sent += message.length;
                }
                c.command("LOGOUT");
            }
            synchronized (bytes) {
                bytes[0] += sent;
            }
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        Figures figures = new Figures();
        recorder.report(figures, elapsed);
        figures.put("messages/s", recorder.count("APPEND") / elapsed);
        synchronized (bytes) {
            figures.put("MiB/s", bytes[0] / elapsed / (1024 * 1024));
        }
        return figures;
    }
}
