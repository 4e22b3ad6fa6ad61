package org.tegami.imap.server;

import org.tegami.tls.CertificateRegistry;
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
        CertificateRegistry certificates,
        CommandTable commands,
        SessionRegistry sessions,
        MailboxDeltas deltas,
        MailboxStates states) {

    SessionContext(ImapSettings settings, MailStore store, SaslMechanisms mechanisms,
                   LoginThrottle throttle, ConnectionLimiter connectionLimiter, CertificateRegistry certificates) {
        this(settings, store, mechanisms, throttle, connectionLimiter, certificates, new CommandTable(mechanisms.passwords()),
                new SessionRegistry(), new MailboxDeltas(store.messages()), new MailboxStates(store.messages()));
    }
}
