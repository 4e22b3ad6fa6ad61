package org.tegami.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Modified UTF-7 (RFC 3501 §5.1.3). */
class ModifiedUtf7Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INBOX|INBOX",
        "Sent Items|Sent Items",
        "&Jjo-|\u263a",
        "&AMk-t&AOk-|\u00c9t\u00e9",
        "Tom &- Jerry|Tom & Jerry",
        "&-|&",
        "&AOk-&-|\u00e9&",
        "~peter/mail/&U,BTFw-/&ZeVnLIqe-|~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e",
        "&2D3eAA-|\ud83d\ude00",
        "x&AOkA6QDp-y|x\u00e9\u00e9\u00e9y",
        "''|''",
    })
    void roundTrips(String encoded, String decoded) {
        assertEquals(decoded, ModifiedUtf7.decode(encoded));
        assertEquals(encoded, ModifiedUtf7.encode(decoded));
    }

    @Test
    void emptyNameRoundTrips() {
        assertEquals("", ModifiedUtf7.encode(""));
        assertEquals("", ModifiedUtf7.decode(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&Jjo",          // unterminated run
        "&",             // unterminated
        "abc&",          // unterminated at the end
        "&AGE-",         // encoded printable ASCII ("a")
        "&ACY-",         // encoded "&"
        "&Jjp-",         // non-zero padding bits
        "&JjoA-",        // a character to spare
        "&AOk-&AOk-",    // adjacent runs: the encoder would make one
        "&AOk/-",        // "/" is not in the modified alphabet
        "&AOk=-",        // no padding in modified BASE64
        "&2D0-",         // lone high surrogate
        "&3gA-",         // lone low surrogate
        "caf\u00e9",     // 8-bit characters are not sent raw
        "tab\there",     // control characters
    })
    void rejectsInvalidInput(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode(encoded));
    }

    @Test
    void encodeRejectsLoneSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("a\ud83d"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("\ude00b"));
    }

    @Test
    void randomNamesRoundTrip() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                int codePoint = switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5F);
                    case 1 -> 0x80 + random.nextInt(0x780);
                    case 2 -> 0x800 + random.nextInt(0xD000);
                    default -> 0x10000 + random.nextInt(0xFFFFF);
                };
                name.appendCodePoint(codePoint);
            }
            String encoded = ModifiedUtf7.encode(name.toString());
            assertEquals(name.toString(), ModifiedUtf7.decode(encoded), encoded);
        }
    }
}
