package org.tegami.imap.server;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

/** Builds the channel pipeline of one connection. */
final class ImapPipeline {
    private ImapPipeline() {
    }

    static void configure(SocketChannel channel, ImapListener listener, SslContext sslContext, SessionContext context) {
        throw new UnsupportedOperationException("pipeline not wired yet");
    }
}
