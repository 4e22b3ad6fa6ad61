package org.tegami.auth;

import org.tegami.store.Account;

/** One step of a SASL exchange, as the protocol layer must answer it. */
public sealed interface SaslStep {

    /** Send this challenge (IMAP {@code + base64}, SMTP {@code 334 base64}) and wait for the client's response. */
    record Challenge(byte[] data) implements SaslStep {
    }

    /** Authenticated as this account. */
    record Success(Account account) implements SaslStep {
    }

    /** The credentials were wrong (answer AUTHENTICATIONFAILED / 535 5.7.8). */
    record Failure() implements SaslStep {
    }

    /** The client's message was malformed (answer BAD / 501 5.5.2). */
    record Malformed(String reason) implements SaslStep {
    }
}
