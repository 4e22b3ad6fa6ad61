package org.tegami.smtp.server;

import org.tegami.smtp.protocol.SmtpCommand;

/** Executes one SMTP verb on the session's thread; sends its reply (or replies) through the context. */
@FunctionalInterface
public interface SmtpHandler<C extends SmtpCommand> {
    void handle(C command, SmtpContext context);
}
