package org.tegami.imap.server;

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
        SessionRegistry sessions) {

    SessionContext(ImapSettings settings, MailStore store, PasswordAuthenticator authenticator,
                   LoginThrottle throttle, ConnectionLimiter connectionLimiter) {
        this(settings, store, authenticator, throttle, connectionLimiter, new SessionRegistry());
    }
}
