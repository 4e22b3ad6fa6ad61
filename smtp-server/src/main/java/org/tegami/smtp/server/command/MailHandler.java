package org.tegami.smtp.server.command;

import java.util.Locale;
import org.tegami.smtp.protocol.BodyType;
import org.tegami.smtp.protocol.MailCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.Replies;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpSessionState;

/**
 * MAIL FROM (RFC 5321 §4.1.1.2). On submission the sender must be authenticated and may only use its own
 * address or its aliases (RFC 6409 §6.1); the declared SIZE is checked against the limit (RFC 1870 §6.1).
 */
public final class MailHandler implements SmtpHandler<MailCommand> {
    @Override
    public void handle(MailCommand command, SmtpContext context) {
        SmtpSessionState.Greeted greeted = (SmtpSessionState.Greeted) context.state();
        if (context.mode() == SmtpMode.SUBMISSION) {
            if (!context.tls()) {
                context.reply(Replies.NEEDS_TLS);
                return;
            }
            if (greeted.account() == null) {
                context.reply(Replies.NEEDS_AUTH);
                return;
            }
            String sender = command.reversePath().toLowerCase(Locale.ROOT);
            if (sender.isEmpty() || !context.recipients().sendableAddresses(greeted.account()).contains(sender)) {
                context.countError();
                context.reply(Reply.of(553, "5.7.1", "Sender address not owned by " + greeted.account().address()));
                return;
            }
            if (!context.rateLimiter().allows(greeted.account().id())) {
                context.reply(Reply.of(450, "4.7.1", "Too many messages sent in the last hour; try again later"));
                return;
            }
        }
        Long declared = command.parameters().size();
        if (declared != null && declared > context.settings().limits().maxMessageBytes()) {
            context.reply(Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size"));
            return;
        }
        if (command.parameters().body() == BodyType.BINARY_MIME) {
            context.reply(Reply.of(555, "5.5.4", "BODY=BINARYMIME is not supported"));
            return;
        }
        if (command.parameters().requireTls() && !context.tls()) {
            // RFC 8689 §4.1: REQUIRETLS is valid only on a TLS session.
            context.reply(Reply.of(530, "5.7.10", "REQUIRETLS needs a TLS session"));
            return;
        }
        context.setState(new SmtpSessionState.InTransaction(greeted,
                new SmtpSessionState.MailTransaction(command.reversePath(), command.parameters())));
        context.reply(Reply.of(250, "2.1.0", "Sender OK"));
    }
}
