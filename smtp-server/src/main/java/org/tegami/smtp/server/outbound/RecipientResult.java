package org.tegami.smtp.server.outbound;

import java.util.Optional;
import org.tegami.smtp.protocol.Reply;
import org.tegami.store.DeliveryState;

/**
 * What one attempt did for one recipient.
 *
 * @param recipient the address as queued
 * @param state     DELIVERED, FAILED or (to try again) PENDING
 * @param status    the RFC 3463 enhanced status code, for the notification's Status field
 * @param text      the remote reply or the local reason, as recorded in the queue
 * @param remoteMta the host that answered, when one did (RFC 3464 §2.3.5)
 * @param reply     the remote reply that decided, when there was one (RFC 3464 §2.3.6 Diagnostic-Code)
 */
public record RecipientResult(
        String recipient,
        DeliveryState state,
        String status,
        String text,
        Optional<String> remoteMta,
        Optional<Reply> reply) {

    /** The result a remote reply gives: 2xx delivered, 5xx failed, 4xx to try again (RFC 5321 §4.2.1). */
    static RecipientResult fromReply(String recipient, String host, Reply reply) {
        DeliveryState state = reply.isPositive() ? DeliveryState.DELIVERED
                : reply.isTransientFailure() ? DeliveryState.PENDING : DeliveryState.FAILED;
        return new RecipientResult(recipient, state, statusOf(reply), describe(reply), Optional.of(host),
                Optional.of(reply));
    }

    /** A result decided here, without a remote reply. */
    static RecipientResult local(String recipient, DeliveryState state, String status, String text) {
        return new RecipientResult(recipient, state, status, text, Optional.empty(), Optional.empty());
    }

    /** The same outcome for another state and status, the rest kept (for expiry). */
    RecipientResult as(DeliveryState newState, String newStatus, String newText) {
        return new RecipientResult(recipient, newState, newStatus, newText, remoteMta, reply);
    }

    /** RFC 3463 §3.1: without an enhanced code, the class alone (x.0.0) is what is known. */
    static String statusOf(Reply reply) {
        return reply.enhancedCode() != null ? reply.enhancedCode() : (reply.code() / 100) + ".0.0";
    }

    /** The reply on one line: {@code 550 5.1.1 No such user}. */
    static String describe(Reply reply) {
        StringBuilder sb = new StringBuilder().append(reply.code());
        if (reply.enhancedCode() != null) {
            sb.append(' ').append(reply.enhancedCode());
        }
        for (String line : reply.lines()) {
            if (!line.isBlank()) {
                sb.append(' ').append(line.strip());
            }
        }
        return sb.toString();
    }
}
