package org.tegami.imap.protocol;

import java.util.List;

/**
 * LIST-EXTENDED return options (RFC 5258 §3.2, RFC 5819 STATUS, RFC 6154 SPECIAL-USE).
 * {@code status} is {@code null} when STATUS was not asked for.
 */
public record ListReturnOptions(boolean subscribed, boolean children, boolean specialUse, List<StatusItem> status) {
    public static final ListReturnOptions NONE = new ListReturnOptions(false, false, false, null);

    public ListReturnOptions {
        status = status == null ? null : List.copyOf(status);
    }
}
