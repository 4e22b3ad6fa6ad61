package org.tegami.message;

import java.util.List;

/** Reads the IMAP envelope (RFC 9051 §7.5.2) of a message from its header section. */
final class EnvelopeReader {
    private EnvelopeReader() {
    }

    static Envelope read(HeaderSection header) {
        return new Envelope(
                header.first("Date"),
                header.first("Subject"),
                addresses(header, "From"),
                addresses(header, "Sender"),
                addresses(header, "Reply-To"),
                addresses(header, "To"),
                addresses(header, "Cc"),
                addresses(header, "Bcc"),
                header.first("In-Reply-To"),
                header.first("Message-ID"));
    }

    private static List<Address> addresses(HeaderSection header, String name) {
        String value = header.first(name);
        return value == null ? List.of() : AddressListParser.parse(value);
    }
}
