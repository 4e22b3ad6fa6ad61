package org.tegami.imap.server.command;

import org.tegami.auth.SaslMechanism;
import org.tegami.imap.protocol.AuthenticateCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** AUTHENTICATE (RFC 9051 §6.2.2) with SASL-IR (RFC 4959); mechanisms are offered only under TLS. */
public final class AuthenticateHandler implements CommandHandler<AuthenticateCommand> {
    @Override
    public Outcome handle(AuthenticateCommand command, CommandContext context) {
        if (!context.tls()) {
            return Outcome.no("PRIVACYREQUIRED", "Use STARTTLS or port 993 (SSL/TLS) before authenticating");
        }
        SaslMechanism mechanism = context.mechanism(command.mechanism());
        if (mechanism == null) {
            return Outcome.no("CANNOT", "Unsupported authentication mechanism");
        }
        context.beginSasl(command.tag(), mechanism, command.initialResponse());
        return Outcome.CONTINUED;
    }
}
