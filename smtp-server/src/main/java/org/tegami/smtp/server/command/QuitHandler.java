package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.QuitCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;

/** QUIT (RFC 5321 §4.1.1.10): 221, then the server closes the connection. */
public final class QuitHandler implements SmtpHandler<QuitCommand> {
    @Override
    public void handle(QuitCommand command, SmtpContext context) {
        context.reply(Reply.of(221, "2.0.0", context.settings().hostname() + " closing connection"));
        context.close();
    }
}
