package org.tegami.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

    private static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aResponseWithALiteralIsOneMessageEvenWhenSplit() {
        EmbeddedChannel ch = new EmbeddedChannel(new ResponseDecoder(1024));
        write(ch, "* 1 FETCH (BODY[] {7}\r\nab\r");
        assertNull(ch.readInbound());
        write(ch, "\ncde)\r\n* 2 EXISTS\r\na1 OK done\r\n");
        assertEquals("* 1 FETCH (BODY[] {7}\r\nab\r\ncde)", ch.readInbound());
        assertEquals("* 2 EXISTS", ch.readInbound());
        assertEquals("a1 OK done", ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void literalsWhoseBytesLookLikeLineEndsAreCountedNotScanned() {
        EmbeddedChannel ch = new EmbeddedChannel(new ResponseDecoder(1024));
        write(ch, "* 1 FETCH (BODY[1] {4}\r\n{2}\n BODY[2] ~{3}\r\nx\ny)\r\n");
        assertEquals("* 1 FETCH (BODY[1] {4}\r\n{2}\n BODY[2] ~{3}\r\nx\ny)", ch.readInbound());
    }

    @Test
    void aResponseAtTheLimitPassesAndOnePastItFails() {
        String response = "* 1 {2}\r\nab\r\n"; // 13 bytes
        EmbeddedChannel ok = new EmbeddedChannel(new ResponseDecoder(13));
        write(ok, response);
        assertEquals("* 1 {2}\r\nab", ok.readInbound());
        EmbeddedChannel tooLong = new EmbeddedChannel(new ResponseDecoder(12));
        assertThrows(DecoderException.class, () -> write(tooLong, response));
    }
}
