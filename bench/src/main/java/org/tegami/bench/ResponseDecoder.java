package org.tegami.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the server's output into whole responses: a line plus the literals it announces and the
 * lines that continue it (RFC 9051 §4.3, §7.5: a literal {@code {n}} or {@code ~{n}} ends a line and
 * is followed by n octets, then the rest of the response). Each response is emitted as one
 * ISO-8859-1 string without its final CRLF, so every octet keeps its position.
 */
final class ResponseDecoder extends ByteToMessageDecoder {

    private final int maxResponseBytes;

    /** @param maxResponseBytes the largest response accepted: its lines with their CRLFs and literals, in bytes */
    ResponseDecoder(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int position = start;
        int end = in.writerIndex();
        while (true) {
            int lf = in.indexOf(position, end, (byte) '\n');
            if (lf < 0) {
                checkLength(end - start);
                return; // wait for the rest of the line
            }
            long literal = literalLength(in, position, lf);
            if (literal < 0) {
                checkLength(lf + 1L - start);
                int cut = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
                out.add(in.toString(start, cut - start, StandardCharsets.ISO_8859_1));
                in.readerIndex(lf + 1);
                return;
            }
            long next = lf + 1L + literal;
            checkLength(next - start);
            if (next > end) {
                return; // wait for the whole literal
            }
            position = (int) next;
        }
    }

    private void checkLength(long length) {
        if (length > maxResponseBytes) {
            throw new TooLongFrameException("response longer than " + maxResponseBytes + " bytes");
        }
    }

    /** The n of a line ending in {@code {n}} (before CRLF), or -1 when the line ends the response. */
    private static long literalLength(ByteBuf in, int lineStart, int lf) {
        int last = lf - 1;
        if (last >= lineStart && in.getByte(last) == '\r') {
            last--;
        }
        if (last < lineStart || in.getByte(last) != '}') {
            return -1;
        }
        long value = 0;
        long scale = 1;
        int i = last - 1;
        while (i >= lineStart && Character.isDigit(in.getByte(i))) {
            value += (in.getByte(i) - '0') * scale;
            scale *= 10;
            i--;
        }
        if (scale == 1 || i < lineStart || in.getByte(i) != '{') {
            return -1;
        }
        return value;
    }
}
