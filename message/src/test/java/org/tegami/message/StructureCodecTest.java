package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StructureCodecTest {

    static Stream<String> samples() {
        return Samples.NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsEverySample(String name) {
        MessageStructure structure = MessageParser.parse(Samples.load(name)).structure();
        byte[] encoded = StructureCodec.encode(structure);

        assertEquals(StructureCodec.FORMAT_VERSION, encoded[0]);
        assertEquals(structure, StructureCodec.decode(encoded));
    }

    @Test
    void roundTripsNullsEverywhereAndExtremeValues() {
        BodyPart leaf = new BodyPart(-1, Long.MAX_VALUE, Long.MIN_VALUE, null, null,
                List.of(new Parameter(null, null)), null, null, null, 0, -7, null,
                new Disposition(null, List.of()), List.of(), null, List.of(), null, null);
        Envelope envelope = new Envelope(null, "", List.of(new Address(null, null, null, null)),
                List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
        BodyPart message = new BodyPart(0, 0, 0, "message", "rfc822", List.of(), "", "", "7BIT", 0, 0, "",
                null, List.of("en"), "", List.of(leaf), envelope, leaf);
        for (MessageStructure structure : List.of(
                new MessageStructure(null, null, null),
                new MessageStructure(envelope, message, OffsetDateTime.parse("1969-12-31T23:59:59.123456789-18:00")))) {
            assertEquals(structure, StructureCodec.decode(StructureCodec.encode(structure)));
        }
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] encoded = StructureCodec.encode(MessageParser.parse(Samples.load("rfc822.eml")).structure());
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(truncated));
        }
    }

    @Test
    void unknownVersionTrailingBytesAndNullAreRejected() {
        byte[] encoded = StructureCodec.encode(MessageParser.parse(Samples.load("simple.eml")).structure());
        byte[] otherVersion = encoded.clone();
        otherVersion[0] = 2;
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);

        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(otherVersion));
        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(trailing));
        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(null));
    }

    @Test
    void hugeDeclaredLengthsFailWithoutAllocating() {
        // version 1, envelope present, date string with length 2^62, nothing behind it
        byte[] hugeString = {1, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        // version 1, envelope present, two null strings, from-list count 2^31
        byte[] hugeCount = {1, 1, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        byte[] endlessVarint = {1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};

        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(hugeString));
        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(hugeCount));
        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(endlessVarint));
    }

    @Test
    void randomCorruptionNeverThrowsAnythingButIllegalArgument() {
        byte[] encoded = StructureCodec.encode(MessageParser.parse(Samples.load("rfc822.eml")).structure());
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] corrupt = encoded.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                StructureCodec.decode(corrupt);
            } catch (IllegalArgumentException expected) {
                // corrupt input is allowed to fail, but only this way
            }
        }
    }

    @Test
    void deeplyNestedInputIsRejectedNotOverflowed() {
        // version 1, no envelope, then body parts nested through messageBody far beyond any real depth
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(1);
        out.write(0);
        for (int i = 0; i < 100_000; i++) {
            out.write(1); // body part present
            out.writeBytes(new byte[17]); // every field empty, up to the messageBody presence byte
        }
        byte[] nested = out.toByteArray();

        assertThrows(IllegalArgumentException.class, () -> StructureCodec.decode(nested));
    }
}
