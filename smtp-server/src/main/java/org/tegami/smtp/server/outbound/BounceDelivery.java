package org.tegami.smtp.server.outbound;

/**
 * Takes a delivery status notification to the sender of a failed message. The server wires it to local
 * delivery or to the queue; the notification travels with the null reverse path ({@code MAIL FROM:<>},
 * RFC 5321 §4.5.5), so a notification that fails in turn is never answered by another.
 */
@FunctionalInterface
public interface BounceDelivery {

    /** Delivers {@code message} (a complete RFC 5322 message, CRLF line ends) to {@code recipient}. */
    void deliver(String recipient, byte[] message);
}
