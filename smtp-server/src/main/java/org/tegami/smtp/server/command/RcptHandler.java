package org.tegami.smtp.server.command;

import java.util.Optional;
import org.tegami.smtp.protocol.RcptCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.protocol.SmtpCommandParser;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpSessionState;
import org.tegami.smtp.server.delivery.AcceptedRecipient;
import org.tegami.smtp.server.delivery.Resolution;

/**
 * RCPT TO (RFC 5321 §4.1.1.3). Submission accepts any address (remote ones are queued); MX and LMTP accept
 * only addresses of local domains that an account, alias or catch-all takes — never an open relay.
 */
public final class RcptHandler implements SmtpHandler<RcptCommand> {
    @Override
    public void handle(RcptCommand command, SmtpContext context) {
        SmtpSessionState.MailTransaction transaction = ((SmtpSessionState.InTransaction) context.state()).transaction();
        if (transaction.recipients().size() >= context.settings().limits().maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: too many recipients is a temporary failure the client handles.
            context.reply(Reply.of(452, "4.5.3", "Too many recipients"));
            return;
        }
        if (command.requiresSmtpUtf8() && !transaction.parameters().smtpUtf8()) {
            // RFC 6531 §3.4: a non-ASCII address needs SMTPUTF8 on the MAIL command.
            context.reply(SmtpCommandParser.NON_ASCII_ADDRESS);
            return;
        }
        String address = command.forwardPath();
        if (address.equalsIgnoreCase("postmaster")) {
            // RFC 5321 §4.5.1: "Postmaster" without a domain is this server's postmaster.
            address = "postmaster@" + context.settings().hostname();
        }
        boolean local = context.recipients().isLocal(address);
        if (!local && context.mode() != SmtpMode.SUBMISSION) {
            context.countError();
            context.reply(Reply.of(554, "5.7.1", "Relay access denied"));
            return;
        }
        Optional<Resolution> resolution = context.recipients().resolve(address);
        if (resolution.isEmpty()) {
            context.countError();
            context.reply(Reply.of(550, "5.1.1", "No such user here"));
            return;
        }
        long declared = transaction.parameters().size() == null ? 0 : transaction.parameters().size();
        for (org.tegami.store.Account account : resolution.get().local()) {
            if (!context.recipients().hasRoomFor(account, declared)) {
                // RFC 5321 §4.2.2 (552) and RFC 3463 §3.3 (5.2.2): this recipient only; the others still get it.
                context.reply(Reply.of(552, "5.2.2", "Mailbox full"));
                return;
            }
        }
        transaction.recipients().add(new AcceptedRecipient(address, resolution.get(), command.parameters()));
        context.reply(Reply.of(250, "2.1.5", "Recipient OK"));
    }
}
