package org.tegami.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code big-mailbox}: one client on one large INBOX times SELECT, {@code FETCH 1:* (UID FLAGS)},
 * {@code UID SEARCH UNSEEN}, {@code SEARCH TEXT} for a word in 0.1 % of the messages, and
 * {@code SORT (DATE)} when the server offers SORT (RFC 5256). Each operation runs
 * {@code repeats} times and its median wall time is reported.
 */
record BigMailboxWorkload(int messages, int repeats) implements Workload {

    @Override
    public String name() {
        return "big-mailbox";
    }

    @Override
    public Figures run(Target target, ClientTransport transport) {
        Figures figures = new Figures();
        try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
            c.command(target.login(target.bigUser())).expectOk("LOGIN");
            boolean sort = c.command("CAPABILITY").expectOk("CAPABILITY").untagged().stream()
                    .anyMatch(line -> line.startsWith("* CAPABILITY") && line.contains(" SORT"));
            long exists = c.command("EXAMINE INBOX").expectOk("EXAMINE").exists();
            if (exists != messages) {
                throw new ImapException("the big mailbox holds " + exists + " messages, not " + messages);
            }
            c.command("UNSELECT").expectOk("UNSELECT");
            figures.put("messages", exists);
            time(figures, "SELECT ms", () -> c.command("SELECT INBOX").expectOk("SELECT"));
            time(figures, "FETCH 1:* (UID FLAGS) ms", () -> c.command("FETCH 1:* (UID FLAGS)").expectOk("FETCH"));
            time(figures, "UID SEARCH UNSEEN ms", () -> c.command("UID SEARCH UNSEEN").expectOk("SEARCH"));
            Reply text = time(figures, "SEARCH TEXT ms",
                    () -> c.command("SEARCH TEXT " + MessageGenerator.NEEDLE).expectOk("SEARCH TEXT"));
            long found = text.untagged().stream().filter(l -> l.startsWith("* SEARCH"))
                    .mapToLong(l -> l.trim().split(" ").length - 2).sum();
            figures.put("SEARCH TEXT matches", found);
            if (sort) {
                time(figures, "SORT (DATE) ms", () -> c.command("SORT (DATE) UTF-8 ALL").expectOk("SORT"));
            } else {
                figures.note("SORT (DATE) ms", "no SORT capability");
            }
            c.command("LOGOUT");
        }
        return figures;
    }

    private Reply time(Figures figures, String name, Supplier<Reply> operation) {
        List<Double> times = new ArrayList<>();
        Reply last = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            last = operation.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        figures.put(name, times.get(times.size() / 2));
        return last;
    }
}
