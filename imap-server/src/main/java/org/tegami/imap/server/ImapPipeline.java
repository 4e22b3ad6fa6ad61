package org.tegami.imap.server;

import io.netty.channel.socket.SocketChannel;

/** Builds the channel pipeline of one connection: [PROXY header] → [TLS] → frame decoder → session handler. */
final class ImapPipeline {
    private ImapPipeline() {
    }

    static void configure(SocketChannel channel, ImapListener listener, SessionContext context) {
        context.settings().proxyProtocol().install(channel);
        if (listener.implicitTls()) {
            channel.pipeline().addLast("tls", context.certificates().newHandler());
        }
        ImapFrameDecoder decoder = new ImapFrameDecoder(context.settings().limits(), listener.implicitTls());
        channel.pipeline().addLast("framer", decoder);
        channel.pipeline().addLast("session", new ImapChannelHandler(context, decoder, listener.implicitTls()));
    }
}
