package org.tegami.smtp.server;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.message.Address;
import org.tegami.message.Envelope;
import org.tegami.message.MessageParser;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.delivery.AcceptedRecipient;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.store.Account;
import org.tegami.store.StoreError;

/**
 * What happens to a complete message: the checks a receiving server makes, the headers it adds
 * (Received everywhere; Message-ID and Date on submission when missing, RFC 6409 §8), then durable
 * delivery or queueing, the sent copy of a submission, and the reply — one for SMTP, one per recipient
 * for LMTP (RFC 2033 §4.2).
 */
final class MessageIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);

    private MessageIntake() {
    }

    static void accept(SmtpContext context, SmtpSessionState.InTransaction state, byte[] message, boolean tooLarge,
                       boolean bareLineEnding) {
        SmtpSessionState.MailTransaction transaction = state.transaction();
        context.setState(state.greeted());
        int replies = context.mode() == SmtpMode.LMTP ? transaction.recipients().size() : 1;
        Reply refusal = null;
        if (tooLarge) {
            refusal = Replies.TOO_BIG;
        } else if (bareLineEnding) {
            // RFC 5321 §2.3.8: CR and LF only as CRLF. Refusing the whole message is what keeps a smuggled
            // second message (SMTP smuggling) from ever being delivered.
            refusal = Reply.of(550, "5.6.0", "Message contains a bare CR or LF; line ends must be CRLF");
        }
        byte[] prepared = message;
        if (refusal == null && context.mode() == SmtpMode.SUBMISSION) {
            Envelope envelope = MessageParser.parse(message).structure().envelope();
            refusal = checkFrom(context, state.greeted(), envelope);
            if (refusal == null) {
                prepared = completeHeaders(context, envelope, message);
            }
        }
        if (refusal != null) {
            context.countError();
            for (int i = 0; i < replies; i++) {
                context.reply(refusal);
            }
            return;
        }
        // What the client would APPEND to its Sent mailbox: its bytes with only the completed headers.
        byte[] submitted = prepared;
        prepared = prepend(received(context, state.greeted(), transaction), prepared);
        if (context.mode() == SmtpMode.LMTP) {
            for (AcceptedRecipient recipient : transaction.recipients()) {
                context.reply(deliver(context, transaction, List.of(recipient), prepared));
            }
            return;
        }
        Reply reply = deliver(context, transaction, transaction.recipients(), prepared);
        if (reply.isPositive() && context.mode() == SmtpMode.SUBMISSION) {
            context.rateLimiter().record(state.greeted().account().id());
            fileSentCopy(context, state.greeted().account(), submitted);
        }
        context.reply(reply);
    }

    /**
     * Files the sent copy before the 250 goes out, so a client that reads its Sent mailbox right after finds
     * it. The message is already delivered or queued: a failure here is logged and must not turn the reply
     * into an error, or the client would send the message again and its recipients would get it twice.
     */
    private static void fileSentCopy(SmtpContext context, Account account, byte[] submitted) {
        try {
            context.sentCopy().file(account, submitted);
        } catch (RuntimeException e) {
            LOG.warn("session {}: the sent copy for {} could not be filed", context.sessionId(), account.address(), e);
        }
    }

    private static Reply deliver(SmtpContext context, SmtpSessionState.MailTransaction transaction,
                                 List<AcceptedRecipient> recipients, byte[] message) {
        try {
            MailRouter.Routed routed = context.router().route(transaction.sender(), transaction.parameters(),
                    recipients, message);
            if (!routed.overQuota().isEmpty()) {
                if (routed.overQuota().size() == routed.localAccounts() && routed.queued() == null) {
                    // RFC 3463 §3.3: X.2.2 mailbox full; nobody got the message, so the sender may try again.
                    return Reply.of(552, "5.2.2", "Mailbox full");
                }
                // The others have it and cannot be told apart in one SMTP reply; RCPT refuses a full mailbox
                // beforehand, so this is an account that filled up between RCPT and the end of DATA.
                LOG.warn("session {}: {} account(s) over quota did not get the message from <{}>", context.sessionId(),
                        routed.overQuota().size(), transaction.sender());
            }
            String id = routed.queued() == null ? context.sessionId() : "Q" + routed.queued().id().value();
            LOG.info("session {}: accepted message from <{}> for {} recipient(s) as {}", context.sessionId(),
                    transaction.sender(), recipients.size(), id);
            return Reply.of(250, "2.0.0", "OK: message accepted as " + id);
        } catch (StoreError e) {
            return switch (e.kind()) {
                case OVER_QUOTA -> Reply.of(552, "5.2.2", "Mailbox full");
                case TOO_BIG -> Replies.TOO_BIG;
                default -> {
                    LOG.warn("session {}: delivery failed: {}", context.sessionId(), e.getMessage());
                    yield Replies.TRY_LATER;
                }
            };
        }
    }

    /** RFC 6409 §6.1: a submission server may refuse a From it knows the user does not own. */
    private static Reply checkFrom(SmtpContext context, SmtpSessionState.Greeted greeted, Envelope envelope) {
        if (envelope.from().isEmpty()) {
            return Reply.of(550, "5.6.0", "The message has no From: header");
        }
        Set<String> allowed = context.recipients().sendableAddresses(greeted.account());
        for (Address from : envelope.from()) {
            if (from.mailbox() == null || from.host() == null) {
                continue;
            }
            String address = (from.mailbox() + "@" + from.host()).toLowerCase(Locale.ROOT);
            if (!allowed.contains(address)) {
                return Reply.of(553, "5.7.1", "From: address not owned by " + greeted.account().address());
            }
        }
        return null;
    }

    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ENGLISH);

    /** RFC 6409 §8.3 and §8.4: a submission server adds Date and Message-ID when the client did not. */
    private static byte[] completeHeaders(SmtpContext context, Envelope envelope, byte[] message) {
        StringBuilder added = new StringBuilder();
        if (envelope.date() == null) {
            added.append("Date: ").append(RFC_5322.format(ZonedDateTime.now())).append("\r\n");
        }
        if (envelope.messageId() == null) {
            added.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(context.settings().hostname())
                    .append(">\r\n");
        }
        return added.isEmpty() ? message : prepend(added.toString(), message);
    }

    /** The trace header (RFC 5321 §4.4) with the protocol keywords of RFC 3848. */
    private static String received(SmtpContext context, SmtpSessionState.Greeted greeted,
                                   SmtpSessionState.MailTransaction transaction) {
        String protocol = context.mode() == SmtpMode.LMTP ? "LMTP" : greeted.extended() ? "ESMTP" : "SMTP";
        if (context.tls()) {
            protocol += "S";
        }
        if (greeted.account() != null) {
            protocol += "A";
        }
        StringBuilder sb = new StringBuilder("Received: from ")
                .append(greeted.clientDomain().replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?"))
                .append(" ([").append(context.clientAddress().getHostAddress()).append("])\r\n\tby ")
                .append(context.settings().hostname()).append(" (Tegami) with ").append(protocol)
                .append(" id ").append(context.sessionId());
        if (transaction.recipients().size() == 1) {
            sb.append("\r\n\tfor <").append(transaction.recipients().getFirst().address()).append('>');
        }
        sb.append("; ").append(RFC_5322.format(ZonedDateTime.now())).append("\r\n");
        return sb.toString();
    }

    private static byte[] prepend(String header, byte[] message) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + message.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        return out;
    }
}
