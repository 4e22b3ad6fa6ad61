package org.tegami.http;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.tegami.tls.CertificateRegistry;

/** Builds the channel pipeline of one connection: [PROXY header] → [TLS] → idle timer → codec → aggregator → dispatcher. */
final class HttpPipeline {
    private HttpPipeline() {
    }

    static void configure(SocketChannel channel, HttpListener listener, HttpSettings settings, CertificateRegistry certificates,
                          Router router, Executor handlers) {
        settings.proxyProtocol().install(channel);
        if (listener.tls()) {
            channel.pipeline().addLast("tls", certificates.newHandler());
        }
        channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        // The codec refuses an over-long request line or header block before buffering it (414 / 431).
        channel.pipeline().addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLineBytes())
                .setMaxHeaderSize(settings.maxHeaderBytes())));
        // The aggregator answers 413 itself to a body over the limit (RFC 9110 §15.5.14), checking
        // Content-Length before reading the body.
        channel.pipeline().addLast("aggregator", new HttpObjectAggregator(settings.maxRequestBodyBytes()));
        channel.pipeline().addLast("dispatcher", new RequestDispatcher(router, handlers, settings, listener.tls()));
    }
}
