package org.tegami.smtp.server;

import java.time.Duration;
import org.tegami.connection.ProxyProtocol;
import org.tegami.smtp.protocol.SmtpLimits;

/**
 * Settings of the SMTP service.
 *
 * @param hostname                 the name in the greeting, EHLO reply, Received headers and Message-IDs
 * @param limits                   command line, message size and recipient limits
 * @param commandTimeout           how long the server waits for the next command or data (RFC 5321 §4.5.3.2.7: at least 5 minutes)
 * @param maxConnectionsPerAddress connections one client address may hold open at once
 * @param maxMessagesPerHour       messages one account may submit per hour (submission only)
 * @param maxErrorsPerConnection   failed commands (syntax, sequence, authentication) after which the connection is closed
 * @param proxyProtocol            which load balancers may name the client with a PROXY header
 */
public record SmtpSettings(
        String hostname,
        SmtpLimits limits,
        Duration commandTimeout,
        int maxConnectionsPerAddress,
        int maxMessagesPerHour,
        int maxErrorsPerConnection,
        ProxyProtocol proxyProtocol) {

    public SmtpSettings {
        if (maxMessagesPerHour < 1 || maxErrorsPerConnection < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("SMTP limits must be positive");
        }
    }

    /** Settings without the PROXY protocol: every connection is served directly. */
    public SmtpSettings(String hostname, SmtpLimits limits, Duration commandTimeout, int maxConnectionsPerAddress,
                        int maxMessagesPerHour, int maxErrorsPerConnection) {
        this(hostname, limits, commandTimeout, maxConnectionsPerAddress, maxMessagesPerHour, maxErrorsPerConnection,
                ProxyProtocol.OFF);
    }

    public SmtpSettings withProxyProtocol(ProxyProtocol proxy) {
        return new SmtpSettings(hostname, limits, commandTimeout, maxConnectionsPerAddress, maxMessagesPerHour,
                maxErrorsPerConnection, proxy);
    }

    public static SmtpSettings defaults(String hostname) {
        return new SmtpSettings(hostname, SmtpLimits.DEFAULTS, Duration.ofMinutes(5), 20, 500, 20);
    }
}
