package org.tegami.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs n clients side by side, each on a virtual thread with its own recorder, and merges them. */
final class Clients {

    /** One client's body: its number (from 1) and its recorder. */
    interface Body {
        void run(int client, Recorder recorder) throws Exception;
    }

    private Clients() {
    }

    /**
     * Runs {@code n} clients to completion and returns their merged recorder; the first failure of
     * any client is thrown once all have ended, so a broken server never yields a figure.
     */
    static Recorder run(int n, Body body) throws InterruptedException {
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 1; i <= n; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            int client = i;
            threads.add(Thread.ofVirtual().name("client-" + i).start(() -> {
                try {
                    body.run(client, recorder);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new ImapException("a client failed: " + failure.get().getMessage(), failure.get());
        }
        Recorder merged = new Recorder();
        recorders.forEach(merged::add);
        return merged;
    }
}
