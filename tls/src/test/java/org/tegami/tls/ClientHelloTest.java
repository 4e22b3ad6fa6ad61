package org.tegami.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class ClientHelloTest {

    /** The ClientHello body a real JSSE client sends, without the record and handshake headers. */
    private static ByteBuf realClientHello(String serverName, String... protocols) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(protocols);
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        ByteBuf record = Unpooled.wrappedBuffer(out);
        assertEquals(22, record.getUnsignedByte(0), "a handshake record");
        assertEquals(1, record.getUnsignedByte(5), "a ClientHello");
        int length = record.getUnsignedMedium(6);
        return record.slice(9, length);
    }

    @Test
    void readsServerNameAndProtocolsOfARealClientHello() throws Exception {
        ClientHello hello = ClientHello.parse(realClientHello("Mail.Example.com", "imap", "acme-tls/1"));
        assertEquals(Optional.of("mail.example.com"), hello.serverName());
        assertEquals(List.of("imap", "acme-tls/1"), hello.protocols());
        assertFalse(hello.isAcmeChallenge(), "a client offering other protocols too is no ACME validation");
    }

    @Test
    void acmeValidationOffersOnlyAcmeTls() throws Exception {
        assertTrue(ClientHello.parse(realClientHello("mail.example.com", "acme-tls/1")).isAcmeChallenge());
        assertFalse(ClientHello.parse(realClientHello(null, "acme-tls/1")).isAcmeChallenge(),
                "RFC 8737 §3 validation always names the host");
    }

    @Test
    void withoutExtensionsThereIsNothing() throws Exception {
        ClientHello hello = ClientHello.parse(realClientHello(null));
        assertEquals(Optional.empty(), hello.serverName());
        assertEquals(List.of(), hello.protocols());
    }

    @Test
    void everyTruncationIsReadAsNothingWithoutThrowing() throws Exception {
        ByteBuf whole = realClientHello("mail.example.com", "acme-tls/1");
        for (int length = 0; length < whole.readableBytes(); length++) {
            ClientHello hello = ClientHello.parse(whole.slice(0, length));
            // The server name extension may still be complete in a long prefix; it must never be garbage.
            hello.serverName().ifPresent(name -> assertEquals("mail.example.com", name));
        }
        assertEquals(ClientHello.NONE, ClientHello.parse(null));
    }

    @Test
    void trailingDotIsDroppedAndEmptyNamesAreRefused() {
        assertEquals(Optional.of("mail.example.com"), ClientHello.parse(handBuilt("mail.example.com.")).serverName());
        assertEquals(ClientHello.NONE, ClientHello.parse(handBuilt("")));
    }

    /** A minimal ClientHello body with one server_name extension (RFC 6066 §3). */
    private static ByteBuf handBuilt(String name) {
        byte[] host = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuf body = Unpooled.buffer();
        body.writeShort(0x0303).writeZero(32);      // legacy_version, random
        body.writeByte(0);                          // session id
        body.writeShort(2).writeShort(0x1301);      // one cipher suite
        body.writeByte(1).writeByte(0);             // null compression
        int listLength = 1 + 2 + host.length;
        body.writeShort(2 + 2 + 2 + listLength);    // extensions
        body.writeShort(0).writeShort(2 + listLength).writeShort(listLength);
        body.writeByte(0).writeShort(host.length).writeBytes(host);
        return body;
    }
}
