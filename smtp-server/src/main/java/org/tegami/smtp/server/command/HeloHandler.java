package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.HeloCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpSessionState;

/** HELO (RFC 5321 §4.1.1.1): the old greeting, without extensions (so no AUTH, STARTTLS or SIZE). */
public final class HeloHandler implements SmtpHandler<HeloCommand> {
    @Override
    public void handle(HeloCommand command, SmtpContext context) {
        if (context.mode() == SmtpMode.LMTP) {
            context.reply(Reply.of(500, "5.5.1", "This is an LMTP server; use LHLO"));
            return;
        }
        context.setState(new SmtpSessionState.Greeted(command.domain(), false, null));
        context.reply(new Reply(250, null, java.util.List.of(context.settings().hostname())));
    }
}
