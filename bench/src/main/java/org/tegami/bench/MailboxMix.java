package org.tegami.bench;

import java.util.SplittableRandom;

/**
 * The command mix of {@code sessions} and {@code steady} on a client's own INBOX: SELECT, FETCH of
 * flags and envelopes of every message, FETCH of one whole message, STORE of a flag, APPEND of a
 * message, EXPUNGE. The appended message carries {@code \Deleted}, so EXPUNGE removes it again and
 * the mailbox keeps its size from one iteration to the next.
 */
final class MailboxMix {

    private final MessageGenerator generator;

    MailboxMix(MessageGenerator generator) {
        this.generator = generator;
    }

    void iteration(ImapConnection c, Recorder r, SplittableRandom random) {
        Reply select = r.time("SELECT", () -> c.command("SELECT INBOX")).expectOk("SELECT");
        long exists = select.exists();
        if (exists < 1) {
            throw new ImapException("the INBOX is empty: was it filled?");
        }
        r.time("FETCH envelopes", () -> c.command("FETCH 1:* (FLAGS ENVELOPE)")).expectOk("FETCH");
        long n = 1 + random.nextLong(exists);
        r.time("FETCH body", () -> c.command("FETCH " + n + " BODY.PEEK[]")).expectOk("FETCH body");
        String change = random.nextBoolean() ? "+FLAGS.SILENT (\\Flagged)" : "-FLAGS.SILENT (\\Flagged)";
        r.time("STORE", () -> c.command("STORE " + n + " " + change)).expectOk("STORE");
        byte[] message = generator.message(random.nextInt(1_000_000));
        r.time("APPEND", () -> c.append("INBOX", "(\\Deleted)", message)).expectOk("APPEND");
        r.time("EXPUNGE", () -> c.command("EXPUNGE")).expectOk("EXPUNGE");
    }
}
