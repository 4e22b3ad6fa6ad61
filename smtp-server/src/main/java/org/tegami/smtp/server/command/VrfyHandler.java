package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.protocol.VrfyCommand;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;

/** VRFY (RFC 5321 §3.5.3): never confirms addresses (that would help harvesters), but says mail is accepted. */
public final class VrfyHandler implements SmtpHandler<VrfyCommand> {
    @Override
    public void handle(VrfyCommand command, SmtpContext context) {
        context.reply(Reply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"));
    }
}
