package org.tegami.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.imap.server.ImapServer;
import org.tegami.store.MailStore;

/**
 * A started server: where it listens, and how to stop it. Closing stops the listeners and sessions
 * first and the store last, so no session writes to a closed store. Closing twice is harmless.
 */
public final class RunningServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final ImapServer imapServer;
    private final MailStore store;
    private final Optional<InetSocketAddress> imapsAddress;
    private final Optional<InetSocketAddress> imapAddress;
    private final ServerCertificate certificate;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RunningServer(ImapServer imapServer, MailStore store, Optional<InetSocketAddress> imapsAddress,
                  Optional<InetSocketAddress> imapAddress, ServerCertificate certificate) {
        this.imapServer = imapServer;
        this.store = store;
        this.imapsAddress = imapsAddress;
        this.imapAddress = imapAddress;
        this.certificate = certificate;
    }

    /** Where the implicit-TLS listener is bound, if enabled. */
    public Optional<InetSocketAddress> imapsAddress() {
        return imapsAddress;
    }

    /** Where the STARTTLS listener is bound, if enabled. */
    public Optional<InetSocketAddress> imapAddress() {
        return imapAddress;
    }

    public ServerCertificate certificate() {
        return certificate;
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
        try {
            imapServer.close();
        } finally {
            try {
                store.close();
            } finally {
                stopped.countDown();
            }
        }
    }
}
