package org.tegami.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.tegami.imap.protocol.CommandFramer;
import org.tegami.imap.protocol.FramerEvent;
import org.tegami.imap.protocol.ImapLimits;

/**
 * Netty adapter of the pure {@link CommandFramer}: passes framer events up the pipeline. After a
 * STARTTLS command on a cleartext connection it discards every further byte until TLS is in place, so
 * commands pipelined in cleartext after STARTTLS are never executed (CVE-2011-0411 class); after a
 * fatal rejection it discards everything until the connection closes.
 */
final class ImapFrameDecoder extends ByteToMessageDecoder {

    private final CommandFramer framer;
    private boolean tls;
    private boolean discarding;

    ImapFrameDecoder(ImapLimits limits, boolean implicitTls) {
        this.framer = new CommandFramer(limits);
        this.tls = implicitTls;
    }

    /** Called on the event loop once the session has authenticated. */
    void setAuthenticated(boolean authenticated) {
        framer.setAuthenticated(authenticated);
    }

    /** Called on the event loop once the TLS handler is in the pipeline after STARTTLS. */
    void resumeAfterTls() {
        tls = true;
        framer.reset();
        discarding = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (discarding) {
            in.skipBytes(readable);
            return;
        }
        byte[] chunk = new byte[readable];
        in.readBytes(chunk);
        for (FramerEvent event : framer.feed(chunk, 0, readable)) {
            out.add(event);
            if (event instanceof FramerEvent.Frame frame && !tls && isStartTls(frame.bytes())) {
                discarding = true;
                framer.reset();
                return;
            }
            if (event instanceof FramerEvent.Rejected rejected && rejected.fatal()) {
                discarding = true;
                return;
            }
        }
    }

    /** {@code tag SP "STARTTLS"}, case-insensitive, with nothing after it. */
    static boolean isStartTls(byte[] frame) {
        int space = -1;
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space <= 0 || frame.length - space - 1 != 8) {
            return false;
        }
        String word = new String(frame, space + 1, 8, java.nio.charset.StandardCharsets.US_ASCII);
        return word.equalsIgnoreCase("STARTTLS");
    }
}
