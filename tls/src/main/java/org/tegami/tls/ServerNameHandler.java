package org.tegami.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the client's ClientHello, picks the certificate for the name and protocols it asks for, and
 * replaces itself with the {@link SslHandler} of that certificate, which then reads the very same
 * ClientHello. What the session writes before that (an implicit-TLS greeting) is held back here and handed
 * to the TLS handler, so nothing ever leaves in clear.
 */
final class ServerNameHandler extends SslClientHelloHandler<CertificateRegistry.Selection> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerNameHandler.class);

    private record PendingWrite(Object message, ChannelPromise promise) {
    }

    private final CertificateRegistry registry;
    private final Queue<PendingWrite> pending = new ArrayDeque<>();
    private boolean flushRequested;
    private boolean replaced;
    private volatile Promise<SslHandler> handshake;

    ServerNameHandler(CertificateRegistry registry) {
        this.registry = registry;
    }

    /**
     * The channel's TLS handler once its handshake has succeeded (the future fails when it does not), or
     * null when the channel has no TLS. Callers off the event loop may wait on it.
     */
    static Future<SslHandler> handshake(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            ServerNameHandler waiting = channel.pipeline().get(ServerNameHandler.class);
            if (waiting != null && waiting.handshake != null) {
                return waiting.handshake;
            }
            // It may have been replaced between the two looks.
            ssl = channel.pipeline().get(SslHandler.class);
            if (ssl == null) {
                return null;
            }
        }
        Promise<SslHandler> done = channel.eventLoop().newPromise();
        chain(ssl, done);
        return done;
    }

    private static void chain(SslHandler ssl, Promise<SslHandler> done) {
        ssl.handshakeFuture().addListener(future -> {
            if (future.isSuccess()) {
                done.trySuccess(ssl);
            } else {
                done.tryFailure(future.cause());
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        handshake = ctx.executor().newPromise();
        super.handlerAdded(ctx);
    }

    @Override
    protected Future<CertificateRegistry.Selection> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        // clientHello is null when the first record is not a ClientHello; the TLS engine then refuses it.
        return ctx.executor().newSucceededFuture(registry.select(ClientHello.parse(clientHello)));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<CertificateRegistry.Selection> future) {
        CertificateRegistry.Selection selection = future.getNow();
        SslHandler ssl = selection.context().newHandler(ctx.alloc());
        chain(ssl, handshake);
        replaced = true;
        // Netty links the removed context to its replacement, so the ClientHello bytes buffered here and the
        // writes held back (handed on in handlerRemoved0) both reach the TLS handler.
        ctx.pipeline().replace(this, ctx.name(), ssl);
        if (selection.acmeChallenge()) {
            ctx.pipeline().addAfter(ctx.name(), "acme-tls-alpn-01", new AcmeChallengeAnswer());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        pending.add(new PendingWrite(msg, promise));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        flushRequested = true;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        try {
            super.handlerRemoved0(ctx);
        } finally {
            if (replaced) {
                for (PendingWrite write = pending.poll(); write != null; write = pending.poll()) {
                    ctx.write(write.message(), write.promise());
                }
                if (flushRequested) {
                    ctx.flush();
                }
            } else {
                ClosedChannelException closed = new ClosedChannelException();
                for (PendingWrite write = pending.poll(); write != null; write = pending.poll()) {
                    ReferenceCountUtil.release(write.message());
                    write.promise().tryFailure(closed);
                }
                Promise<SslHandler> waiting = handshake;
                if (waiting != null) {
                    waiting.tryFailure(closed);
                }
            }
        }
    }

    /**
     * RFC 8737 §3: once the validation handshake is done the ACME server closes without exchanging data, so
     * the connection is closed here too and nothing it might send reaches the session.
     */
    private static final class AcmeChallengeAnswer extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                LOG.info("ACME TLS-ALPN-01 validation from {}: {}", ctx.channel().remoteAddress(),
                        completion.isSuccess() ? "handshake done" : completion.cause().toString());
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
