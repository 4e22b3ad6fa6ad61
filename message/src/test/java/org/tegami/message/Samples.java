package org.tegami.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The sample messages under src/test/resources/messages, and slicing helpers for offset checks. */
final class Samples {
    static final List<String> NAMES = List.of(
            "simple.eml", "quoted-printable.eml", "alternative.eml", "mixed-attachment.eml", "nested.eml",
            "rfc822.eml", "digest.eml", "encoded-words.eml", "groups.eml", "missing-final-boundary.eml",
            "header-only.eml", "lf-only.eml");

    private Samples() {
    }

    static byte[] load(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/messages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String slice(byte[] raw, long from, long to) {
        return new String(raw, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    /** What IMAP serves as BODY[section]: the body bytes of the part. */
    static String body(byte[] raw, BodyPart part) {
        return slice(raw, part.bodyStart(), part.bodyEnd());
    }

    /** What IMAP serves as BODY[section.MIME]: the header bytes of the part, blank line included. */
    static String mime(byte[] raw, BodyPart part) {
        return slice(raw, part.headerStart(), part.bodyStart());
    }
}
