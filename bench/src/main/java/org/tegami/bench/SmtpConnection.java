package org.tegami.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An SMTP submission connection with TLS from the first byte (RFC 8314 §3.3), one thread at a time. */
final class SmtpConnection implements AutoCloseable {

    private static final Object CLOSED = new Object();

    private final Channel channel;
    private final BlockingQueue<Object> inbound;
    private final ClientTransport transport;

    private SmtpConnection(Channel channel, BlockingQueue<Object> inbound, ClientTransport transport) {
        this.channel = channel;
        this.inbound = inbound;
        this.transport = transport;
    }

    static SmtpConnection open(ClientTransport transport, InetSocketAddress server) {
        BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        Channel channel = transport.open(server, null, false, ch -> ch.pipeline()
                // SMTP replies are lines; the IMAP decoder splits lines the same way.
                .addLast(new ResponseDecoder(64 * 1024))
                .addLast(new SimpleChannelInboundHandler<String>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                        inbound.add(line);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        inbound.add(CLOSED);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        inbound.add(cause);
                        ctx.close();
                    }
                }));
        Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        if (!handshake.awaitUninterruptibly(transport.timeout().toMillis() + 1000) || !handshake.isSuccess()) {
            channel.close();
            throw new ImapException("TLS handshake with " + server + " failed", handshake.cause());
        }
        SmtpConnection connection = new SmtpConnection(channel, inbound, transport);
        connection.expect(220, "greeting");
        return connection;
    }

    /** Sends one command line and checks the reply's code (RFC 5321 §4.2). */
    String command(String line, int expected) {
        channel.writeAndFlush(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8));
        return expect(expected, line.startsWith("AUTH") ? "AUTH" : line);
    }

    /** DATA with the message dot-stuffed (RFC 5321 §4.5.2) and the final dot. */
    String data(String message) {
        command("DATA", 354);
        StringBuilder stuffed = new StringBuilder(message.length() + 16);
        for (String line : message.split("\r\n", -1)) {
            if (line.startsWith(".")) {
                stuffed.append('.');
            }
            stuffed.append(line).append("\r\n");
        }
        stuffed.append(".\r\n");
        channel.writeAndFlush(Unpooled.copiedBuffer(stuffed, StandardCharsets.UTF_8));
        return expect(250, "end of data");
    }

    private String expect(int code, String what) {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = next();
            reply.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                if (!line.startsWith(Integer.toString(code))) {
                    throw new ImapException(what + ": expected " + code + ", got " + reply.toString().trim());
                }
                return reply.toString();
            }
        }
    }

    private String next() {
        Object item;
        try {
            item = inbound.poll(transport.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImapException("interrupted while waiting for the server", e);
        }
        if (item == null) {
            throw new ImapException("no SMTP reply within " + transport.timeout());
        }
        if (item == CLOSED) {
            inbound.add(CLOSED);
            throw new ImapException("the server closed the connection");
        }
        if (item instanceof Throwable t) {
            throw new ImapException("the connection failed: " + t, t);
        }
        return (String) item;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(transport.timeout().toMillis());
    }
}
