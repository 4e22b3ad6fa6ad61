package org.tegami.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.StoreError;

/**
 * Indexes, after the store has opened, the contents stored before the search index existed (schema version
 * 10 lists them in {@code search_backlog}): {@link #BATCH_CONTENTS} per write transaction, so a writer waits
 * at most one batch, and the server serves from the start. Until a content is indexed, SEARCH treats its
 * messages as candidates and reads their text, so answers are the same before, during and after.
 */
final class SearchBackfill implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchBackfill.class);
    /** Contents indexed per write transaction. */
    static final int BATCH_CONTENTS = 200;

    private final SqliteMessageStore messages;
    private final Thread thread;
    private volatile boolean stopping;

    SearchBackfill(SqliteMessageStore messages) {
        this.messages = messages;
        this.thread = Thread.ofVirtual().name("search-backfill").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long indexed = 0;
        try {
            int batch;
            while (!stopping && (batch = messages.indexSearchBacklog(BATCH_CONTENTS)) > 0) {
                if (indexed == 0) {
                    LOG.info("indexing the text of messages stored before the search index existed");
                }
                indexed += batch;
            }
            if (indexed > 0 && !stopping) {
                LOG.info("indexed the text of {} stored messages for SEARCH", indexed);
            }
        } catch (StoreError e) {
            if (!stopping) {
                LOG.warn("stopped indexing stored messages for SEARCH after {}; SEARCH reads the text of the rest,"
                        + " and indexing resumes at the next start", indexed, e);
            }
        }
    }

    /** Stops after the batch in progress. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
