package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.NoopCommand;
import org.tegami.smtp.server.Replies;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;

/** NOOP (RFC 5321 §4.1.1.9). */
public final class NoopHandler implements SmtpHandler<NoopCommand> {
    @Override
    public void handle(NoopCommand command, SmtpContext context) {
        context.reply(Replies.OK);
    }
}
