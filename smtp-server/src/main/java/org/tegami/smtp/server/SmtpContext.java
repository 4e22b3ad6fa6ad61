package org.tegami.smtp.server;

import java.net.InetAddress;
import org.tegami.auth.SaslMechanism;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;

/** What an SMTP command handler may see and do. */
public interface SmtpContext {

    SmtpSessionState state();

    void setState(SmtpSessionState state);

    SmtpMode mode();

    /** Whether this connection is encrypted (implicit TLS or after STARTTLS). */
    boolean tls();

    /** Whether STARTTLS can be offered (a certificate is configured and TLS is not active yet). */
    boolean canStartTls();

    SmtpSettings settings();

    InetAddress clientAddress();

    /** A short id for this session, used in logs and Received headers. */
    String sessionId();

    /** Sends a reply. */
    void reply(Reply reply);

    /** Starts TLS after the 220 reply (RFC 3207); bytes the client pipelined after STARTTLS are discarded. */
    void startTls();

    /** After a 354 reply: the next bytes are the message, up to CRLF.CRLF (RFC 5321 §4.1.1.4). */
    void expectMessageData();

    /** The octets that came with the BDAT command being handled (RFC 3030), or null when they exceeded the limit. */
    byte[] currentChunk();

    /**
     * Takes a complete message of the current transaction: checks it, adds the headers a receiving server
     * adds, delivers or queues it durably, replies, and ends the transaction.
     */
    void acceptMessage(byte[] message, boolean tooLarge, boolean bareLineEnding);

    /** The names of the SASL mechanisms offered now, for EHLO (RFC 4954 §3); empty when AUTH is not. */
    java.util.List<String> mechanisms();

    /** A SASL mechanism offered now, or null. */
    SaslMechanism mechanism(String name);

    /** Runs a SASL exchange (RFC 4954) to its end; the session reads the client's responses. */
    void beginSasl(SaslMechanism mechanism, byte[] initialResponse);

    RecipientResolver recipients();

    MailRouter router();

    /** Files accepted submissions into the sender's Sent mailbox when the account wants it. */
    SentCopy sentCopy();

    SubmissionRateLimiter rateLimiter();

    /** Counts a failed command toward {@link SmtpSettings#maxErrorsPerConnection()}. */
    void countError();

    /** Closes the connection after the replies sent so far (QUIT). */
    void close();
}
