package org.tegami.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a stored message once, on arrival, into what FETCH and SEARCH need (Apache James mime4j).
 * Total: any byte sequence gives a result; malformed MIME is parsed as leniently as mail clients do.
 *
 * <p>Entity boundaries are found by scanning the raw bytes directly, so every offset in the result is
 * an exact offset into {@code raw}, whatever its line endings; mime4j decodes encoded words and
 * transfer encodings.
 */
public final class MessageParser {
    private MessageParser() {
    }

    public static ParsedMessage parse(byte[] raw) {
        try {
            return parseMessage(raw);
        } catch (RuntimeException unexpected) {
            // Totality matters more than detail: a message the parser cannot handle is still stored and
            // served, as one text/plain body.
            return opaque(raw);
        }
    }

    private static ParsedMessage parseMessage(byte[] raw) {
        HeaderSection header = HeaderSection.parse(raw, 0, raw.length);
        EntityParser entities = new EntityParser(raw);
        BodyPart body = entities.parse(header, raw.length, ContentType.TEXT_PLAIN_DEFAULT, 0);
        MessageStructure structure = new MessageStructure(
                EnvelopeReader.read(header), body, SentDateParser.parse(header.first("Date")));
        return new ParsedMessage(structure, decodedFields(header), entities.bodyText());
    }

    /** Every header field with RFC 2047 encoded words decoded, for SEARCH HEADER/SUBJECT/FROM…. */
    private static List<HeaderField> decodedFields(HeaderSection header) {
        List<HeaderField> fields = new ArrayList<>(header.fields().size());
        for (RawHeaderField field : header.fields()) {
            fields.add(new HeaderField(field.name(), decodeEncodedWords(field.value())));
        }
        return fields;
    }

    private static String decodeEncodedWords(String value) {
        return EncodedWords.decode(value);
    }

    private static ParsedMessage opaque(byte[] raw) {
        BodyPart body = new BodyPart(0, 0, raw.length, "text", "plain",
                ContentType.TEXT_PLAIN_DEFAULT.parameters(), null, null, "7BIT", raw.length,
                LineScanner.countLines(raw, 0, raw.length), null, null, List.of(), null, List.of(), null, null);
        Envelope envelope = new Envelope(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null);
        return new ParsedMessage(new MessageStructure(envelope, body, null), List.of(),
                HeaderText.decodeUtf8OrLatin1(raw, 0, raw.length));
    }
}
