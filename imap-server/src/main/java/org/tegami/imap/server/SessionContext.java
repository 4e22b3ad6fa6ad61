package org.tegami.imap.server;

import io.netty.handler.ssl.SslContext;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.SaslMechanisms;
import org.tegami.store.MailStore;

/** What every session of one server shares. */
record SessionContext(
        ImapSettings settings,
        MailStore store,
        SaslMechanisms mechanisms,
        LoginThrottle throttle,
        ConnectionLimiter connectionLimiter,
        SslContext sslContext,
        CommandTable commands,
        SessionRegistry sessions) {

    SessionContext(ImapSettings settings, MailStore store, SaslMechanisms mechanisms,
                   LoginThrottle throttle, ConnectionLimiter connectionLimiter, SslContext sslContext) {
        this(settings, store, mechanisms, throttle, connectionLimiter, sslContext, new CommandTable(mechanisms.passwords()),
                new SessionRegistry());
    }
}
