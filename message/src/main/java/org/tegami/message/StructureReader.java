package org.tegami.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link StructureCodec} layout. Every length and count is checked against the bytes that
 * remain before anything is allocated, and nesting is bounded, so corrupt input fails with
 * IllegalArgumentException instead of exhausting memory or stack.
 */
final class StructureReader {
    /** Far above what {@link EntityParser#MAX_NESTING_DEPTH} produces, far below a stack overflow. */
    private static final int MAX_DECODE_DEPTH = 4 * EntityParser.MAX_NESTING_DEPTH;

    private final byte[] bytes;
    private int position;

    StructureReader(byte[] bytes) {
        this.bytes = bytes;
    }

    MessageStructure readVersionedStructure() {
        int version = readByte();
        if (version != StructureCodec.FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown message structure format version " + version);
        }
        MessageStructure structure = new MessageStructure(readEnvelope(), readBodyPart(0), readDate());
        if (position != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after message structure");
        }
        return structure;
    }

    private Envelope readEnvelope() {
        if (!readPresence()) {
            return null;
        }
        return new Envelope(
                readString(), readString(),
                readAddresses(), readAddresses(), readAddresses(), readAddresses(), readAddresses(), readAddresses(),
                readString(), readString());
    }

    private List<Address> readAddresses() {
        int count = readCount();
        List<Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(new Address(readString(), readString(), readString(), readString()));
        }
        return addresses;
    }

    private BodyPart readBodyPart(int depth) {
        if (!readPresence()) {
            return null;
        }
        if (depth > MAX_DECODE_DEPTH) {
            throw new IllegalArgumentException("message structure nested too deeply");
        }
        long headerStart = readSigned();
        long bodyStart = readSigned();
        long bodyEnd = readSigned();
        String type = readString();
        String subtype = readString();
        List<Parameter> parameters = readParameters();
        String contentId = readString();
        String description = readString();
        String encoding = readString();
        long bodyOctets = readSigned();
        long bodyLines = readSigned();
        String md5 = readString();
        Disposition disposition = readPresence() ? new Disposition(readString(), readParameters()) : null;
        int languageCount = readCount();
        List<String> language = new ArrayList<>(languageCount);
        for (int i = 0; i < languageCount; i++) {
            language.add(readString());
        }
        String location = readString();
        int partCount = readCount();
        List<BodyPart> parts = new ArrayList<>(partCount);
        for (int i = 0; i < partCount; i++) {
            BodyPart child = readBodyPart(depth + 1);
            if (child == null) {
                throw new IllegalArgumentException("missing body part");
            }
            parts.add(child);
        }
        Envelope messageEnvelope = readEnvelope();
        BodyPart messageBody = readBodyPart(depth + 1);
        return new BodyPart(headerStart, bodyStart, bodyEnd, type, subtype, parameters, contentId, description,
                encoding, bodyOctets, bodyLines, md5, disposition, language, location, parts, messageEnvelope,
                messageBody);
    }

    private List<Parameter> readParameters() {
        int count = readCount();
        List<Parameter> parameters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parameters.add(new Parameter(readString(), readString()));
        }
        return parameters;
    }

    private OffsetDateTime readDate() {
        if (!readPresence()) {
            return null;
        }
        long epochSecond = readSigned();
        long nano = readUnsigned();
        long offsetSeconds = readSigned();
        if (nano > 999_999_999L || Math.abs(offsetSeconds) > 18 * 3600) {
            throw new IllegalArgumentException("corrupt sent date");
        }
        try {
            return OffsetDateTime.ofInstant(
                    Instant.ofEpochSecond(epochSecond, nano), ZoneOffset.ofTotalSeconds((int) offsetSeconds));
        } catch (java.time.DateTimeException corrupt) {
            throw new IllegalArgumentException("corrupt sent date", corrupt);
        }
    }

    private boolean readPresence() {
        int flag = readByte();
        if (flag > 1) {
            throw new IllegalArgumentException("corrupt presence flag " + flag);
        }
        return flag == 1;
    }

    /** A list count: every element takes at least one byte, so a count cannot exceed what remains. */
    private int readCount() {
        long count = readUnsigned();
        if (count > bytes.length - position) {
            throw new IllegalArgumentException("list count beyond the end of the input");
        }
        return (int) count;
    }

    private String readString() {
        long lengthPlusOne = readUnsigned();
        if (lengthPlusOne == 0) {
            return null;
        }
        long length = lengthPlusOne - 1;
        if (length > bytes.length - position) {
            throw new IllegalArgumentException("string length beyond the end of the input");
        }
        String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    private long readSigned() {
        long zigZag = readUnsigned();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    private long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private int readByte() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("truncated message structure");
        }
        return bytes[position++] & 0xFF;
    }
}
