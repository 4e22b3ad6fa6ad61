package org.tegami.message;

import java.util.List;

/**
 * One MIME entity of a stored message, with the byte offsets that let a server serve
 * {@code BODY[1.2.MIME]}, {@code BODY[1.2]} or {@code BODY[1.2.TEXT]} by slicing the stored bytes
 * instead of parsing the message again.
 *
 * <ul>
 *   <li>{@code headerStart} — offset of this entity's first header byte (for the top level: 0);</li>
 *   <li>{@code bodyStart} — offset of the first body byte, just after the blank line ending the header;
 *       equals the end of the header section including its terminating empty line;</li>
 *   <li>{@code bodyEnd} — offset just past the body (exclusive). For a multipart child this is before the
 *       CRLF that precedes the next boundary delimiter (RFC 2046 §5.1.1: that CRLF belongs to the delimiter).</li>
 * </ul>
 *
 * <p>{@code type}/{@code subtype} are lower-case; when the header is absent or unparsable they default per
 * RFC 2045 §5.2 ({@code text/plain; charset=us-ascii}, or {@code message/rfc822} inside multipart/digest).
 * {@code bodyOctets} is {@code bodyEnd - bodyStart}; {@code bodyLines} counts lines for text/* and
 * message/rfc822 parts, 0 otherwise. {@code parts} is non-empty only for multipart/*; {@code messageEnvelope}
 * and {@code messageBody} are set only for message/rfc822 and message/global.
 */
public record BodyPart(
        long headerStart,
        long bodyStart,
        long bodyEnd,
        String type,
        String subtype,
        List<Parameter> parameters,
        String contentId,
        String description,
        String encoding,
        long bodyOctets,
        long bodyLines,
        String md5,
        Disposition disposition,
        List<String> language,
        String location,
        List<BodyPart> parts,
        Envelope messageEnvelope,
        BodyPart messageBody) {

    public BodyPart {
        parameters = List.copyOf(parameters);
        language = List.copyOf(language);
        parts = List.copyOf(parts);
    }

    public boolean isMultipart() {
        return "multipart".equals(type);
    }

    public boolean isMessage() {
        return messageBody != null;
    }

    /** The value of a Content-Type parameter (case-insensitive name), or {@code null}. */
    public String parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }
}
