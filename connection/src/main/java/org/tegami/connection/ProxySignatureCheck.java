package org.tegami.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ProtocolDetectionState;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the first bytes of a connection and steps aside as soon as they show whether a PROXY header
 * starts there. From a trusted balancer one must ({@code headerRequired}): otherwise the connection is
 * closed at once instead of when the header timeout runs out. From any other address none may, so that
 * no client can pass itself off as another address: a header closes the connection, anything else is
 * served directly.
 */
final class ProxySignatureCheck extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxy-signature";
    private static final Logger LOG = LoggerFactory.getLogger(ProxySignatureCheck.class);
    /** Version 1 starts with "PROXY " (spec §2.1). */
    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** Version 2 starts with these 12 bytes (spec §2.2). */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final boolean headerRequired;
    private ByteBuf first;

    ProxySignatureCheck(boolean headerRequired) {
        this.headerRequired = headerRequired;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (first == null) {
            first = bytes;
        } else {
            first = ctx.alloc().compositeBuffer().addComponents(true, first, bytes);
        }
        ProtocolDetectionState state = looksLikeProxyHeader(first);
        if (state == ProtocolDetectionState.NEEDS_MORE_DATA) {
            return; // keep what came until the bytes either match a signature or cannot any more
        }
        String peer = ProxyProtocol.peerAddress(ctx.channel()).getAddress().getHostAddress();
        if (headerRequired && state == ProtocolDetectionState.INVALID) {
            LOG.info("closed connection from trusted proxy {}: missing or malformed PROXY header", peer);
            discard(ctx);
        } else if (!headerRequired && state == ProtocolDetectionState.DETECTED) {
            LOG.info("refused connection from {}: a PROXY header from an address that is not a trusted proxy", peer);
            discard(ctx);
        } else {
            ByteBuf seen = first;
            first = null;
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(seen);
        }
    }

    private void discard(ChannelHandlerContext ctx) {
        first.release();
        first = null;
        ctx.close();
    }

    /**
     * Whether the first bytes are a PROXY header signature. Netty's own detector wants 12 bytes before
     * it answers, but an IMAP or SMTP command can be shorter ("a NOOP\r\n") and its client then waits for
     * the answer; so bytes that already differ from both signatures are let through at once.
     */
    static ProtocolDetectionState looksLikeProxyHeader(ByteBuf bytes) {
        if (matches(bytes, V1_SIGNATURE) || matches(bytes, V2_SIGNATURE)) {
            return ProtocolDetectionState.DETECTED;
        }
        return startsLike(bytes, V1_SIGNATURE) || startsLike(bytes, V2_SIGNATURE)
                ? ProtocolDetectionState.NEEDS_MORE_DATA : ProtocolDetectionState.INVALID;
    }

    private static boolean matches(ByteBuf bytes, byte[] signature) {
        return bytes.readableBytes() >= signature.length && startsLike(bytes, signature);
    }

    private static boolean startsLike(ByteBuf bytes, byte[] signature) {
        int n = Math.min(bytes.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (bytes.getByte(bytes.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (first != null) {
            first.release();
            first = null;
        }
    }
}
