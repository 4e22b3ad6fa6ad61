package org.tegami.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.ProtocolDetectionState;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tegami.auth.Network;

class ProxyProtocolTest {

    @Test
    void offWithoutTrustedNetworks() throws Exception {
        assertFalse(ProxyProtocol.OFF.enabled());
        assertFalse(ProxyProtocol.OFF.trusts(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void trustsOnlyTheConfiguredNetworks() throws Exception {
        ProxyProtocol proxy = new ProxyProtocol(List.of(Network.parse("10.0.0.0/8"), Network.parse("::1/128")),
                ProxyProtocol.DEFAULT_HEADER_TIMEOUT);
        assertTrue(proxy.enabled());
        assertTrue(proxy.trusts(InetAddress.getByName("10.1.2.3")));
        assertTrue(proxy.trusts(InetAddress.getByName("::1")));
        assertFalse(proxy.trusts(InetAddress.getByName("11.0.0.1")));
        assertFalse(proxy.trusts(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void theHeaderTimeoutMustBePositive() {
        assertEquals(Duration.ofMillis(1), new ProxyProtocol(List.of(), Duration.ofMillis(1)).headerTimeout());
        assertThrows(IllegalArgumentException.class, () -> new ProxyProtocol(List.of(), Duration.ZERO));
    }

    @Test
    void firstBytesAreJudgedAsSoonAsTheyDifferFromBothSignatures() {
        assertEquals(ProtocolDetectionState.INVALID, judge("a NOOP\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ProtocolDetectionState.INVALID, judge("EHLO x\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ProtocolDetectionState.INVALID, judge(new byte[] {0x16, 0x03, 0x01}), "a TLS ClientHello");
        assertEquals(ProtocolDetectionState.NEEDS_MORE_DATA, judge("PROX".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ProtocolDetectionState.NEEDS_MORE_DATA, judge(Arrays.copyOf(ProxyHeaders.v2Local(), 11)));
        assertEquals(ProtocolDetectionState.DETECTED, judge(ProxyHeaders.v1("192.0.2.1", 1, "192.0.2.2", 2)));
        assertEquals(ProtocolDetectionState.DETECTED, judge(Arrays.copyOf(ProxyHeaders.v2Local(), 12)));
        assertEquals(ProtocolDetectionState.INVALID, judge("PROXYING IS FUN\r\n".getBytes(StandardCharsets.US_ASCII)),
                "a line that only starts like version 1");
    }

    private static ProtocolDetectionState judge(byte[] bytes) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        try {
            return ProxySignatureCheck.looksLikeProxyHeader(buffer);
        } finally {
            buffer.release();
        }
    }
}
