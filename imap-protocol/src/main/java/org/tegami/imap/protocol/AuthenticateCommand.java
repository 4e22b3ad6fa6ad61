package org.tegami.imap.protocol;

import java.util.Locale;

/**
 * AUTHENTICATE (RFC 9051 §6.2.2) with optional SASL-IR initial response (RFC 4959). {@code mechanism}
 * is upper-cased; {@code initialResponse} is {@code null} when absent, empty for {@code =}, otherwise the
 * base64-decoded bytes (invalid base64 is a syntax error).
 */
public record AuthenticateCommand(String tag, String mechanism, byte[] initialResponse) implements ImapCommand {

    /**
     * RFC 9051 §9: authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")] (RFC 4959 §7 SASL-IR);
     * base64 = *(4base64-char) [base64-terminal], decoded strictly.
     */
    static AuthenticateCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing authentication mechanism");
        String mechanism = in.readAtom("Missing authentication mechanism").toUpperCase(Locale.ROOT);
        byte[] initialResponse = null;
        if (in.tryConsume(' ')) {
            if (in.tryConsume('=')) {
                initialResponse = new byte[0]; // RFC 4959 §3: "=" is an empty initial response
            } else {
                initialResponse = StrictBase64.decode(in.readAtom("Invalid initial response"));
                if (initialResponse == null) {
                    throw in.fail("Invalid base64 in initial response");
                }
            }
        }
        return new AuthenticateCommand(tag, mechanism, initialResponse);
    }
}
