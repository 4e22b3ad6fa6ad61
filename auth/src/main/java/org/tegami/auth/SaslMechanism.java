package org.tegami.auth;

/** A SASL mechanism the server offers. */
public interface SaslMechanism {

    /** The registered name, upper case (e.g. {@code PLAIN}). */
    String name();

    /** Begins an exchange. */
    SaslExchange start();
}
