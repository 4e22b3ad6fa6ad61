package org.tegami.tls;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SniTableTest {

    private static SslContext fallback;
    private static SslContext mail;
    private static SslContext wildcard;
    private static SniTable table;

    @BeforeAll
    static void contexts() throws Exception {
        fallback = TestCertificates.issue("fallback.test").serverContext();
        mail = TestCertificates.issue("mail.example.com").serverContext();
        wildcard = TestCertificates.issue("*.example.net").serverContext();
        table = new SniTable(fallback, Map.of("Mail.Example.com", mail, "*.example.net", wildcard));
    }

    @Test
    void exactNameIgnoringCase() {
        assertSame(mail, table.select(Optional.of("mail.example.com")));
        assertSame(mail, table.select(Optional.of("MAIL.example.COM")));
    }

    @Test
    void wildcardCoversExactlyOneLabel() {
        assertSame(wildcard, table.select(Optional.of("autoconfig.example.net")));
        assertSame(fallback, table.select(Optional.of("a.b.example.net")));
        assertSame(fallback, table.select(Optional.of("example.net")));
    }

    @Test
    void noNameOrUnknownNameGetsTheFallback() {
        assertSame(fallback, table.select(Optional.empty()));
        assertSame(fallback, table.select(Optional.of("other.example.org")));
    }
}
