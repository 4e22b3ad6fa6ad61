package org.tegami.smtp.server;

import org.tegami.auth.LoginThrottle;
import org.tegami.auth.SaslMechanisms;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;
import org.tegami.tls.CertificateRegistry;

/** What every SMTP session of one server shares. {@code certificates} is null when TLS is not configured. */
record SmtpServices(
        SmtpSettings settings,
        SaslMechanisms mechanisms,
        LoginThrottle throttle,
        CertificateRegistry certificates,
        RecipientResolver recipients,
        MailRouter router,
        SentCopy sentCopy,
        SubmissionRateLimiter rateLimiter,
        SmtpConnections connections,
        SmtpCommandTable commands) {
}
