package org.tegami.message;

/**
 * A compact, versioned binary form of {@link MessageStructure} for storing beside the message.
 *
 * <p>Layout: one byte of format version, then the structure field by field in record order. Every
 * nullable value is preceded by a presence byte (0 or 1) or, for strings, carried as a length + 1
 * with 0 meaning {@code null}; integers are LEB128 varints (signed ones zig-zag encoded); strings are
 * UTF-8; lists are a count followed by their elements.
 */
public final class StructureCodec {
    /** Bump when the layout changes; {@link #decode} refuses versions it does not know. */
    static final int FORMAT_VERSION = 1;

    private StructureCodec() {
    }

    public static byte[] encode(MessageStructure structure) {
        StructureWriter writer = new StructureWriter();
        writer.writeVersionedStructure(structure);
        return writer.toByteArray();
    }

    /** Decodes what {@link #encode} produced; throws IllegalArgumentException on corrupt or unknown-version input. */
    public static MessageStructure decode(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("no structure bytes");
        }
        try {
            return new StructureReader(bytes).readVersionedStructure();
        } catch (IllegalArgumentException corrupt) {
            throw corrupt;
        } catch (RuntimeException corrupt) {
            throw new IllegalArgumentException("corrupt message structure", corrupt);
        }
    }
}
