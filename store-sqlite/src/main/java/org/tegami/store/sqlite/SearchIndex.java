package org.tegami.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tegami.message.HeaderField;
import org.tegami.store.TextPart;

/**
 * The full-text index that narrows SEARCH BODY, HEADER and TEXT: an FTS5 table with the trigram tokenizer
 * ({@code search_text}), one document per stored content ({@code search_documents} maps it to its content),
 * holding the content's searchable text lower-cased exactly as the SEARCH matcher lower-cases it
 * ({@link Locale#ROOT}), case-sensitively indexed. A needle of at least three characters, lower-cased the same
 * way, then finds every document that contains it as a substring, which is the matcher's test; the index is
 * only a prefilter, and the matcher checks every candidate. Contents stored before the index existed wait in
 * {@code search_backlog} until {@link #indexBacklog} has indexed them, and count as candidates meanwhile.
 */
final class SearchIndex {
    /** The trigram tokenizer cannot find a substring shorter than one trigram. */
    static final int MIN_NEEDLE_CODE_POINTS = 3;

    private SearchIndex() {
    }

    /** A content's text as the index holds it: body and header fields, lower-cased as SEARCH compares them. */
    record Text(String body, String headers) {
    }

    /**
     * Lower-cases the body and each header field's name and value separately (lower-casing is context-sensitive,
     * so the pieces are lower-cased as the matcher lower-cases them) and joins the fields with line feeds: a
     * needle found in one of them is found in the join, and one spanning two only adds a candidate.
     */
    static Text text(List<HeaderField> headers, String bodyText) {
        StringBuilder fields = new StringBuilder();
        for (HeaderField h : headers) {
            fields.append(h.name().toLowerCase(Locale.ROOT)).append('\n');
            fields.append(h.value() == null ? "" : h.value().toLowerCase(Locale.ROOT)).append('\n');
        }
        return new Text(bodyText == null ? "" : bodyText.toLowerCase(Locale.ROOT), fields.toString());
    }

    /** Indexes a content whose {@code content_text} row the same transaction has just inserted. */
    static void add(Connection c, String sha, Text text) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO search_documents (sha) VALUES (?) RETURNING id")) {
            s.setString(1, sha);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO search_text (rowid, body, headers) VALUES (?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, text.body());
            s.setString(3, text.headers());
            s.executeUpdate();
        }
    }

    /**
     * The FTS5 query that finds {@code needle} in {@code part}: the lower-cased needle as one quoted string (a
     * phrase of its trigrams, so a substring), limited to a column. Empty when the index cannot find it: fewer
     * than three characters, or a lone surrogate, which the database's UTF-8 could not carry faithfully.
     */
    static Optional<String> query(String needle, TextPart part) {
        String lower = needle.toLowerCase(Locale.ROOT);
        if (lower.codePointCount(0, lower.length()) < MIN_NEEDLE_CODE_POINTS) {
            return Optional.empty();
        }
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < lower.length() && Character.isLowSurrogate(lower.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.empty();
            }
        }
        // FTS5 query syntax: inside a string only the double quote is special, and it is doubled.
        String phrase = "\"" + lower.replace("\"", "\"\"") + "\"";
        return Optional.of(switch (part) {
            case BODY -> "body : " + phrase;
            case HEADERS -> "headers : " + phrase;
            case ANY -> phrase;
        });
    }

    /**
     * The UIDs in the mailbox (ascending) whose content the index finds with {@code query}, and those whose
     * content is still in the backlog.
     */
    static List<Long> candidates(Connection c, long mailboxId, String query) throws SQLException {
        List<Long> uids = new ArrayList<>();
        // CROSS JOIN fixes the order: from the few documents the index finds to their messages in this mailbox,
        // not from every message of the mailbox to its document (a big mailbox would take seconds).
        try (PreparedStatement s = c.prepareStatement("""
                SELECT m.uid FROM (SELECT rowid AS id FROM search_text WHERE search_text MATCH ?2) found
                CROSS JOIN search_documents d ON d.id = found.id
                CROSS JOIN messages m ON m.mailbox_id = ?1 AND m.content_sha = d.sha
                UNION
                SELECT m.uid FROM search_backlog b
                CROSS JOIN messages m ON m.mailbox_id = ?1 AND m.content_sha = b.sha
                ORDER BY 1""")) {
            s.setLong(1, mailboxId);
            s.setString(2, query);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    uids.add(rs.getLong(1));
                }
            }
        }
        return uids;
    }

    /** Indexes up to {@code max} contents from the backlog; returns how many it took. */
    static int indexBacklog(Connection c, int max) throws SQLException {
        record Pending(String sha, Text text) {
        }
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.sha, t.headers, t.body FROM search_backlog b"
                + " JOIN content_text t ON t.sha = b.sha LIMIT ?")) {
            s.setInt(1, max);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getString(1), text(Columns.headers(rs.getBytes(2)), rs.getString(3))));
                }
            }
        }
        try (PreparedStatement done = c.prepareStatement("DELETE FROM search_backlog WHERE sha = ?")) {
            for (Pending p : pending) {
                add(c, p.sha(), p.text());
                done.setString(1, p.sha());
                done.executeUpdate();
            }
        }
        return pending.size();
    }
}
