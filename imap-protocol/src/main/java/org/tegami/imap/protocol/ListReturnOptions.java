package org.tegami.imap.protocol;

import java.util.List;

/**
 * LIST-EXTENDED return options (RFC 5258 §3.2, RFC 5819 STATUS, RFC 6154 SPECIAL-USE, RFC 9590 METADATA).
 * {@code status} is {@code null} when STATUS was not asked for; {@code metadata} holds the requested metadata
 * entry names (lower-cased, each once, in the order sent) and is empty when METADATA was not asked for.
 */
public record ListReturnOptions(boolean subscribed, boolean children, boolean specialUse, List<StatusItem> status,
        List<String> metadata) {
    public static final ListReturnOptions NONE = new ListReturnOptions(false, false, false, null, List.of());

    public ListReturnOptions {
        status = status == null ? null : List.copyOf(status);
        metadata = List.copyOf(metadata);
    }

    /** The options without METADATA. */
    public ListReturnOptions(boolean subscribed, boolean children, boolean specialUse, List<StatusItem> status) {
        this(subscribed, children, specialUse, status, List.of());
    }
}
