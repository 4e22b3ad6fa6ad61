package org.tegami.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates what a client sends after COMPRESS DEFLATE (RFC 4978 §3: raw DEFLATE, RFC 1951, no zlib header).
 * Output goes up the pipeline in slices of at most {@link #SLICE_BYTES}, so a small input that inflates to a lot
 * never needs more than one slice of memory here: the frame decoder above enforces every limit on the inflated
 * bytes as they arrive. (Netty's zlib decoder either buffers a whole read's output or fails the connection.)
 */
final class DeflateDecoder extends ChannelInboundHandlerAdapter {

    static final int SLICE_BYTES = 16 * 1024;

    private final Inflater inflater = new Inflater(true);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            byte[] input = new byte[in.readableBytes()];
            in.readBytes(input);
            inflater.setInput(input);
            byte[] slice = new byte[SLICE_BYTES];
            while (true) {
                int n = inflater.inflate(slice);
                if (n > 0) {
                    ctx.fireChannelRead(Unpooled.wrappedBuffer(slice, 0, n));
                    slice = new byte[SLICE_BYTES];
                    continue;
                }
                if (inflater.finished()) {
                    // The client ended its DEFLATE stream; nothing more can follow on this connection.
                    throw new DecoderException("client ended its compressed stream");
                }
                if (inflater.needsInput() || inflater.needsDictionary()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new DecoderException("invalid compressed input", e);
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        inflater.end();
    }
}
