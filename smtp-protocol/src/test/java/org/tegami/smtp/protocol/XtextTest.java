package org.tegami.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3461 §4 xtext. */
class XtextTest {

    @Test
    void decodesHexcharsAndXchars() {
        assertEquals("a+b=c d", Xtext.decode("a+2Bb+3Dc+20d"));
        assertEquals("", Xtext.decode(""));
        assertEquals("!~", Xtext.decode("!~"));
    }

    @Test
    void rejectsWhatIsNotXtext() {
        assertNull(Xtext.decode("a+"));
        assertNull(Xtext.decode("a+2"));
        assertNull(Xtext.decode("a+2b"));
        assertNull(Xtext.decode("a+G0"));
        assertNull(Xtext.decode("a=b"));
        assertNull(Xtext.decode("a b"));
        assertNull(Xtext.decode("\u00e9"));
    }

    @Test
    void encodesWhatMustBeEncoded() {
        assertEquals("a+2Bb+3Dc+20d", Xtext.encode("a+b=c d"));
        assertEquals("+C3+A9", Xtext.encode("\u00e9"));
        assertEquals("+0D+0A", Xtext.encode("\r\n"));
    }

    @Test
    void encodeThenDecodeGivesAsciiBack() {
        Random random = new Random(3461);
        for (int round = 0; round < 1000; round++) {
            char[] chars = new char[random.nextInt(20)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(128);
            }
            String text = new String(chars);
            assertEquals(text, Xtext.decode(Xtext.encode(text)));
        }
        // non-ASCII text comes back as its UTF-8 octets
        String octets = new String("\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals(octets, Xtext.decode(Xtext.encode("\u00e9")));
    }
}
