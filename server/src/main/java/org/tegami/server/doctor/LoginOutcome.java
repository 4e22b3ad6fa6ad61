package org.tegami.server.doctor;

/**
 * How one login attempt went.
 *
 * @param reply the server's answer, or what stopped the attempt, for the report
 */
record LoginOutcome(Kind kind, String reply) {

    enum Kind {
        /** The server accepted the user name and password. */
        ACCEPTED,
        /** The server answered and refused them. */
        REFUSED,
        /** No answer to judge: no connection, no TLS, or the conversation broke off. */
        UNAVAILABLE
    }
}
