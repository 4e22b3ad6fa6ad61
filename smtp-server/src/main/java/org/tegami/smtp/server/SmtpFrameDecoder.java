package org.tegami.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.tegami.smtp.protocol.BdatCommand;
import org.tegami.smtp.protocol.MessageDataReader;
import org.tegami.smtp.protocol.SmtpCommandParser;
import org.tegami.smtp.protocol.SmtpLimits;
import org.tegami.smtp.protocol.SmtpParseResult;
import org.tegami.smtp.protocol.StartTlsCommand;

/**
 * Splits the client's bytes into command lines, BDAT chunks (RFC 3030: exactly the announced count of
 * octets) and DATA messages (through {@link MessageDataReader}, once the session has answered 354).
 * After a STARTTLS command on a cleartext connection it discards everything until TLS is in place, so
 * nothing pipelined in cleartext is ever executed (RFC 3207 §4.2, CVE-2011-0411).
 */
final class SmtpFrameDecoder extends ByteToMessageDecoder {

    private enum Mode { COMMANDS, DATA, CHUNK, SKIP_LINE, DISCARD }

    /** What a BDAT chunk is given before its octets arrive; it grows as they do. */
    private static final int INITIAL_CHUNK_BYTES = 64 * 1024;

    private final SmtpLimits limits;
    private final SmtpCommandParser parser;
    private final boolean tlsAvailable;
    private boolean tls;
    private Mode mode = Mode.COMMANDS;
    /** When bytes last arrived: a long DATA transfer is progress, not idleness (RFC 5321 §4.5.3.2.5). */
    private volatile long lastReadNanos = System.nanoTime();
    private MessageDataReader dataReader;
    private byte[] chunkLine;
    private byte[] chunk;
    private long chunkRemaining;
    private int chunkFilled;

    SmtpFrameDecoder(SmtpLimits limits, boolean implicitTls, boolean tlsAvailable) {
        this.limits = limits;
        this.parser = new SmtpCommandParser(limits);
        this.tls = implicitTls;
        this.tlsAvailable = tlsAvailable;
    }

    /** Nanos of the last read, for the session's inactivity timeout. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** On the event loop, before the 354 reply is written: the next bytes are message data. */
    void expectMessageData() {
        dataReader = new MessageDataReader(limits.maxMessageBytes());
        mode = Mode.DATA;
    }

    /** On the event loop, once TLS is in the pipeline after STARTTLS. */
    void resumeAfterTls() {
        tls = true;
        mode = Mode.COMMANDS;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        lastReadNanos = System.nanoTime();
        while (in.isReadable()) {
            switch (mode) {
                case DISCARD -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case SKIP_LINE -> {
                    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    if (lf < 0) {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                    in.readerIndex(lf + 1);
                    mode = Mode.COMMANDS;
                }
                case DATA -> {
                    byte[] available = new byte[in.readableBytes()];
                    in.getBytes(in.readerIndex(), available);
                    int consumed = dataReader.feed(available, 0, available.length);
                    in.skipBytes(consumed);
                    if (dataReader.complete()) {
                        // A message past the limit was read to its end but not kept (RFC 1870 §6.3); the
                        // session answers 552 and the connection goes on.
                        byte[] message = dataReader.tooLarge() ? new byte[0] : dataReader.message();
                        out.add(new SmtpInput.Message(message, dataReader.tooLarge(), dataReader.bareLineEnding()));
                        dataReader = null;
                        mode = Mode.COMMANDS;
                    } else if (consumed == 0) {
                        return;
                    }
                }
                case CHUNK -> {
                    int take = (int) Math.min(chunkRemaining, in.readableBytes());
                    if (chunk != null) {
                        if (chunkFilled + take > chunk.length) {
                            chunk = Arrays.copyOf(chunk, (int) Math.min(chunkFilled + chunkRemaining,
                                    Math.max(chunkFilled + take, 2L * chunk.length)));
                        }
                        in.readBytes(chunk, chunkFilled, take);
                        chunkFilled += take;
                    } else {
                        in.skipBytes(take);
                    }
                    chunkRemaining -= take;
                    if (chunkRemaining > 0) {
                        return;
                    }
                    out.add(new SmtpInput.Chunk(chunkLine, chunk));
                    chunk = null;
                    chunkLine = null;
                    mode = Mode.COMMANDS;
                }
                case COMMANDS -> {
                    if (!readLine(in, out)) {
                        return;
                    }
                }
            }
        }
    }

    /** Reads one command line if complete; false when more bytes are needed. */
    private boolean readLine(ByteBuf in, List<Object> out) {
        int searchEnd = Math.min(in.writerIndex(), in.readerIndex() + limits.maxCommandLineBytes() + 2);
        int lf = in.indexOf(in.readerIndex(), searchEnd, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > limits.maxCommandLineBytes() + 1) {
                out.add(new SmtpInput.LineTooLong());
                mode = Mode.SKIP_LINE;
                return true;
            }
            return false;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - in.readerIndex()];
        in.readBytes(line);
        in.readerIndex(lf + 1);
        if (line.length > limits.maxCommandLineBytes()) {
            out.add(new SmtpInput.LineTooLong());
            return true;
        }
        if (isVerb(line, "BDAT") && parser.parse(line) instanceof SmtpParseResult.Parsed parsed
                && parsed.command() instanceof BdatCommand bdat) {
            chunkLine = line;
            chunkRemaining = bdat.size();
            chunkFilled = 0;
            // Oversized chunks are read and dropped rather than buffered (RFC 3030 §2: the octets always follow).
            // A chunk within the limit grows as its octets arrive: a size alone, a few bytes on the wire,
            // must not make the server allocate up to the message limit.
            chunk = bdat.size() <= limits.maxMessageBytes()
                    ? new byte[(int) Math.min(bdat.size(), INITIAL_CHUNK_BYTES)] : null;
            mode = Mode.CHUNK;
            if (chunkRemaining == 0) {
                out.add(new SmtpInput.Chunk(chunkLine, chunk));
                mode = Mode.COMMANDS;
            }
            return true;
        }
        out.add(new SmtpInput.Line(line));
        // A STARTTLS that will be accepted: everything after it until the handshake is cleartext to ignore.
        // Decided by the parser, so every spelling the session accepts (trailing spaces, any case) counts.
        if (!tls && tlsAvailable && isVerb(line, "STARTTLS")
                && parser.parse(line) instanceof SmtpParseResult.Parsed parsed
                && parsed.command() instanceof StartTlsCommand) {
            mode = Mode.DISCARD;
        }
        return true;
    }

    private static boolean isVerb(byte[] line, String verb) {
        if (line.length < verb.length() || (line.length > verb.length() && line[verb.length()] != ' ')) {
            return false;
        }
        return new String(line, 0, verb.length(), StandardCharsets.US_ASCII).equalsIgnoreCase(verb);
    }
}
