package org.tegami.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where password hashes are computed: a few platform threads of their own, as many as the machine has cores
 * by default. An Argon2id verification is tens of milliseconds of pure computation; run on a session's
 * virtual thread it would hold one of the few carrier threads all the whole time (a virtual thread gives its
 * carrier up only when it blocks), so a handful of simultaneous logins would stall every other session's
 * commands, greetings and IDLE updates behind them. Here the logins wait in this pool's queue instead,
 * their virtual threads parked, and the operating system shares the cores between the hashing and the rest.
 */
public final class PasswordHashing implements AutoCloseable {

    /** Threads idle this long end; the next login starts one again. */
    private static final long KEEP_ALIVE_SECONDS = 60;

    private final ThreadPoolExecutor pool;
    private final int threads;

    /** A pool of {@code threads} hashing threads (at least one). */
    public PasswordHashing(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("password hashing needs at least one thread, not " + threads);
        }
        this.threads = threads;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> Thread.ofPlatform().daemon()
                .name("password-hashing-" + number.incrementAndGet()).unstarted(task));
        pool.allowCoreThreadTimeOut(true);
    }

    /** As many threads as the machine has cores: more could only take turns on them. */
    public static PasswordHashing sizedToCores() {
        return new PasswordHashing(Runtime.getRuntime().availableProcessors());
    }

    /** How many hashes run at once at most. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code work} (a computation that hashes passwords) on a hashing thread and returns its result; the
     * caller waits, parked. An unchecked exception of the work is rethrown as it was.
     */
    public <T> T run(Supplier<T> work) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(work, pool);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The hash is being computed; its answer is what the caller waits for.
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof CompletionException c && c.getCause() != null) {
            cause = c.getCause();
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /** Lets queued hashes finish, then ends the threads. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
