package org.tegami.auth;

/** A SASL mechanism the server may offer (RFC 4422). */
public interface SaslMechanism {

    /** The registered name, upper case (e.g. {@code PLAIN}). */
    String name();

    /**
     * Whether the mechanism works, and may be offered, on a connection like this: CAPABILITY, EHLO and the
     * lookup for AUTHENTICATE/AUTH all ask this one question.
     */
    boolean offeredIn(SaslContext context);

    /** Begins an exchange on a connection for which {@link #offeredIn} is true. */
    SaslExchange start(SaslContext context);
}
