package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.HelpCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;

/** HELP (RFC 5321 §4.1.1.8). */
public final class HelpHandler implements SmtpHandler<HelpCommand> {
    @Override
    public void handle(HelpCommand command, SmtpContext context) {
        context.reply(Reply.of(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH"));
    }
}
