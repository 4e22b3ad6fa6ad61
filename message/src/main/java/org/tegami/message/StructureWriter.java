package org.tegami.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/** Writes the {@link StructureCodec} layout. */
final class StructureWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] toByteArray() {
        return out.toByteArray();
    }

    void writeVersionedStructure(MessageStructure structure) {
        out.write(StructureCodec.FORMAT_VERSION);
        writeEnvelope(structure.envelope());
        writeBodyPart(structure.body());
        writeDate(structure.sentDate());
    }

    private void writeEnvelope(Envelope envelope) {
        if (!writePresence(envelope)) {
            return;
        }
        writeString(envelope.date());
        writeString(envelope.subject());
        writeAddresses(envelope.from());
        writeAddresses(envelope.sender());
        writeAddresses(envelope.replyTo());
        writeAddresses(envelope.to());
        writeAddresses(envelope.cc());
        writeAddresses(envelope.bcc());
        writeString(envelope.inReplyTo());
        writeString(envelope.messageId());
    }

    private void writeAddresses(List<Address> addresses) {
        writeUnsigned(addresses.size());
        for (Address address : addresses) {
            writeString(address.name());
            writeString(address.adl());
            writeString(address.mailbox());
            writeString(address.host());
        }
    }

    private void writeBodyPart(BodyPart part) {
        if (!writePresence(part)) {
            return;
        }
        writeSigned(part.headerStart());
        writeSigned(part.bodyStart());
        writeSigned(part.bodyEnd());
        writeString(part.type());
        writeString(part.subtype());
        writeParameters(part.parameters());
        writeString(part.contentId());
        writeString(part.description());
        writeString(part.encoding());
        writeSigned(part.bodyOctets());
        writeSigned(part.bodyLines());
        writeString(part.md5());
        if (writePresence(part.disposition())) {
            writeString(part.disposition().type());
            writeParameters(part.disposition().parameters());
        }
        writeUnsigned(part.language().size());
        for (String language : part.language()) {
            writeString(language);
        }
        writeString(part.location());
        writeUnsigned(part.parts().size());
        for (BodyPart child : part.parts()) {
            writeBodyPart(child);
        }
        writeEnvelope(part.messageEnvelope());
        writeBodyPart(part.messageBody());
    }

    private void writeParameters(List<Parameter> parameters) {
        writeUnsigned(parameters.size());
        for (Parameter parameter : parameters) {
            writeString(parameter.name());
            writeString(parameter.value());
        }
    }

    private void writeDate(OffsetDateTime date) {
        if (writePresence(date)) {
            writeSigned(date.toEpochSecond());
            writeUnsigned(date.getNano());
            writeSigned(date.getOffset().getTotalSeconds());
        }
    }

    private boolean writePresence(Object value) {
        out.write(value == null ? 0 : 1);
        return value != null;
    }

    private void writeString(String value) {
        if (value == null) {
            writeUnsigned(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length + 1L);
        out.writeBytes(utf8);
    }

    /** Zig-zag, so that small negative numbers stay short too. */
    private void writeSigned(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    /** LEB128: seven bits per byte, high bit set on all but the last. */
    private void writeUnsigned(long value) {
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            out.write((int) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.write((int) remaining);
    }
}
