package org.tegami.imap.server;

import io.netty.channel.socket.SocketChannel;

/** Builds the channel pipeline of one connection: [TLS] → frame decoder → session handler. */
final class ImapPipeline {
    private ImapPipeline() {
    }

    static void configure(SocketChannel channel, ImapListener listener, SessionContext context) {
        if (listener.implicitTls()) {
            channel.pipeline().addLast("tls", context.certificates().newHandler());
        }
        ImapFrameDecoder decoder = new ImapFrameDecoder(context.settings().limits(), listener.implicitTls());
        channel.pipeline().addLast("framer", decoder);
        channel.pipeline().addLast("session", new ImapChannelHandler(context, decoder, listener.implicitTls()));
    }
}
