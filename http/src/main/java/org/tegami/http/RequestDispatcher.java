package org.tegami.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.connection.ClientAddress;

/**
 * The last handler of a connection: turns each complete request into a {@link Request}, routes it on a virtual
 * thread, and writes the {@link Response} with the headers every response carries. Requests of one connection are
 * answered one at a time and in order (RFC 9112 §9.3.2, pipelining); reading pauses while one is in progress.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Router router;
    private final Executor handlers;
    private final HttpSettings settings;
    private final boolean secure;
    /** The previous request's completion; each request runs after it. Touched on the event loop only. */
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    private int inProgress;

    RequestDispatcher(Router router, Executor handlers, HttpSettings settings, boolean secure) {
        this.router = router;
        this.handlers = handlers;
        this.settings = settings;
        this.secure = secure;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
        DecoderResult result = message.decoderResult();
        if (!result.isSuccess()) {
            // The decoder discards the rest of the connection after a bad message, so close after answering.
            write(ctx, decodingFailure(result.cause()), false, false);
            return;
        }
        Request request = Request.from(message, secure, ClientAddress.of(ctx.channel()));
        boolean keepAlive = HttpUtil.isKeepAlive(message);
        boolean head = "HEAD".equals(request.method());
        inProgress++;
        ctx.channel().config().setAutoRead(false);
        // handle(): a request that failed in any way must not keep the ones after it from being answered.
        previous = previous.handle((ignored, failure) -> null)
                .thenRunAsync(() -> write(ctx, answer(request), keepAlive, head), handlers)
                .whenComplete((ignored, failure) -> ctx.executor().execute(() -> {
                    if (--inProgress == 0 && ctx.channel().isActive()) {
                        ctx.channel().config().setAutoRead(true);
                    }
                }));
    }

    private Response answer(Request request) {
        try {
            return router.route(request);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.method(), request.path(), e);
            return ErrorPages.serverError();
        }
    }

    private static Response decodingFailure(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            // RFC 6585 §5
            return ErrorPages.page(431, "Request Header Fields Too Large", "The request headers are too large.");
        }
        if (cause instanceof TooLongHttpLineException) {
            // RFC 9110 §15.5.15
            return ErrorPages.page(414, "URI Too Long", "The request target is too long.");
        }
        return ErrorPages.badRequest("The request is not valid HTTP.");
    }

    private void write(ChannelHandlerContext ctx, Response response, boolean keepAlive, boolean head) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        HttpHeaders headers = out.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        // RFC 9110 §8.6: a HEAD response may announce the length the GET body would have.
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        securityHeaders(headers);
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        if (keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void securityHeaders(HttpHeaders headers) {
        // Only our own stylesheet; inline SVG needs nothing more. No scripts, no framing, forms post back here.
        headers.set("Content-Security-Policy",
                "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        if (secure && !settings.hstsMaxAge().isZero()) {
            // RFC 6797 §6.1: only over TLS; browsers ignore it on cleartext responses anyway.
            headers.set("Strict-Transport-Security", "max-age=" + settings.hstsMaxAge().toSeconds());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing HTTP connection from {}: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }
}
