package org.tegami.imap.server.command;

import java.util.Optional;
import org.tegami.auth.LoginSource;
import org.tegami.auth.PasswordLogin;
import org.tegami.imap.protocol.LoginCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Account;
import org.tegami.store.LoginProtocol;

/**
 * LOGIN (RFC 9051 §6.2.3): refused before TLS (PRIVACYREQUIRED, the server announces LOGINDISABLED);
 * the user name is the whole e-mail address.
 */
public final class LoginHandler implements CommandHandler<LoginCommand> {
    private final PasswordLogin passwords;

    public LoginHandler(PasswordLogin passwords) {
        this.passwords = passwords;
    }

    @Override
    public Outcome handle(LoginCommand command, CommandContext context) {
        if (!context.tls()) {
            return Outcome.no("PRIVACYREQUIRED", "Use STARTTLS or port 993 (SSL/TLS) before logging in");
        }
        Optional<Account> account = passwords.authenticate(command.userName(), command.password(),
                new LoginSource(LoginProtocol.IMAP, context.clientAddress()), "LOGIN command");
        if (account.isEmpty()) {
            context.loginFailed();
            return Outcome.no("AUTHENTICATIONFAILED", "Invalid user name or password");
        }
        context.loggedIn(account.get());
        return Outcome.ok("CAPABILITY " + context.capabilities(), "Logged in");
    }
}
