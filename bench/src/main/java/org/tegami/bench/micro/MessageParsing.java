package org.tegami.bench.micro;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tegami.bench.Bench;
import org.tegami.bench.MessageGenerator;
import org.tegami.message.MessageParser;
import org.tegami.message.MessageStructure;
import org.tegami.message.ParsedMessage;
import org.tegami.message.StructureCodec;

/**
 * ENVELOPE and BODYSTRUCTURE at their source: parsing a message once when it is stored
 * ({@link MessageParser}), and the stored structure's encoding and decoding
 * ({@link StructureCodec}), which every FETCH of ENVELOPE or BODYSTRUCTURE reads. The messages are
 * the load generator's: plain text, HTML with a text alternative, and one with an attachment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageParsing {

    /** Generator indexes of a plain, an alternative and an attachment message (seed {@link Bench#SEED}). */
    @Param({"plain", "alternative", "attachment"})
    public String kind;

    private byte[] raw;
    private MessageStructure structure;
    private byte[] encoded;

    @Setup
    public void setUp() {
        MessageGenerator generator = new MessageGenerator(Bench.SEED);
        String wanted = switch (kind) {
            case "plain" -> "text/plain";
            case "alternative" -> "multipart/alternative";
            default -> "multipart/mixed";
        };
        for (int i = 0; ; i++) {
            byte[] candidate = generator.message(i);
            if (new String(candidate, java.nio.charset.StandardCharsets.UTF_8).contains("Content-Type: " + wanted)) {
                raw = candidate;
                break;
            }
        }
        structure = MessageParser.parse(raw).structure();
        encoded = StructureCodec.encode(structure);
    }

    @Benchmark
    public ParsedMessage parse() {
        return MessageParser.parse(raw);
    }

    @Benchmark
    public byte[] encodeStructure() {
        return StructureCodec.encode(structure);
    }

    @Benchmark
    public MessageStructure decodeStructure() {
        return StructureCodec.decode(encoded);
    }
}
