package org.tegami.smtp.server.outbound;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.MailQueue;
import org.tegami.store.MailStore;
import org.tegami.store.QueueEntry;

/**
 * The outbound delivery loop. On a virtual thread it claims due queue entries, delivers each (the
 * entries of a batch side by side, each on its own virtual thread), records the outcome, and then
 * sleeps until the queue's next due time or until {@link #wake()}, whichever comes first.
 */
public final class OutboundDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundDelivery.class);

    /**
     * Shortest sleep when the queue says something is due yet nothing could be claimed (another runner
     * holds its lease), so the loop does not spin.
     */
    private static final Duration LEASED_ELSEWHERE_WAIT = Duration.ofSeconds(1);

    private final OutboundSettings settings;
    private final MailQueue queue;
    private final EntryAttempt attempt;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private boolean closed;
    private Thread loop;

    /**
     * @param settings how to deliver
     * @param store    whose queue to work through and whose blobs hold the messages
     * @param bounces  where delivery status notifications for failed recipients go
     * @param clock    the time used for claiming, scheduling retries and expiry
     */
    public OutboundDelivery(OutboundSettings settings, MailStore store, BounceDelivery bounces, Clock clock) {
        this.settings = settings;
        this.queue = store.queue();
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        RemoteDelivery remote = new RemoteDelivery(settings, new MxResolver(settings, random),
                new SmtpDelivery(settings, new TlsContexts(settings)));
        this.attempt = new EntryAttempt(queue, store.blobs(), remote, new RetryPolicy(settings),
                new FailureNotices(settings, bounces, random), clock);
    }

    /** Starts the loop; once only. */
    public void start() {
        lock.lock();
        try {
            if (loop != null || closed) {
                throw new IllegalStateException("already started or closed");
            }
            loop = Thread.ofVirtual().name("outbound-delivery").start(this::run);
        } finally {
            lock.unlock();
        }
    }

    /** Makes the loop look at the queue now (after an enqueue, or an administrator's retry). */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the loop and waits for it. Deliveries under way are interrupted; their entries stay leased
     * until the lease runs out and are then tried again.
     */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            woken.signalAll();
            running = loop;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(settings.commandTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!isClosed()) {
            try {
                if (deliverDue() > 0) {
                    continue;
                }
                sleepUntil(queue.nextDue());
            } catch (RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                log.error("outbound delivery loop failed; trying again after {}", settings.retry().initialDelay(), e);
                sleepUntil(Optional.of(clock.instant().plus(settings.retry().initialDelay())));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims one batch of due entries and attempts each; the number attempted. */
    int deliverDue() throws InterruptedException {
        List<QueueEntry> due = queue.claimDue(clock.instant(), settings.lease(), settings.batchEntries());
        if (!due.isEmpty()) {
            deliverAll(due);
        }
        return due.size();
    }

    private void deliverAll(List<QueueEntry> due) throws InterruptedException {
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (QueueEntry entry : due) {
                each.submit(() -> {
                    try {
                        attempt.run(entry);
                    } catch (RuntimeException e) {
                        // Its lease runs out and the entry is tried again then.
                        log.error("queue {}: delivery attempt failed", entry.id().value(), e);
                    }
                });
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Waits until {@code when} (forever when empty), a {@link #wake()} or {@link #close()}. */
    private void sleepUntil(Optional<Instant> when) {
        lock.lock();
        try {
            while (!wakeRequested && !closed) {
                if (when.isEmpty()) {
                    woken.await();
                    continue;
                }
                Duration wait = Duration.between(clock.instant(), when.get());
                if (wait.isNegative() || wait.isZero()) {
                    wait = LEASED_ELSEWHERE_WAIT;
                    when = Optional.of(clock.instant().plus(wait));
                    if (!woken.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    continue;
                }
                if (!woken.await(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS)
                        && !clock.instant().isBefore(when.get())) {
                    break;
                }
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
