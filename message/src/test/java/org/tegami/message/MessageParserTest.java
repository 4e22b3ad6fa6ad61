package org.tegami.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tegami.message.Samples.body;
import static org.tegami.message.Samples.load;
import static org.tegami.message.Samples.mime;
import static org.tegami.message.Samples.slice;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageParserTest {

    @Test
    void simpleMessageWithoutContentTypeDefaultsToUsAsciiTextPlain() {
        byte[] raw = load("simple.eml");
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart body = parsed.structure().body();

        assertEquals("text", body.type());
        assertEquals("plain", body.subtype());
        assertEquals(List.of(new Parameter("charset", "us-ascii")), body.parameters());
        assertEquals("7BIT", body.encoding());
        assertEquals(0, body.headerStart());
        assertTrue(slice(raw, 0, body.bodyStart()).endsWith("In-Reply-To: <0@example.org>\r\n\r\n"));
        assertEquals("Hello Bob,\r\nhow are you?\r\n", body(raw, body));
        assertEquals(raw.length, body.bodyEnd());
        assertEquals(body.bodyEnd() - body.bodyStart(), body.bodyOctets());
        assertEquals(2, body.bodyLines());
        assertEquals("Hello Bob,\r\nhow are you?\r\n", parsed.bodyText());
    }

    @Test
    void simpleMessageEnvelopeAndDate() {
        MessageStructure structure = MessageParser.parse(load("simple.eml")).structure();
        Envelope envelope = structure.envelope();

        assertEquals("Tue, 1 Jul 2025 10:15:30 +0200", envelope.date());
        assertEquals("Hello", envelope.subject());
        assertEquals(List.of(new Address("Alice Example", null, "alice", "example.org")), envelope.from());
        assertEquals(List.of(
                new Address("Bob", null, "bob", "example.net"),
                new Address("Carol C", null, "carol", "example.com")), envelope.to());
        assertEquals(List.of(), envelope.sender());
        assertEquals(List.of(), envelope.cc());
        assertEquals("<1@example.org>", envelope.messageId());
        assertEquals("<0@example.org>", envelope.inReplyTo());
        assertEquals(OffsetDateTime.parse("2025-07-01T10:15:30+02:00"), structure.sentDate());
    }

    @Test
    void quotedPrintableUtf8TextIsDecodedForSearch() {
        ParsedMessage parsed = MessageParser.parse(load("quoted-printable.eml"));
        BodyPart body = parsed.structure().body();

        assertEquals("text", body.type());
        assertEquals("plain", body.subtype());
        assertEquals(List.of(new Parameter("charset", "UTF-8"), new Parameter("format", "flowed")), body.parameters());
        assertEquals("QUOTED-PRINTABLE", body.encoding());
        assertEquals("Schöne Grüße aus Köln\r\n", parsed.bodyText());
        assertEquals("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", parsed.structure().envelope().subject());
        assertEquals(new HeaderField("Subject", "Grüße"), parsed.headers().get(1));
        assertEquals(OffsetDateTime.parse("2025-01-02T08:00-05:00"), parsed.structure().sentDate());
    }

    @Test
    void multipartAlternativeSkipsPreambleAndEpilogue() {
        byte[] raw = load("alternative.eml");
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart body = parsed.structure().body();

        assertTrue(body.isMultipart());
        assertEquals("alternative", body.subtype());
        assertEquals("alt-1", body.parameter("boundary"));
        assertEquals(0, body.bodyLines());
        assertTrue(body(raw, body).startsWith("This is a preamble.\r\n--alt-1\r\n"));
        assertEquals(2, body.parts().size());

        BodyPart plain = body.parts().get(0);
        assertEquals("Content-Type: text/plain; charset=utf-8\r\n\r\n", mime(raw, plain));
        assertEquals("plain text", body(raw, plain));
        assertEquals(1, plain.bodyLines());
        assertEquals(10, plain.bodyOctets());

        BodyPart html = body.parts().get(1);
        assertEquals("html", html.subtype());
        assertEquals("<p>html text</p>", body(raw, html));
        assertEquals("plain text\n<p>html text</p>", parsed.bodyText());
    }

    @Test
    void attachmentWithRfc2231ParametersAndAllContentFields() {
        byte[] raw = load("mixed-attachment.eml");
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart attachment = parsed.structure().body().parts().get(1);

        assertEquals("application", attachment.type());
        assertEquals("pdf", attachment.subtype());
        assertEquals(List.of(new Parameter("name", "longname.pdf")), attachment.parameters());
        assertEquals("BASE64", attachment.encoding());
        assertEquals("JVBERi0xLjQK", body(raw, attachment));
        assertEquals(0, attachment.bodyLines());
        assertEquals(new Disposition("attachment", List.of(
                new Parameter("filename", "résumé.pdf"), new Parameter("size", "9"))), attachment.disposition());
        assertEquals("<pdf@example.org>", attachment.contentId());
        assertEquals("A CV", attachment.description());
        assertEquals("Q2hlY2sgSW50ZWdyaXR5IQ==", attachment.md5());
        assertEquals(List.of("en", "de"), attachment.language());
        assertEquals("http://example.org/cv.pdf", attachment.location());
        assertEquals("see attached", parsed.bodyText());
    }

    @Test
    void nestedMultipartKeepsInnerBoundaryApartFromOuterPrefix() {
        byte[] raw = load("nested.eml");
        BodyPart body = MessageParser.parse(raw).structure().body();

        assertEquals(2, body.parts().size());
        BodyPart alternative = body.parts().get(0);
        assertEquals("alternative", alternative.subtype());
        assertEquals(2, alternative.parts().size());
        assertEquals("inner plain", body(raw, alternative.parts().get(0)));
        assertEquals("<b>inner html</b>", body(raw, alternative.parts().get(1)));
        assertTrue(body(raw, alternative).endsWith("--b-inner--\r\n"));

        BodyPart notes = body.parts().get(1);
        assertEquals("notes", body(raw, notes));
        assertEquals("notes.txt", notes.parameter("NAME"));
        assertEquals(new Disposition("inline", List.of()), notes.disposition());
    }

    @Test
    void encapsulatedMessageHasItsOwnEnvelopeAndAbsoluteOffsets() {
        byte[] raw = load("rfc822.eml");
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart forwarded = parsed.structure().body().parts().get(1);

        assertEquals("message", forwarded.type());
        assertEquals("rfc822", forwarded.subtype());
        assertTrue(forwarded.isMessage());
        assertEquals("original", forwarded.messageEnvelope().subject());
        assertEquals(List.of(new Address("Dave", null, "dave", "example.com")), forwarded.messageEnvelope().from());
        assertEquals(16, forwarded.bodyLines());

        BodyPart inner = forwarded.messageBody();
        assertEquals(forwarded.bodyStart(), inner.headerStart());
        assertEquals(forwarded.bodyEnd(), inner.bodyEnd());
        assertTrue(slice(raw, inner.headerStart(), inner.bodyStart()).startsWith("From: Dave <dave@example.com>\r\n"));
        assertEquals("mixed", inner.subtype());
        assertEquals("original text", body(raw, inner.parts().get(0)));
        assertEquals("iVBORw0KGgo=", body(raw, inner.parts().get(1)));
        assertEquals("image", inner.parts().get(1).type());
        assertEquals("see forwarded message\noriginal text", parsed.bodyText());
    }

    @Test
    void digestPartsDefaultToMessageRfc822() {
        byte[] raw = load("digest.eml");
        BodyPart digest = MessageParser.parse(raw).structure().body();

        assertEquals(3, digest.parts().size());
        BodyPart first = digest.parts().get(0);
        assertEquals("message", first.type());
        assertEquals("rfc822", first.subtype());
        assertEquals(List.of(), first.parameters());
        assertEquals("first", first.messageEnvelope().subject());
        assertEquals("\r\n", mime(raw, first));
        assertEquals("first body", body(raw, first.messageBody()));
        assertEquals("second", digest.parts().get(1).messageEnvelope().subject());
        assertEquals("text", digest.parts().get(2).type());
        assertFalse(digest.parts().get(2).isMessage());
    }

    @Test
    void encodedWordsStayRawInEnvelopeAndAreDecodedInHeaders() {
        ParsedMessage parsed = MessageParser.parse(load("encoded-words.eml"));
        Envelope envelope = parsed.structure().envelope();

        assertEquals("=?UTF-8?B?w4ljaGFudGlsbG9uIOKCrA==?= =?UTF-8?Q?_suite?=", envelope.subject());
        assertEquals("=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?=", envelope.from().getFirst().name());
        assertEquals("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", envelope.to().getFirst().name());
        assertEquals(List.of(
                new HeaderField("From", "Jörg Müller <joerg@example.de>"),
                new HeaderField("To", "テスト <test@example.jp>"),
                new HeaderField("Subject", "Échantillon € suite")), parsed.headers());
    }

    @Test
    void groupsRoutesAndBrokenAddresses() {
        Envelope envelope = MessageParser.parse(load("groups.eml")).structure().envelope();

        assertEquals(List.of(new Address(null, null, "undisclosed-recipients", null), new Address(null, null, null, null)),
                envelope.to());
        assertEquals(List.of(
                new Address(null, null, "Friends", null),
                new Address(null, null, "a", "example.org"),
                new Address("B, Bee", null, "b", "example.org"),
                new Address(null, null, null, null),
                new Address(null, null, "c", "example.org")), envelope.cc());
        assertEquals(List.of(
                new Address(null, null, "no-domain", "MISSING_DOMAIN"),
                new Address("Quoted \"Name\"", null, "q", "example.org")), envelope.bcc());
        assertEquals(List.of(new Address(null, "@relay1.example,@relay2.example", "user", "example.org")),
                envelope.replyTo());
        assertTrue(envelope.cc().getFirst().isGroupStart());
        assertTrue(envelope.cc().get(3).isGroupEnd());
    }

    @Test
    void lfOnlyLineEndingsGiveExactOffsets() {
        byte[] raw = load("lf-only.eml");
        BodyPart body = MessageParser.parse(raw).structure().body();

        assertTrue(slice(raw, 0, body.bodyStart()).endsWith("boundary=\"lf\"\n\n"));
        assertEquals(2, body.parts().size());
        assertEquals("Content-Type: text/plain\n\n", mime(raw, body.parts().get(0)));
        assertEquals("one", body(raw, body.parts().get(0)));
        assertEquals("two\nline", body(raw, body.parts().get(1)));
        assertEquals(2, body.parts().get(1).bodyLines());
    }

    @Test
    void missingFinalBoundaryEndsLastPartAtEndOfMessage() {
        byte[] raw = load("missing-final-boundary.eml");
        BodyPart body = MessageParser.parse(raw).structure().body();

        assertEquals(2, body.parts().size());
        assertEquals("first", body(raw, body.parts().get(0)));
        BodyPart last = body.parts().get(1);
        assertEquals("\r\n", mime(raw, last));
        assertEquals("last part\r\n", body(raw, last));
        assertEquals(raw.length, last.bodyEnd());
        assertEquals("plain", last.subtype());
    }

    @Test
    void headerOnlyMessageHasEmptyBodyAtTheEnd() {
        byte[] raw = load("header-only.eml");
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart body = parsed.structure().body();

        assertEquals(raw.length, body.bodyStart());
        assertEquals(raw.length, body.bodyEnd());
        assertEquals(0, body.bodyOctets());
        assertEquals(0, body.bodyLines());
        assertEquals("header only", parsed.structure().envelope().subject());
        assertEquals(2, parsed.headers().size());
    }

    @Test
    void absentHeadersAreNullInEnvelope() {
        Envelope envelope = MessageParser.parse(Samples.crlf("X-Other: 1\n\nbody")).structure().envelope();

        assertNull(envelope.date());
        assertNull(envelope.subject());
        assertNull(envelope.messageId());
        assertEquals(List.of(), envelope.from());
    }

    @Test
    void multipartWithoutBoundaryParameterIsTextPlain() {
        BodyPart body = MessageParser.parse(Samples.crlf("Content-Type: multipart/mixed\n\n--x\n\nhi\n--x--\n"))
                .structure().body();

        assertEquals("text", body.type());
        assertEquals(List.of(), body.parts());
    }

    @Test
    void multipartWithoutAnyDelimiterReportsOneEmptyPart() {
        byte[] raw = Samples.crlf("Content-Type: multipart/mixed; boundary=x\n\nno delimiter here\n");
        BodyPart body = MessageParser.parse(raw).structure().body();

        assertEquals(1, body.parts().size());
        BodyPart empty = body.parts().getFirst();
        assertEquals("text", empty.type());
        assertEquals(0, empty.bodyOctets());
        assertEquals(body.bodyStart(), empty.headerStart());
    }

    @Test
    void unparsableContentTypeFallsBackToTextPlain() {
        BodyPart body = MessageParser.parse(Samples.crlf("Content-Type: garbage\n\nx")).structure().body();

        assertEquals("text", body.type());
        assertEquals("plain", body.subtype());
        assertEquals("us-ascii", body.parameter("charset"));
    }

    @Test
    void latin1TextWithUnknownCharsetFallsBackWithoutLosingCharacters() {
        byte[] raw = "Content-Type: text/plain; charset=x-unknown\r\n\r\ncaf\u00e9".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertEquals("café", MessageParser.parse(raw).bodyText());
    }
}
