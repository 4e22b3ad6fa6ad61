package org.tegami.bench.micro;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tegami.bench.Bench;
import org.tegami.bench.MessageGenerator;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.message.Address;
import org.tegami.message.Envelope;
import org.tegami.message.MessageParser;

/**
 * {@link ResponseWriter}, which every FETCH response goes through: 50 responses of
 * {@code UID FLAGS ENVELOPE} in the layout of RFC 9051 §7.5.2 (the load generator's "FETCH
 * envelopes"), and one {@code BODY[]} literal of a whole message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FetchResponseWriting {

    private final List<Envelope> envelopes = new ArrayList<>();
    private final ResponseWriter writer = new ResponseWriter(64 * 1024);
    private byte[] body;

    @Setup
    public void setUp() {
        MessageGenerator generator = new MessageGenerator(Bench.SEED);
        for (int i = 0; i < 50; i++) {
            envelopes.add(MessageParser.parse(generator.message(i)).structure().envelope());
        }
        body = generator.message(3);
    }

    @Benchmark
    public int fiftyEnvelopes() {
        writer.clear();
        for (int i = 0; i < envelopes.size(); i++) {
            Envelope e = envelopes.get(i);
            writer.raw("* ").number(i + 1).raw(" FETCH (UID ").number(1000 + i).raw(" FLAGS (\\Seen) ENVELOPE (");
            writer.nstring(e.date()).space().nstring(e.subject()).space();
            addresses(e.from());
            writer.space();
            // RFC 9051 §7.5.2: Sender and Reply-To default to From.
            addresses(e.sender().isEmpty() ? e.from() : e.sender());
            writer.space();
            addresses(e.replyTo().isEmpty() ? e.from() : e.replyTo());
            writer.space();
            addresses(e.to());
            writer.space();
            addresses(e.cc());
            writer.space();
            addresses(e.bcc());
            writer.space().nstring(e.inReplyTo()).space().nstring(e.messageId()).raw("))").crlf();
        }
        return writer.length();
    }

    @Benchmark
    public int bodyLiteral() {
        writer.clear();
        writer.raw("* 7 FETCH (UID 1007 BODY[] ").literal(body, 0, body.length).raw(")").crlf();
        return writer.length();
    }

    private void addresses(List<Address> list) {
        if (list.isEmpty()) {
            writer.raw("NIL");
            return;
        }
        writer.raw('(');
        for (Address a : list) {
            writer.raw('(').nstring(a.name()).space().nstring(a.adl()).space().nstring(a.mailbox()).space()
                    .nstring(a.host()).raw(')');
        }
        writer.raw(')');
    }

    /** For tests: the text written by the last benchmark call. */
    String written() {
        return new String(writer.toByteArray(), StandardCharsets.UTF_8);
    }
}
