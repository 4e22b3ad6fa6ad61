package org.tegami.imap.server.command;

import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.CommandContext;
import org.tegami.store.Quota;
import org.tegami.store.QuotaUsage;

/**
 * The account's one quota root and its {@code * QUOTA} response (RFC 9208 §5.1), for GETQUOTA and GETQUOTAROOT.
 * The root is named {@code ""} and covers every mailbox of the account. An account without any limit has no
 * quota root: the response's resource list cannot be empty (RFC 9208 §9, quota-list).
 */
final class QuotaResponder {
    /** The name of the account's quota root. */
    static final String ROOT = "";

    /** RFC 9208 §5.1: STORAGE is counted in units of 1024 octets. */
    private static final long STORAGE_UNIT_OCTETS = 1024;

    private QuotaResponder() {
    }

    static boolean hasRoot(Quota quota) {
        return quota.limitsStorage() || quota.limitsMessages();
    }

    /** Writes {@code * QUOTA "" (STORAGE used limit MESSAGE used limit)}, naming only the limited resources. */
    static void write(CommandContext context, Quota quota, QuotaUsage usage) {
        ResponseWriter w = context.response().raw("* QUOTA ").string(ROOT).raw(" (");
        if (quota.limitsStorage()) {
            // Both rounded up: a limit set in octets never reads as lower than what it lets through.
            w.raw("STORAGE ").number(units(usage.storageBytes())).space().number(units(quota.storageBytes()));
        }
        if (quota.limitsMessages()) {
            if (quota.limitsStorage()) {
                w.space();
            }
            w.raw("MESSAGE ").number(usage.messages()).space().number(quota.messages());
        }
        context.send(w.raw(")").crlf());
    }

    private static long units(long octets) {
        return Math.ceilDiv(octets, STORAGE_UNIT_OCTETS);
    }
}
