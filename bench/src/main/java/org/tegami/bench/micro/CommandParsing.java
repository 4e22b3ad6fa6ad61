package org.tegami.bench.micro;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;
import org.tegami.imap.protocol.CommandFramer;
import org.tegami.imap.protocol.CommandParser;
import org.tegami.imap.protocol.FramerEvent;
import org.tegami.imap.protocol.ImapLimits;
import org.tegami.imap.protocol.ParseResult;

/**
 * The server's way from bytes to a typed command: {@link CommandFramer} (lines and literals, with
 * the limits) then {@link CommandParser}, for the commands the load generator's mix sends, a
 * sequence set of many ranges, and an APPEND with a message literal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommandParsing {

    private final CommandFramer framer = new CommandFramer(ImapLimits.DEFAULTS);
    private final CommandParser parser = new CommandParser(ImapLimits.DEFAULTS);
    private byte[] fetch;
    private byte[] store;
    private byte[] uidSearch;
    private byte[] sequenceSet;
    private byte[] append;

    @Setup
    public void setUp() {
        framer.setAuthenticated(true);
        fetch = bytes("a12 UID FETCH 1:* (UID FLAGS ENVELOPE BODY.PEEK[HEADER.FIELDS (From To Subject Date)])\r\n");
        store = bytes("a13 UID STORE 4711 +FLAGS.SILENT (\\Seen \\Flagged)\r\n");
        uidSearch = bytes("a14 UID SEARCH UNSEEN SINCE 1-Jan-2025 OR FROM alice TEXT \"quarterly report\"\r\n");
        StringBuilder set = new StringBuilder("a15 UID FETCH ");
        for (int i = 0; i < 1000; i++) {
            set.append(i == 0 ? "" : ",").append(i * 10 + 1).append(':').append(i * 10 + 5);
        }
        sequenceSet = bytes(set.append(" (FLAGS)\r\n").toString());
        byte[] message = new org.tegami.bench.MessageGenerator(org.tegami.bench.Bench.SEED).message(7);
        byte[] line = bytes("a16 APPEND INBOX (\\Seen) {" + message.length + "+}\r\n");
        append = new byte[line.length + message.length + 2];
        System.arraycopy(line, 0, append, 0, line.length);
        System.arraycopy(message, 0, append, line.length, message.length);
        append[append.length - 2] = '\r';
        append[append.length - 1] = '\n';
        for (byte[] command : List.of(fetch, store, uidSearch, sequenceSet, append)) {
            if (!(frameAndParse(command) instanceof ParseResult.Parsed)) {
                throw new IllegalStateException("does not parse: " + new String(command, StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private ParseResult frameAndParse(byte[] command) {
        ParseResult result = null;
        for (FramerEvent event : framer.feed(command, 0, command.length)) {
            if (event instanceof FramerEvent.Frame frame) {
                result = parser.parse(frame.bytes());
            }
        }
        return result;
    }

    @Benchmark
    public ParseResult fetch() {
        return frameAndParse(fetch);
    }

    @Benchmark
    public ParseResult store() {
        return frameAndParse(store);
    }

    @Benchmark
    public ParseResult uidSearch() {
        return frameAndParse(uidSearch);
    }

    @Benchmark
    public ParseResult sequenceSetOf1000Ranges() {
        return frameAndParse(sequenceSet);
    }

    @Benchmark
    public void appendWithLiteral(Blackhole hole) {
        hole.consume(frameAndParse(append));
    }
}
