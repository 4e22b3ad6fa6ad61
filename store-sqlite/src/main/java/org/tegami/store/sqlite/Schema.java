package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.tegami.store.StoreError;

/**
 * The versioned schema. The version lives in {@code PRAGMA user_version}; migration N takes a database
 * from version N-1 to N in one transaction, so a crash leaves it at a version we know. Never edit a
 * released migration: add the next one.
 */
final class Schema {
    private Schema() {
    }

    /** Migration i (0-based) produces version i + 1. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE accounts (
              id INTEGER PRIMARY KEY,
              address TEXT NOT NULL UNIQUE,
              password_hash TEXT NOT NULL,
              created_at INTEGER NOT NULL
            )""",
            "CREATE TABLE domains (name TEXT PRIMARY KEY) WITHOUT ROWID",
            "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
            // Seeded with the clock so a data directory created again from scratch does not hand out
            // UIDVALIDITY values an old client may still remember (RFC 9051 §2.3.1.1).
            "INSERT INTO counters (name, value) VALUES ('uidvalidity', unixepoch())",
            """
            CREATE TABLE mailboxes (
              id INTEGER PRIMARY KEY,
              account_id INTEGER NOT NULL REFERENCES accounts (id),
              name TEXT NOT NULL,
              uidvalidity INTEGER NOT NULL,
              uidnext INTEGER NOT NULL,
              highest_modseq INTEGER NOT NULL,
              recent_floor_uid INTEGER NOT NULL,
              special_use TEXT NOT NULL,
              selectable INTEGER NOT NULL,
              UNIQUE (account_id, name)
            )""",
            """
            CREATE TABLE subscriptions (
              account_id INTEGER NOT NULL REFERENCES accounts (id),
              name TEXT NOT NULL,
              PRIMARY KEY (account_id, name)
            ) WITHOUT ROWID""",
            """
            CREATE TABLE contents (
              sha TEXT PRIMARY KEY,
              size INTEGER NOT NULL,
              structure BLOB NOT NULL,
              refcount INTEGER NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE content_text (
              sha TEXT PRIMARY KEY REFERENCES contents (sha) ON DELETE CASCADE,
              headers BLOB NOT NULL,
              body TEXT NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE messages (
              mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id),
              uid INTEGER NOT NULL,
              content_sha TEXT NOT NULL REFERENCES contents (sha),
              flags TEXT NOT NULL,
              modseq INTEGER NOT NULL,
              internal_date INTEGER NOT NULL,
              size INTEGER NOT NULL,
              PRIMARY KEY (mailbox_id, uid)
            ) WITHOUT ROWID""",
            "CREATE INDEX messages_by_modseq ON messages (mailbox_id, modseq)",
            // Lets the foreign-key check on deleting a content row use an index instead of a scan.
            "CREATE INDEX messages_by_content ON messages (content_sha)",
            """
            CREATE TABLE expunged (
              mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
              uid INTEGER NOT NULL,
              modseq INTEGER NOT NULL,
              PRIMARY KEY (mailbox_id, uid)
            ) WITHOUT ROWID""",
            "CREATE INDEX expunged_by_modseq ON expunged (mailbox_id, modseq)"),
            // 2: aliases. Targets are rows rather than one packed column so their order is a plain
            // column and no separator character has to be forbidden in an address.
            List.of(
            "CREATE TABLE aliases (address TEXT PRIMARY KEY) WITHOUT ROWID",
            """
            CREATE TABLE alias_targets (
              address TEXT NOT NULL REFERENCES aliases (address) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              target TEXT NOT NULL,
              PRIMARY KEY (address, position)
            ) WITHOUT ROWID"""),
            // 3: the outbound queue. Each entry holds one reference on its content, so a queued message
            // and a mailbox copy of the same bytes share one file. AUTOINCREMENT because a queue id is
            // shown to administrators and in logs: it must never be handed out again after a removal.
            // Times are epoch milliseconds; lease_until is NULL when no delivery attempt holds the entry.
            List.of(
            """
            CREATE TABLE queue (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              sender TEXT NOT NULL,
              content_sha TEXT NOT NULL REFERENCES contents (sha),
              size INTEGER NOT NULL,
              queued_at INTEGER NOT NULL,
              next_attempt INTEGER NOT NULL,
              envelope_id TEXT,
              return_full INTEGER NOT NULL,
              require_tls INTEGER NOT NULL,
              lease_until INTEGER
            )""",
            "CREATE INDEX queue_by_next_attempt ON queue (next_attempt)",
            // Lets the foreign-key check on deleting a content row use an index instead of a scan.
            "CREATE INDEX queue_by_content ON queue (content_sha)",
            """
            CREATE TABLE queue_recipients (
              queue_id INTEGER NOT NULL REFERENCES queue (id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              address TEXT NOT NULL,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL,
              last_attempt INTEGER,
              last_result TEXT,
              notify TEXT,
              orcpt TEXT,
              PRIMARY KEY (queue_id, position)
            ) WITHOUT ROWID"""),
            // 4: the sent copy. A per-account switch, off by default; and when each message was added to its
            // mailbox (epoch milliseconds by the store's clock, unlike internal_date, which the client may
            // set), so an APPEND can find the copy the server filed moments before. Rows from before this
            // version get 0: "long ago", never recent. The index serves exactly that lookup.
            List.of(
            "ALTER TABLE accounts ADD COLUMN sent_copy INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE messages ADD COLUMN added_at INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX messages_by_mailbox_content ON messages (mailbox_id, content_sha, added_at)"),
            // 5: app passwords, the per-account refusal of the main password on IMAP and SMTP, and blocked
            // client addresses. AUTOINCREMENT because an app password's id is shown to administrators and
            // may be used to delete it: an id must never come back naming another one. only_for is 'imap',
            // 'smtp' or NULL (both). Blocked addresses are the InetAddress text without scope, so the same
            // address always gives the same key; times are epoch milliseconds.
            List.of(
            """
            CREATE TABLE app_passwords (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
              label TEXT NOT NULL,
              password_hash TEXT NOT NULL,
              only_for TEXT,
              created_at INTEGER NOT NULL,
              last_used_at INTEGER,
              UNIQUE (account_id, label)
            )""",
            "ALTER TABLE accounts ADD COLUMN main_password_refused INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE blocked_addresses (
              address TEXT PRIMARY KEY,
              since INTEGER NOT NULL,
              until INTEGER NOT NULL,
              reason TEXT NOT NULL
            ) WITHOUT ROWID"""),
            // 6: SCRAM credentials (RFC 5802 §3), one row per account and hash; never the password. A changed
            // password hash drops them in the same transaction (the trigger), so SCRAM cannot keep accepting an
            // old password. The decoy secret is created once, here, and keys the stand-in salts for unknown users.
            List.of(
            """
            CREATE TABLE scram_credentials (
              account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
              hash TEXT NOT NULL,
              salt BLOB NOT NULL,
              iterations INTEGER NOT NULL,
              stored_key BLOB NOT NULL,
              server_key BLOB NOT NULL,
              PRIMARY KEY (account_id, hash)
            ) WITHOUT ROWID""",
            """
            CREATE TRIGGER scram_credentials_follow_password AFTER UPDATE OF password_hash ON accounts
            WHEN NEW.password_hash IS NOT OLD.password_hash
            BEGIN
              DELETE FROM scram_credentials WHERE account_id = NEW.id;
            END""",
            "CREATE TABLE scram_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL)",
            "INSERT INTO scram_secret (id, secret) VALUES (1, randomblob(32))"),
            // 7: the expunge horizon of a mailbox (RFC 7162 §3.2.5): remembered expunges at or below this MODSEQ
            // have been forgotten, so a QRESYNC from an older MODSEQ needs a full resynchronisation. A mailbox
            // without a row has forgotten none.
            List.of(
            """
            CREATE TABLE expunge_horizons (
              mailbox_id INTEGER PRIMARY KEY REFERENCES mailboxes (id) ON DELETE CASCADE,
              modseq INTEGER NOT NULL
            )"""),
            // 8: quotas (RFC 9208). An account's own limits, NULL while it follows the default; the default in a
            // one-row table so the server and a CLI on the same data agree on it. 0 means no limit.
            List.of(
            "ALTER TABLE accounts ADD COLUMN quota_storage INTEGER",
            "ALTER TABLE accounts ADD COLUMN quota_messages INTEGER",
            """
            CREATE TABLE quota_default (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              storage INTEGER NOT NULL,
              messages INTEGER NOT NULL
            )""",
            "INSERT INTO quota_default (id, storage, messages) VALUES (1, 0, 0)"),
            // 9: metadata entries (RFC 5464). A mailbox's entries go with its row (deleted with it, kept across a
            // rename, which keeps the id); an account's server entries go with the account. The scope
            // ('private' or 'shared', the entry name's first component) is part of the key, and path is the rest
            // of the lower-cased entry name. Values are octets (RFC 5464 §3.2: binary data is allowed).
            List.of(
            """
            CREATE TABLE mailbox_annotations (
              mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
              account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
              scope TEXT NOT NULL CHECK (scope IN ('private', 'shared')),
              path TEXT NOT NULL,
              value BLOB NOT NULL,
              PRIMARY KEY (mailbox_id, account_id, scope, path)
            ) WITHOUT ROWID""",
            // Lets the foreign-key check on deleting an account use an index instead of a scan.
            "CREATE INDEX mailbox_annotations_by_account ON mailbox_annotations (account_id)",
            """
            CREATE TABLE server_annotations (
              account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
              scope TEXT NOT NULL CHECK (scope IN ('private', 'shared')),
              path TEXT NOT NULL,
              value BLOB NOT NULL,
              PRIMARY KEY (account_id, scope, path)
            ) WITHOUT ROWID"""),
            // 10: the full-text index that narrows SEARCH BODY, HEADER and TEXT (see SearchIndex). One document
            // per content, numbered by search_documents; the FTS5 table keeps no copy of the text (content='')
            // and its rows can be deleted (contentless_delete), which the trigger does when the content goes.
            // Contents stored before this version are listed in search_backlog and indexed after start-up, a
            // batch at a time: lower-casing their text as SEARCH does needs Java, and doing it here for every
            // stored message would keep the server from starting for as long as that takes.
            List.of(
            """
            CREATE TABLE search_documents (
              id INTEGER PRIMARY KEY,
              sha TEXT NOT NULL UNIQUE REFERENCES content_text (sha) ON DELETE CASCADE
            )""",
            "CREATE VIRTUAL TABLE search_text USING fts5(body, headers, content='', contentless_delete=1,"
                    + " tokenize='trigram case_sensitive 1')",
            """
            CREATE TRIGGER search_documents_forget AFTER DELETE ON search_documents
            BEGIN
              DELETE FROM search_text WHERE rowid = OLD.id;
            END""",
            """
            CREATE TABLE search_backlog (
              sha TEXT PRIMARY KEY REFERENCES content_text (sha) ON DELETE CASCADE
            ) WITHOUT ROWID""",
            "INSERT INTO search_backlog (sha) SELECT sha FROM content_text",
            // SORT DATE's key (RFC 5256 §3) of each message, epoch milliseconds: the Date header's time, or the
            // internal date without a valid one; kept with the message so SORT need not read every structure.
            // NULL for messages stored before this version, whose key comes from their structure.
            "ALTER TABLE messages ADD COLUMN sort_date INTEGER"),
            // 11: the bytes of small messages, kept in the database and written in the same transaction as their
            // content row, so storing one costs only the commit's fsync instead of a file's, its directory's and
            // then the commit's. A content without a row here is in its file (every content before this version
            // stays there). An ordinary rowid table, not WITHOUT ROWID: its rows are large, and SQLite keeps
            // large rows out of the b-tree pages of a rowid table's key.
            List.of(
            """
            CREATE TABLE content_bytes (
              sha TEXT PRIMARY KEY REFERENCES contents (sha) ON DELETE CASCADE,
              bytes BLOB NOT NULL
            )"""));

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /** Brings the database up to {@link #latestVersion()}, or refuses a version this build does not know. */
    static void migrate(Connection connection) throws SQLException {
        migrate(connection, MIGRATIONS);
    }

    static void migrate(Connection connection, List<List<String>> migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            while (true) {
                // BEGIN IMMEDIATE so two processes starting at once do not both run the same migration.
                statement.execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    int version = version(statement);
                    if (version > migrations.size()) {
                        throw new StoreError(StoreError.Kind.SCHEMA_TOO_NEW, "the database has schema version "
                                + version + " but this build knows versions up to " + migrations.size()
                                + "; run a newer Tegami");
                    }
                    if (version == migrations.size()) {
                        statement.execute("COMMIT");
                        committed = true;
                        return;
                    }
                    for (String sql : migrations.get(version)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (version + 1));
                    statement.execute("COMMIT");
                    committed = true;
                } finally {
                    if (!committed) {
                        statement.execute("ROLLBACK");
                    }
                }
            }
        }
    }

    static int version(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
