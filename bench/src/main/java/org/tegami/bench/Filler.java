package org.tegami.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a server's accounts over IMAP, so both servers hold the same messages whatever their
 * storage: per-client account n gets messages (n-1)·perClient … n·perClient-1 of the generator in
 * its INBOX and an empty {@code Bench} mailbox; the big account gets messages 0 … big-1; the IDLE
 * account a few. Messages already there are kept, so a fill can be repeated.
 */
record Filler(int clients, int perClient, int big, int connections, MessageGenerator generator) {

    /** Messages per MULTIAPPEND command: few round trips and transactions, commands of a few MiB. */
    static final int BATCH_MESSAGES = 50;

    /** @param appendBig whether to APPEND the big mailbox's messages, or only check they are there */
    void fill(Target target, ClientTransport transport, boolean appendBig) throws InterruptedException {
        AtomicInteger nextUser = new AtomicInteger(1);
        Clients.run(Math.min(connections, clients), (worker, r) -> {
            int n;
            while ((n = nextUser.getAndIncrement()) <= clients) {
                fillAccount(target, transport, target.user(n), (n - 1) * perClient, perClient, 0, 1);
            }
        });
        Clients.run(1, (worker, r) -> fillAccount(target, transport, target.idleUser(), 0, 10, 0, 1));
        // The big mailbox is filled by several connections side by side, each taking every k-th message,
        // unless its messages were put there as files (see MaildirWriter); either way its count is checked.
        int bigWorkers = Math.max(1, connections);
        Clients.run(1, (worker, r) -> {
            long exists;
            try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
                c.command(target.login(target.bigUser())).expectOk("LOGIN");
                exists = c.command("EXAMINE INBOX").expectOk("EXAMINE").exists();
            }
            if (exists == big) {
                return;
            }
            if (exists != 0 || !appendBig) {
                throw new ImapException("the big mailbox holds " + exists + " messages, not " + big);
            }
            Clients.run(bigWorkers, (w, rr) ->
                    fillAccount(target, transport, target.bigUser(), 0, big, w - 1, bigWorkers));
        });
    }

    /** Appends messages first … first+count-1 whose offset ≡ part (mod parts) unless the INBOX has them. */
    private void fillAccount(Target target, ClientTransport transport, String user, int first, int count,
                             int part, int parts) {
        try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
            c.command(target.login(user)).expectOk("LOGIN");
            if (parts == 1) {
                c.command("CREATE " + AppendDurableWorkload.MAILBOX); // NO when it exists: fine
                long exists = c.command("EXAMINE INBOX").expectOk("EXAMINE").exists();
                if (exists == count) {
                    return;
                }
                if (exists != 0) {
                    throw new ImapException(user + "'s INBOX holds " + exists + " messages, neither 0 nor " + count);
                }
            }
            List<byte[]> batch = new ArrayList<>();
            for (int i = part; i < count; i += parts) {
                batch.add(generator.message(first + i));
                if (batch.size() == BATCH_MESSAGES) {
                    c.multiAppend("INBOX", batch).expectOk("APPEND");
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                c.multiAppend("INBOX", batch).expectOk("APPEND");
            }
            c.command("LOGOUT");
        }
    }
}
