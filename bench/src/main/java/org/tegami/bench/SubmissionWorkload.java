package org.tegami.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code submission}: clients logged in once over port 465 submit messages to a local recipient (the
 * IDLE account) as fast as the server accepts them, while a session in IDLE on the recipient's INBOX
 * watches them arrive. Reports accepted messages per second, and delivered ones: those visible in
 * the INBOX, counted until the last accepted one is there.
 */
record SubmissionWorkload(int clients, double seconds, MessageGenerator generator) implements Workload {

    @Override
    public String name() {
        return "submission-" + clients;
    }

    @Override
    public Figures run(Target target, ClientTransport transport) throws InterruptedException {
        Figures figures = new Figures();
        if (target.submissions() == null) {
            figures.note("messages/s", "no SMTP submission listener");
            return figures;
        }
        AtomicLong visible = new AtomicLong();
        AtomicLong lastVisible = new AtomicLong();
        try (ImapConnection watcher = ImapConnection.open(transport, target.imaps(), null, false)) {
            watcher.command(target.login(target.idleUser())).expectOk("LOGIN");
            long before = watcher.command("SELECT INBOX").expectOk("SELECT").exists();
            String idle = watcher.idle();
            watcher.listen(line -> {
                long n = Responses.existsCount(line);
                if (n > before) {
                    visible.set(n - before);
                    lastVisible.set(System.nanoTime());
                }
            });
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            Recorder recorder = Clients.run(clients, (client, r) -> {
                SplittableRandom random = new SplittableRandom(client * 17L);
                String user = target.user(client);
                try (SmtpConnection c = SmtpConnection.open(transport, target.submissions())) {
                    c.command("EHLO bench.client", 250);
                    String plain = Base64.getEncoder().encodeToString(
                            ("\0" + user + "\0" + target.password()).getBytes(StandardCharsets.UTF_8));
                    c.command("AUTH PLAIN " + plain, 235);
                    while (System.nanoTime() < deadline) {
                        String body = new String(generator.message(random.nextInt(1_000_000)), StandardCharsets.UTF_8);
                        // The generated header names other senders; submission requires the account's own.
                        String message = "From: <" + user + ">\r\nTo: <" + target.idleUser() + ">\r\n"
                                + "Subject: submission benchmark\r\n" + body.substring(body.indexOf("MIME-Version:"));
                        r.time("message", () -> {
                            c.command("MAIL FROM:<" + user + ">", 250);
                            c.command("RCPT TO:<" + target.idleUser() + ">", 250);
                            return c.data(message);
                        });
                    }
                    c.command("QUIT", 221);
                }
            });
            double elapsed = (System.nanoTime() - start) / 1e9;
            long accepted = recorder.count("message");
            long wait = System.nanoTime() + (long) (30e9);
            while (visible.get() < accepted && System.nanoTime() < wait) {
                Thread.sleep(10); // polling with a deadline for the last deliveries to show
            }
            figures.put("accepted messages/s", accepted / elapsed);
            Figures latencies = new Figures();
            recorder.report(latencies, elapsed);
            figures.put("message p50 ms", latencies.values().get("message p50 ms"));
            figures.put("message p99 ms", latencies.values().get("message p99 ms"));
            if (visible.get() >= accepted && accepted > 0) {
                figures.put("delivered messages/s", accepted / ((lastVisible.get() - start) / 1e9));
            } else {
                figures.note("delivered messages/s", visible.get() + " of " + accepted + " visible after 30 s");
            }
            watcher.done(idle);
            watcher.command("LOGOUT");
        }
        return figures;
    }
}
