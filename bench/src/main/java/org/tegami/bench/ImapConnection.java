package org.tegami.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * One IMAP connection over TLS from the first byte (RFC 8314), driven by one thread at a time:
 * a command is written, then responses are read until its tagged status. While {@link #listen}
 * has a listener, responses go to it on the event loop instead (for sessions in IDLE).
 */
final class ImapConnection implements AutoCloseable {

    /** Responses larger than this (line and literals) end the connection: no workload fetches more. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private static final Object CLOSED = new Object();

    private final Channel channel;
    private final BlockingQueue<Object> inbound;
    private final ClientTransport transport;
    private final String greeting;
    private volatile Consumer<String> listener;
    private int nextTag = 1;

    private ImapConnection(Channel channel, BlockingQueue<Object> inbound, ClientTransport transport) {
        this.channel = channel;
        this.inbound = inbound;
        this.transport = transport;
        this.greeting = next();
        if (!greeting.startsWith("* OK")) {
            channel.close();
            throw new ImapException("unexpected greeting: " + greeting);
        }
    }

    /**
     * Connects, completes the TLS handshake and reads the greeting.
     *
     * @param local     source address to bind, or null for the system's choice
     * @param resumable whether the handshake may resume an earlier session
     */
    static ImapConnection open(ClientTransport transport, InetSocketAddress server, InetSocketAddress local,
                               boolean resumable) {
        BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        ImapConnection[] self = new ImapConnection[1];
        Channel channel = transport.open(server, local, resumable, ch -> ch.pipeline()
                .addLast(new ResponseDecoder(MAX_RESPONSE_BYTES))
                .addLast(new SimpleChannelInboundHandler<String>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, String response) {
                        ImapConnection connection = self[0];
                        Consumer<String> l = connection == null ? null : connection.listener;
                        if (l != null) {
                            l.accept(response);
                        } else {
                            inbound.add(response);
                        }
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
        ImapConnection connection = new ImapConnection(channel, inbound, transport);
        self[0] = connection;
        return connection;
    }

    String greeting() {
        return greeting;
    }

    SSLSession tlsSession() {
        return channel.pipeline().get(SslHandler.class).engine().getSession();
    }

    /** Sends {@code text} as a tagged command and reads until its tagged status. */
    Reply command(String text) {
        String tag = tag();
        write(tag + " " + text + "\r\n");
        return readUntilTagged(tag, text);
    }

    /**
     * APPEND with a non-synchronising literal (RFC 7888 LITERAL+), which both servers announce, so
     * the message goes out with the command line and no continuation round trip.
     *
     * @param flagList a parenthesised flag list, or empty
     */
    Reply append(String mailbox, String flagList, byte[] message) {
        String tag = tag();
        String line = tag + " APPEND " + mailbox + (flagList.isEmpty() ? "" : " " + flagList)
                + " {" + message.length + "+}\r\n";
        ByteBuf buf = Unpooled.buffer(line.length() + message.length + 2);
        buf.writeCharSequence(line, StandardCharsets.US_ASCII);
        buf.writeBytes(message);
        buf.writeBytes(new byte[] {'\r', '\n'});
        channel.writeAndFlush(buf);
        return readUntilTagged(tag, "APPEND");
    }

    /**
     * MULTIAPPEND (RFC 3502): several messages in one command, which a server may store in one
     * transaction; with non-synchronising literals, so the whole command goes out at once.
     */
    Reply multiAppend(String mailbox, List<byte[]> messages) {
        String tag = tag();
        int size = 64;
        for (byte[] m : messages) {
            size += m.length + 24;
        }
        ByteBuf buf = Unpooled.buffer(size);
        buf.writeCharSequence(tag + " APPEND " + mailbox, StandardCharsets.US_ASCII);
        for (byte[] m : messages) {
            buf.writeCharSequence(" {" + m.length + "+}\r\n", StandardCharsets.US_ASCII);
            buf.writeBytes(m);
        }
        buf.writeBytes(new byte[] {'\r', '\n'});
        channel.writeAndFlush(buf);
        return readUntilTagged(tag, "APPEND");
    }

    /** Starts IDLE (RFC 2177, RFC 9051 §6.3.13) and returns once the server sent its continuation. */
    String idle() {
        String tag = tag();
        write(tag + " IDLE\r\n");
        while (true) {
            String response = next();
            if (response.startsWith("+")) {
                return tag;
            }
            if (response.startsWith(tag + " ")) {
                throw new ImapException("IDLE refused: " + response);
            }
        }
    }

    /** Ends IDLE and reads until the tagged status of the IDLE command {@code tag}. */
    Reply done(String tag) {
        listener = null;
        write("DONE\r\n");
        return readUntilTagged(tag, "IDLE");
    }

    /** Sends every later response to {@code l} on the event loop instead of queueing it. */
    void listen(Consumer<String> l) {
        listener = l;
        // Responses that arrived before the listener was set are handed over first.
        Object queued;
        while ((queued = inbound.poll()) != null) {
            if (queued instanceof String s) {
                l.accept(s);
            }
        }
    }

    private Reply readUntilTagged(String tag, String what) {
        List<String> untagged = new ArrayList<>();
        String prefix = tag + " ";
        while (true) {
            String response = next();
            if (response.startsWith(prefix)) {
                return new Reply(untagged, response);
            }
            untagged.add(response);
            if (response.startsWith("* BYE")) {
                // The connection ends after BYE; LOGOUT's tagged OK may still follow.
                if (!what.startsWith("LOGOUT")) {
                    throw new ImapException(what + ": server said " + response);
                }
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
            throw new ImapException("no answer within " + transport.timeout());
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

    private void write(String text) {
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private String tag() {
        return "a" + nextTag++;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Starts closing without waiting: for ending thousands of sessions at once. */
    void closeLater() {
        listener = null;
        channel.close();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(transport.timeout().toMillis());
    }
}
