package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void escapesTheFiveMarkupCharacters() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
                Markup.escape("<a href=\"x\" title='y'>&</a>"));
    }

    @Test
    void dropsControlCharactersXmlCannotCarry() {
        assertEquals("ab\tc\n", Markup.escape("a\u0000b\tc\n\u001b"));
    }

    @Test
    void leavesOtherTextAlone() {
        assertEquals("メールの設定 – ok", Markup.escape("メールの設定 – ok"));
    }
}
