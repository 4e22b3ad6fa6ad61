package org.tegami.imap.server.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.tegami.imap.protocol.GetMetadataCommand.Depth;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.MetadataSettings;
import org.tegami.store.Annotation;
import org.tegami.store.Mailbox;
import org.tegami.store.MailboxId;

/**
 * What GETMETADATA (RFC 5464 §4.2) and LIST's METADATA return option answer: the requested entries of a mailbox
 * or of the server, chosen by DEPTH (§4.2.2) and MAXSIZE (§4.2.1), as one {@code * METADATA} response (§4.4.1).
 */
final class MetadataResponder {
    private MetadataResponder() {
    }

    /** The entries a mailbox (or, when empty, the server) has: the stored ones and, for the server, configured ones. */
    static List<Annotation> entries(CommandContext context, Optional<MailboxId> mailbox) {
        List<Annotation> entries = new ArrayList<>(context.store().annotations().entries(context.account().id(), mailbox));
        if (mailbox.isEmpty()) {
            // RFC 5464 §3.2.1.1: the server's /shared/comment and /shared/admin, read-only, from configuration.
            MetadataSettings settings = context.settings().metadata();
            settings.serverComment().ifPresent(v -> entries.add(annotation("/shared/comment", v)));
            settings.serverAdmin().ifPresent(v -> entries.add(annotation("/shared/admin", v)));
        }
        return entries;
    }

    private static Annotation annotation(String entry, String value) {
        return new Annotation(entry, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The answer for the requested names, in the order requested: each name with its value, or NIL when it has
     * none (RFC 5464 §3.2: an entry's value is NIL when it has no value), then the entries below it that DEPTH
     * reaches and that exist. Each entry at most once.
     */
    static Map<String, byte[]> select(List<Annotation> entries, List<String> requested, Depth depth) {
        Map<String, byte[]> selected = new LinkedHashMap<>();
        for (String name : requested) {
            byte[] own = null;
            List<Annotation> below = new ArrayList<>();
            for (Annotation entry : entries) {
                if (entry.entry().equals(name)) {
                    own = entry.value();
                } else if (depth != Depth.ZERO && entry.entry().startsWith(name + "/")) {
                    // §4.2.2: DEPTH 1 reaches children only ("/a/b" below "/a", not "/a/b/c").
                    boolean child = entry.entry().indexOf('/', name.length() + 1) < 0;
                    if (depth == Depth.INFINITY || child) {
                        below.add(entry);
                    }
                }
            }
            selected.putIfAbsent(name, own);
            for (Annotation entry : below) {
                selected.putIfAbsent(entry.entry(), entry.value());
            }
        }
        return selected;
    }

    /**
     * Writes {@code * METADATA mailbox (entry value ...)} with the values no larger than {@code maxSize} (all when
     * empty); returns the size of the largest value left out (RFC 5464 §4.2.1, for LONGENTRIES), or -1.
     * Nothing is written when every value was left out.
     */
    static long write(CommandContext context, String mailboxOnWire, Map<String, byte[]> selected, OptionalLong maxSize) {
        ResponseWriter w = context.response().raw("* METADATA ");
        if (mailboxOnWire.isEmpty()) {
            w.string("");
        } else {
            w.astring(mailboxOnWire);
        }
        w.raw(" (");
        long longest = -1;
        boolean any = false;
        for (Map.Entry<String, byte[]> entry : selected.entrySet()) {
            byte[] value = entry.getValue();
            if (value != null && maxSize.isPresent() && value.length > maxSize.getAsLong()) {
                longest = Math.max(longest, value.length);
                continue;
            }
            if (any) {
                w.space();
            }
            any = true;
            w.astring(entry.getKey()).space().nstringOrLiteral8(value);
        }
        if (any) {
            context.send(w.raw(")").crlf());
        }
        return longest;
    }

    /** The mailbox name as the client should see it. */
    static String onWire(CommandContext context, Mailbox mailbox) {
        return context.names().encode(mailbox.name());
    }
}
