package org.tegami.imap.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tegami.message.HeaderField;
import org.tegami.store.ContentId;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;
import org.tegami.store.UidValidity;
import org.tegami.store.MessageText;

/**
 * The object identifiers of RFC 8474, all made of objectid characters ({@code A-Z a-z 0-9 _ -}):
 * <ul>
 * <li>MAILBOXID from the mailbox's store id and its UIDVALIDITY: unchanged by RENAME, never given to another
 * mailbox even if the store reuses an id, since UIDVALIDITY values are never reused (RFC 8474 §4);</li>
 * <li>EMAILID from the content address: immutable, and the same for copies and moves of the message, which
 * RFC 8474 §5.1 asks for (identical messages stored once share it too);</li>
 * <li>THREADID from the thread's first message: the first Message-ID of References, else In-Reply-To, else the
 * message's own Message-ID; NIL for a message with none of them (RFC 8474 §5.2).</li>
 * </ul>
 */
public final class ObjectIds {
    private ObjectIds() {
    }

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    public static String mailboxId(Mailbox mailbox) {
        return mailboxId(mailbox.id(), mailbox.uidValidity());
    }

    public static String mailboxId(MailboxId id, UidValidity uidValidity) {
        return "M" + Long.toString(id.value(), 36) + "-" + Long.toString(uidValidity.value(), 36);
    }

    public static String emailId(ContentId content) {
        return "E" + content.sha256().substring(0, 32);
    }

    /** The THREADID, or null when the message names no thread at all. */
    public static String threadId(MessageText text) {
        String root = first(text, "References");
        if (root == null) {
            root = first(text, "In-Reply-To");
        }
        if (root == null) {
            root = first(text, "Message-ID");
        }
        if (root == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(root.getBytes(StandardCharsets.UTF_8));
            return "T" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String first(MessageText text, String field) {
        for (HeaderField h : text.headers()) {
            if (h.name().equalsIgnoreCase(field)) {
                Matcher m = MESSAGE_ID.matcher(h.value());
                if (m.find()) {
                    return m.group();
                }
            }
        }
        return null;
    }
}
