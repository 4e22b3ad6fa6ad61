package org.tegami.smtp.server;

import java.net.InetSocketAddress;

/**
 * One listening socket of the SMTP service.
 *
 * @param name        the configuration name, used in messages (e.g. {@code submissions})
 * @param address     where to bind
 * @param mode        submission, MX or LMTP
 * @param implicitTls TLS from the first byte (port 465); otherwise STARTTLS is offered when TLS is available
 */
public record SmtpListener(String name, InetSocketAddress address, SmtpMode mode, boolean implicitTls) {
}
