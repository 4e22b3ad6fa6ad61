package org.tegami.message;

/** A compact, versioned binary form of {@link MessageStructure} for storing beside the message. */
public final class StructureCodec {
    private StructureCodec() {
    }

    public static byte[] encode(MessageStructure structure) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /** Decodes what {@link #encode} produced; throws IllegalArgumentException on corrupt or unknown-version input. */
    public static MessageStructure decode(byte[] bytes) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
