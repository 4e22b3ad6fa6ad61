package org.tegami.imap.server.command;

import java.util.List;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.message.Address;
import org.tegami.message.Envelope;

/** Writes the ENVELOPE structure (RFC 9051 §7.5.2). */
final class EnvelopeWriter {
    private EnvelopeWriter() {
    }

    static void write(ResponseWriter w, Envelope envelope) {
        w.raw('(').nstring(envelope.date()).space().nstring(envelope.subject()).space();
        addresses(w, envelope.from());
        w.space();
        // RFC 9051 §7.5.2: Sender and Reply-To default to From when absent.
        addresses(w, envelope.sender().isEmpty() ? envelope.from() : envelope.sender());
        w.space();
        addresses(w, envelope.replyTo().isEmpty() ? envelope.from() : envelope.replyTo());
        w.space();
        addresses(w, envelope.to());
        w.space();
        addresses(w, envelope.cc());
        w.space();
        addresses(w, envelope.bcc());
        w.space().nstring(envelope.inReplyTo()).space().nstring(envelope.messageId()).raw(')');
    }

    private static void addresses(ResponseWriter w, List<Address> list) {
        if (list.isEmpty()) {
            w.raw("NIL");
            return;
        }
        w.raw('(');
        for (Address a : list) {
            w.raw('(').nstring(a.name()).space().nstring(a.adl()).space().nstring(a.mailbox()).space()
                    .nstring(a.host()).raw(')');
        }
        w.raw(')');
    }
}
