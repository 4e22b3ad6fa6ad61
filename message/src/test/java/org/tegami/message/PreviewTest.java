package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreviewTest {

    @Test
    void foldsWhitespaceAndTrims() {
        assertEquals("Hello Bob, see you at noon.", Preview.of("\r\n  Hello Bob,\r\n\r\n\tsee you   at noon.\r\n"));
        assertEquals("", Preview.of(" \r\n "));
    }

    @Test
    void removesHtmlMarkupScriptsAndStyles() {
        assertEquals("Sale: 50% off & free <shipping>",
                Preview.of("<html><head><style>p { color: red }</style><script>x()</script></head>"
                        + "<body><p>Sale:&nbsp;<b>50%</b> off &amp; free &lt;shipping&gt;</p></body></html>"));
        assertEquals("a < b and c > d", Preview.of("a < b and c > d"));
    }

    @Test
    void keepsAtMost256CharactersWithoutSplittingASurrogatePair() {
        assertEquals("x".repeat(256), Preview.of("x".repeat(256)));
        assertEquals("x".repeat(256), Preview.of("x".repeat(257)));
        String emoji = "\ud83d\ude00";
        String preview = Preview.of(emoji.repeat(300));
        assertEquals(256, preview.codePointCount(0, preview.length()));
        assertEquals(emoji.repeat(256), preview);
    }
}
