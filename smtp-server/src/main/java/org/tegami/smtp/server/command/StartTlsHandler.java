package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.protocol.StartTlsCommand;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpSessionState;

/** STARTTLS (RFC 3207): after 220 the session starts over; the client must greet again (§4.2). */
public final class StartTlsHandler implements SmtpHandler<StartTlsCommand> {
    @Override
    public void handle(StartTlsCommand command, SmtpContext context) {
        if (context.tls()) {
            context.reply(Reply.of(503, "5.5.1", "TLS is already active"));
            return;
        }
        if (!context.canStartTls()) {
            context.reply(Reply.of(454, "4.7.0", "TLS not available"));
            return;
        }
        context.reply(Reply.of(220, "2.0.0", "Ready to start TLS"));
        context.setState(new SmtpSessionState.Connected());
        context.startTls();
    }
}
