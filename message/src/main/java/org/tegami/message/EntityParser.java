package org.tegami.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@link BodyPart} tree of one message over its raw bytes, recursing into multipart bodies
 * and encapsulated messages, and gathers the decoded text of its text parts on the way.
 * One instance per message: it accumulates that message's text.
 */
final class EntityParser {
    /**
     * Nesting beyond this depth is not descended into: each level rescans its body, so the bound keeps
     * parsing linear in practice and the recursion shallow.
     */
    static final int MAX_NESTING_DEPTH = 40;

    /**
     * Body parts reported per message at most: a message of millions of empty parts would otherwise cost
     * memory far out of proportion to its size. Past the budget, delimiters are no longer split on and
     * nested entities are left opaque.
     */
    static final int MAX_TOTAL_PARTS = 10_000;

    private static final ContentType OPAQUE = new ContentType("application", "octet-stream", List.of());

    private final byte[] raw;
    private final List<String> texts = new ArrayList<>();
    private int remainingParts = MAX_TOTAL_PARTS;

    EntityParser(byte[] raw) {
        this.raw = raw;
    }

    /** The decoded text of every text part seen so far, in message order, joined by newlines. */
    String bodyText() {
        return String.join("\n", texts);
    }

    /** Parses the entity whose header is {@code header} and whose body ends at {@code end}. */
    BodyPart parse(HeaderSection header, int end, ContentType absentDefault, int depth) {
        remainingParts--;
        int bodyStart = header.bodyStart();
        ContentType contentType = ContentType.parse(header.first("Content-Type"), absentDefault);
        String encoding = transferEncoding(header.first("Content-Transfer-Encoding"));
        String boundary = contentType.parameter("boundary");
        if (contentType.isMultipart() && (boundary == null || boundary.isEmpty())) {
            // RFC 2046 §5.1.1 makes the boundary mandatory; without one the body cannot be split.
            contentType = ContentType.TEXT_PLAIN_DEFAULT;
        }
        boolean descend = depth < MAX_NESTING_DEPTH && remainingParts > 0;
        if (!descend && (contentType.isMultipart() || contentType.isEncapsulatedMessage())) {
            contentType = OPAQUE;
        }

        List<BodyPart> children = List.of();
        Envelope messageEnvelope = null;
        BodyPart messageBody = null;
        long lines = 0;
        if (contentType.isMultipart()) {
            children = parseChildren(bodyStart, end, boundary, contentType.subtype(), depth);
        } else if (contentType.isEncapsulatedMessage() && isIdentityEncoding(encoding)) {
            // RFC 2046 §5.2.1: the encapsulated message is itself a complete message at these offsets.
            HeaderSection inner = HeaderSection.parse(raw, bodyStart, end);
            messageEnvelope = EnvelopeReader.read(inner);
            messageBody = parse(inner, end, ContentType.TEXT_PLAIN_DEFAULT, depth + 1);
            lines = LineScanner.countLines(raw, bodyStart, end);
        } else if (contentType.isEncapsulatedMessage() || contentType.isText()) {
            lines = LineScanner.countLines(raw, bodyStart, end);
        }
        if (contentType.isText()) {
            texts.add(TextDecoder.decode(raw, bodyStart, end, encoding, contentType.parameter("charset")));
        }

        return new BodyPart(
                header.headerStart(), bodyStart, end,
                contentType.type(), contentType.subtype(), contentType.parameters(),
                header.first("Content-ID"),
                header.first("Content-Description"),
                encoding,
                end - bodyStart,
                lines,
                header.first("Content-MD5"),
                disposition(header.first("Content-Disposition")),
                languages(header.first("Content-Language")),
                header.first("Content-Location"),
                children,
                messageEnvelope,
                messageBody);
    }

    private List<BodyPart> parseChildren(int bodyStart, int end, String boundary, String subtype, int depth) {
        ContentType childDefault = "digest".equals(subtype)
                ? ContentType.MESSAGE_RFC822_DEFAULT
                : ContentType.TEXT_PLAIN_DEFAULT;
        List<BodyPart> children = new ArrayList<>();
        List<MultipartSplitter.Region> regions =
                MultipartSplitter.split(raw, bodyStart, end, boundary, Math.max(1, remainingParts));
        for (MultipartSplitter.Region region : regions) {
            HeaderSection childHeader = HeaderSection.parse(raw, region.start(), region.end());
            children.add(parse(childHeader, region.end(), childDefault, depth + 1));
        }
        if (children.isEmpty()) {
            // A multipart must have at least one part (RFC 2046 §5.1.1); with no delimiter found, report
            // one empty text/plain part so that consumers never see an empty multipart.
            HeaderSection empty = new HeaderSection(bodyStart, bodyStart, List.of());
            children.add(parse(empty, bodyStart, ContentType.TEXT_PLAIN_DEFAULT, depth + 1));
        }
        return children;
    }

    /** RFC 2045 §6.1: the mechanism is case-insensitive; absent means 7bit. */
    private static String transferEncoding(String value) {
        if (value == null) {
            return "7BIT";
        }
        String mechanism = HeaderText.trimWhitespace(ParameterizedValue.withoutComments(value));
        return mechanism.isEmpty() ? "7BIT" : mechanism.toUpperCase(Locale.ROOT);
    }

    private static boolean isIdentityEncoding(String encoding) {
        return encoding.equals("7BIT") || encoding.equals("8BIT") || encoding.equals("BINARY");
    }

    /** RFC 2183 §2: disposition type (kept as sent) and parameters. */
    private static Disposition disposition(String value) {
        if (value == null) {
            return null;
        }
        ParameterizedValue parsed = ParameterizedValue.parse(value);
        return new Disposition(parsed.value(), parsed.parameters());
    }

    /** RFC 3282 §2: a comma-separated list of language tags. */
    private static List<String> languages(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (String tag : ParameterizedValue.withoutComments(value).split(",")) {
            String trimmed = HeaderText.trimWhitespace(tag);
            if (!trimmed.isEmpty()) {
                tags.add(trimmed);
            }
        }
        return tags;
    }
}
