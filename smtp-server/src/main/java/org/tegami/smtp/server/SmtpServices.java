package org.tegami.smtp.server;

import io.netty.handler.ssl.SslContext;
import org.tegami.auth.LoginThrottle;
import org.tegami.auth.SaslMechanisms;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;

/** What every SMTP session of one server shares. {@code sslContext} is null when TLS is not configured. */
record SmtpServices(
        SmtpSettings settings,
        SaslMechanisms mechanisms,
        LoginThrottle throttle,
        SslContext sslContext,
        RecipientResolver recipients,
        MailRouter router,
        SentCopy sentCopy,
        SubmissionRateLimiter rateLimiter,
        SmtpConnections connections,
        SmtpCommandTable commands) {
}
