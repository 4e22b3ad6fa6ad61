package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Totality, offset invariants and speed, over the samples and over hostile input. */
class MessageParserRobustnessTest {

    static Stream<byte[]> inputs() {
        List<byte[]> inputs = new ArrayList<>();
        for (String name : Samples.NAMES) {
            inputs.add(Samples.load(name));
        }
        Random random = new Random(20250701);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[random.nextInt(2000)];
            random.nextBytes(garbage);
            inputs.add(garbage);
        }
        inputs.add(new byte[0]);
        inputs.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        inputs.add("\n".getBytes(StandardCharsets.US_ASCII));
        inputs.add("\r".getBytes(StandardCharsets.US_ASCII));
        inputs.add("no header separator at all".getBytes(StandardCharsets.US_ASCII));
        inputs.add("Subject: \u00ff\u00fe 8-bit\r\n\r\n\u0080".getBytes(StandardCharsets.ISO_8859_1));
        inputs.add(Samples.crlf("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\n--"));
        inputs.add(Samples.crlf("Content-Type: multipart/mixed; boundary=a\n\n--a\n--a\n--a--"));
        inputs.add(Samples.crlf("Content-Type: message/rfc822\n\n"));
        inputs.add(Samples.crlf("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nRnJvbTogYQ=="));
        inputs.add(Samples.crlf("Content-Type: text/plain; name*0*=bad'; name*1*=%; name*x=1\n\nx"));
        inputs.add(Samples.crlf("From: <<<>>>@@,,;;::\"\nTo: (unterminated\nDate: Mon, 99 Foo 12345 99:99\n\n"));
        inputs.add(deeplyNested(200));
        // Every prefix of a multipart message: truncation in every possible place.
        byte[] rfc822 = Samples.load("rfc822.eml");
        for (int length = 0; length < rfc822.length; length += 7) {
            inputs.add(java.util.Arrays.copyOf(rfc822, length));
        }
        return inputs.stream();
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void anyInputParsesWithConsistentOffsetsAndRoundTrips(byte[] raw) {
        ParsedMessage parsed = MessageParser.parse(raw);

        assertNotNull(parsed.bodyText());
        BodyPart body = parsed.structure().body();
        assertEquals(0, body.headerStart());
        assertEquals(raw.length, body.bodyEnd());
        assertConsistent(body, 0, raw.length);
        assertEquals(parsed.structure(), StructureCodec.decode(StructureCodec.encode(parsed.structure())));
    }

    private static void assertConsistent(BodyPart part, long regionStart, long regionEnd) {
        assertTrue(regionStart <= part.headerStart(), "header starts inside its region");
        assertTrue(part.headerStart() <= part.bodyStart(), "header before body");
        assertTrue(part.bodyStart() <= part.bodyEnd(), "body start before body end");
        assertTrue(part.bodyEnd() <= regionEnd, "body ends inside its region");
        assertEquals(part.bodyEnd() - part.bodyStart(), part.bodyOctets());
        assertEquals(part.type(), part.type().toLowerCase(java.util.Locale.ROOT));
        assertEquals(part.isMultipart(), !part.parts().isEmpty());
        long previousEnd = part.bodyStart();
        for (BodyPart child : part.parts()) {
            assertTrue(child.headerStart() >= previousEnd, "children in order, not overlapping");
            assertConsistent(child, part.bodyStart(), part.bodyEnd());
            previousEnd = child.bodyEnd();
        }
        if (part.isMessage()) {
            assertEquals(part.bodyStart(), part.messageBody().headerStart());
            assertEquals(part.bodyEnd(), part.messageBody().bodyEnd());
            assertNotNull(part.messageEnvelope());
            assertConsistent(part.messageBody(), part.bodyStart(), part.bodyEnd());
        }
    }

    private static byte[] deeplyNested(int depth) {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        message.append("\ninnermost\n");
        return Samples.crlf(message.toString());
    }

    @Test
    void deepNestingIsCutOffAndStillServed() {
        BodyPart part = MessageParser.parse(deeplyNested(200)).structure().body();
        int depth = 0;
        while (part.isMultipart()) {
            part = part.parts().getFirst();
            depth++;
        }
        assertEquals(EntityParser.MAX_NESTING_DEPTH, depth);
        assertEquals("application", part.type());
    }

    @Test
    void partCountIsBounded() {
        byte[] raw = Samples.crlf("Content-Type: multipart/mixed; boundary=p\n\n" + "--p\n\nx\n".repeat(30_000) + "--p--\n");

        BodyPart body = MessageParser.parse(raw).structure().body();

        assertEquals(EntityParser.MAX_TOTAL_PARTS - 1, body.parts().size());
        BodyPart last = body.parts().getLast();
        assertTrue(Samples.body(raw, last).startsWith("x\r\n--p\r\n"), "later delimiters are content");
        assertEquals(raw.length - "\r\n--p--\r\n".length(), last.bodyEnd());
    }

    @Test
    void hugeLineAndHugeHeaderAreFine() {
        byte[] line = new byte[3_000_000];
        java.util.Arrays.fill(line, (byte) 'x');
        byte[] raw = ("Subject: " + new String(line, StandardCharsets.US_ASCII) + "\r\n\r\n"
                + new String(line, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);

        ParsedMessage parsed = MessageParser.parse(raw);

        assertEquals(3_000_000, parsed.structure().envelope().subject().length());
        assertEquals(1, parsed.structure().body().bodyLines());
    }

    @Test
    void tenMegabyteAttachmentParsesQuickly() {
        byte[] attachment = new byte[7_500_000];
        new Random(1).nextBytes(attachment);
        String base64 = Base64.getMimeEncoder().encodeToString(attachment);
        byte[] raw = Samples.crlf("From: a@example.org\nSubject: big\n"
                + "Content-Type: multipart/mixed; boundary=big\n\n--big\nContent-Type: text/plain\n\nsee attached\n"
                + "--big\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n")
                ;
        byte[] tail = Samples.crlf("\n--big--\n");
        byte[] message = new byte[raw.length + base64.length() + tail.length];
        System.arraycopy(raw, 0, message, 0, raw.length);
        System.arraycopy(base64.getBytes(StandardCharsets.US_ASCII), 0, message, raw.length, base64.length());
        System.arraycopy(tail, 0, message, raw.length + base64.length(), tail.length);

        MessageParser.parse(message); // warm-up
        long start = System.nanoTime();
        ParsedMessage parsed = MessageParser.parse(message);
        long millis = (System.nanoTime() - start) / 1_000_000;

        BodyPart binary = parsed.structure().body().parts().get(1);
        assertEquals(base64.length(), binary.bodyOctets());
        assertEquals("see attached", parsed.bodyText());
        // Typically a few tens of milliseconds; the bound leaves room for a busy machine.
        assertTrue(millis < 1000, "parsed 10 MB in " + millis + " ms");
    }
}
