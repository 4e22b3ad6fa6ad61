package org.tegami.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a server's accounts over IMAP, so both servers hold the same messages whatever their
 * storage: per-client account n gets messages (n-1)·perClient … n·perClient-1 of the generator in
 * its INBOX and an empty {@code Bench} mailbox; the big account gets messages 0 … big-1; the IDLE
 * account a few. Messages already there are kept, so a fill can be repeated.
 */
record Filler(int clients, int perClient, int big, int connections, MessageGenerator generator) {

    void fill(Target target, ClientTransport transport) throws InterruptedException {
        AtomicInteger nextUser = new AtomicInteger(1);
        Clients.run(Math.min(connections, clients), (worker, r) -> {
            int n;
            while ((n = nextUser.getAndIncrement()) <= clients) {
                fillAccount(target, transport, target.user(n), (n - 1) * perClient, perClient, 0, 1);
            }
        });
        Clients.run(1, (worker, r) -> fillAccount(target, transport, target.idleUser(), 0, 10, 0, 1));
        // The big mailbox is filled by several connections side by side, each taking every k-th message.
        int bigWorkers = Math.max(1, connections);
        Clients.run(1, (worker, r) -> {
            try (ImapConnection c = ImapConnection.open(transport, target.imaps(), null, false)) {
                c.command(target.login(target.bigUser())).expectOk("LOGIN");
                long exists = c.command("EXAMINE INBOX").expectOk("EXAMINE").exists();
                if (exists != 0 && exists != big) {
                    throw new ImapException("the big mailbox holds " + exists + " messages, neither 0 nor " + big);
                }
                if (exists == big) {
                    return;
                }
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
            for (int i = part; i < count; i += parts) {
                c.append("INBOX", "", generator.message(first + i)).expectOk("APPEND");
            }
            c.command("LOGOUT");
        }
    }
}
