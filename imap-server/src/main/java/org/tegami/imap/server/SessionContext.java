package org.tegami.imap.server;

import io.netty.handler.ssl.SslContext;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.PasswordAuthenticator;
import org.tegami.store.MailStore;

/** What every session of one server shares. */
record SessionContext(
        ImapSettings settings,
        MailStore store,
        PasswordAuthenticator authenticator,
        LoginThrottle throttle,
        ConnectionLimiter connectionLimiter,
        SslContext sslContext,
        CommandTable commands,
        SessionRegistry sessions) {

    SessionContext(ImapSettings settings, MailStore store, PasswordAuthenticator authenticator,
                   LoginThrottle throttle, ConnectionLimiter connectionLimiter, SslContext sslContext) {
        this(settings, store, authenticator, throttle, connectionLimiter, sslContext, new CommandTable(authenticator),
                new SessionRegistry());
    }
}
