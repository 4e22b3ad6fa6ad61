package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.LhloCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;

/** LHLO (RFC 2033 §4.1): LMTP's EHLO. */
public final class LhloHandler implements SmtpHandler<LhloCommand> {
    @Override
    public void handle(LhloCommand command, SmtpContext context) {
        if (context.mode() != SmtpMode.LMTP) {
            context.reply(Reply.of(500, "5.5.1", "LHLO is an LMTP command; use EHLO"));
            return;
        }
        EhloHandler.greet(context, command.domain());
    }
}
