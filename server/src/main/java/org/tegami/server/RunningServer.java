package org.tegami.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.auth.LoginMetrics;
import org.tegami.http.HttpServer;
import org.tegami.imap.server.ImapServer;
import org.tegami.smtp.server.SmtpServer;
import org.tegami.smtp.server.outbound.OutboundDelivery;
import org.tegami.server.acme.AcmeRenewal;
import org.tegami.server.certificates.CertificateWatch;
import org.tegami.server.certificates.ServerCertificates;
import org.tegami.store.MailStore;

/**
 * A started server: where it listens, and how to stop it. Closing stops the listeners and sessions
 * first, then outbound delivery, and the store last, so nothing writes to a closed store. Closing twice
 * is harmless.
 */
public final class RunningServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final ImapServer imapServer;
    private final SmtpServer smtpServer;
    private final HttpServer httpServer;
    private final OutboundDelivery outbound;
    private final MailStore store;
    private final ListeningAddresses addresses;
    private final ServerCertificates certificates;
    private final LoginMetrics loginMetrics;
    private final CertificateWatch watch;
    private final Optional<AcmeRenewal> renewal;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RunningServer(ImapServer imapServer, SmtpServer smtpServer, HttpServer httpServer, OutboundDelivery outbound,
                  MailStore store, ListeningAddresses addresses, ServerCertificates certificates,
                  LoginMetrics loginMetrics, CertificateWatch watch, Optional<AcmeRenewal> renewal) {
        this.imapServer = imapServer;
        this.smtpServer = smtpServer;
        this.httpServer = httpServer;
        this.outbound = outbound;
        this.store = store;
        this.addresses = addresses;
        this.certificates = certificates;
        this.loginMetrics = loginMetrics;
        this.watch = watch;
        this.renewal = renewal;
    }

    /** Successful and failed logins, blocks and refused connections since the start, for a metrics page. */
    public LoginMetrics loginMetrics() {
        return loginMetrics;
    }

    /** Where the implicit-TLS IMAP listener is bound, if enabled. */
    public Optional<InetSocketAddress> imapsAddress() {
        return addresses.imaps();
    }

    /** Where the STARTTLS IMAP listener is bound, if enabled. */
    public Optional<InetSocketAddress> imapAddress() {
        return addresses.imap();
    }

    /** Where every listener is bound. */
    public ListeningAddresses addresses() {
        return addresses;
    }

    /** The certificate clients without a matching server name get now. */
    public ServerCertificate certificate() {
        return certificates.fallback().certificate();
    }

    /** Every certificate in use, live: reloads and renewals show here. */
    public ServerCertificates certificates() {
        return certificates;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("shutting down");
        renewal.ifPresent(AcmeRenewal::close);
        watch.close();
        try {
            try {
                imapServer.close();
            } finally {
                try {
                    smtpServer.close();
                } finally {
                    httpServer.close();
                }
            }
        } finally {
            try {
                // After the listeners, so no session queues mail the loop would no longer see; before the
                // store, so no attempt records into a closed one.
                outbound.close();
            } finally {
                try {
                    store.close();
                } finally {
                    stopped.countDown();
                }
            }
        }
    }
}
