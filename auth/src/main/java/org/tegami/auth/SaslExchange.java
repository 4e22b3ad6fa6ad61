package org.tegami.auth;

/**
 * The server side of one SASL authentication (RFC 4422), used identically by IMAP AUTHENTICATE and
 * SMTP AUTH. Not thread-safe; one per attempt.
 */
public interface SaslExchange {

    /**
     * Evaluates the client's next message ({@code null} when the client gave no initial response, so the
     * mechanism starts with a challenge). Returns what to answer.
     */
    SaslStep evaluate(byte[] response);
}
