package org.tegami.smtp.server.command;

import java.util.Base64;
import org.tegami.auth.SaslMechanism;
import org.tegami.smtp.protocol.AuthCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.Replies;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpSessionState;

/**
 * AUTH (RFC 4954): on submission only, only under TLS, once per session, outside a transaction. The
 * SASL mechanisms are the same ones IMAP uses.
 */
public final class AuthHandler implements SmtpHandler<AuthCommand> {
    @Override
    public void handle(AuthCommand command, SmtpContext context) {
        if (context.mode() != SmtpMode.SUBMISSION) {
            context.reply(Reply.of(503, "5.5.1", "AUTH is not available on this port"));
            return;
        }
        if (!context.tls()) {
            context.reply(Replies.NEEDS_TLS);
            return;
        }
        SmtpSessionState.Greeted greeted = (SmtpSessionState.Greeted) context.state();
        if (!greeted.extended() || greeted.account() != null) {
            // RFC 4954 §4: AUTH needs EHLO, and is not permitted once authenticated.
            context.reply(Replies.BAD_SEQUENCE);
            return;
        }
        SaslMechanism mechanism = context.mechanism(command.mechanism());
        if (mechanism == null) {
            context.reply(Reply.of(504, "5.5.4", "Unrecognized authentication type"));
            return;
        }
        byte[] initial = null;
        if (command.initialResponse() != null) {
            if (command.initialResponse().equals("=")) {
                initial = new byte[0];
            } else {
                try {
                    initial = Base64.getDecoder().decode(command.initialResponse());
                } catch (IllegalArgumentException e) {
                    context.reply(Reply.of(501, "5.5.2", "Invalid base64 in initial response"));
                    return;
                }
            }
        }
        context.beginSasl(mechanism, initial);
    }
}
