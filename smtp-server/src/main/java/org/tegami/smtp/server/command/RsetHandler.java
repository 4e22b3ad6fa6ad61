package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.RsetCommand;
import org.tegami.smtp.server.Replies;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpSessionState;

/** RSET (RFC 5321 §4.1.1.5): drops the transaction, keeps the greeting and authentication. */
public final class RsetHandler implements SmtpHandler<RsetCommand> {
    @Override
    public void handle(RsetCommand command, SmtpContext context) {
        if (context.state() instanceof SmtpSessionState.InTransaction t) {
            context.setState(t.greeted());
        }
        context.reply(Replies.OK);
    }
}
