package org.tegami.imap.server;

import java.util.List;

/**
 * The CAPABILITY list (RFC 9051 §6.1.1): exactly what works. AUTH= lists the SASL mechanisms the
 * connection offers (none before TLS; the -PLUS ones only with channel-binding data); on a cleartext
 * connection STARTTLS and LOGINDISABLED are announced instead.
 */
public final class Capabilities {
    private Capabilities() {
    }

    private static final String COMMON = "ENABLE ID IDLE NAMESPACE UNSELECT"
            + " UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE MOVE ESEARCH SEARCHRES"
            + " BINARY MULTIAPPEND STATUS=SIZE WITHIN CONDSTORE QRESYNC COMPRESS=DEFLATE UNAUTHENTICATE"
            + " PREVIEW PARTIAL SAVEDATE OBJECTID UIDONLY"
            + " INPROGRESS UTF8=ACCEPT REPLACE CATENATE SORT"
            + " SORT=DISPLAY ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES THREAD=REFS"
            // RFC 5267 §4: RETURN (CONTEXT UPDATE PARTIAL) on SEARCH and SORT, ADDTO/REMOVEFROM, CANCELUPDATE.
            + " CONTEXT=SEARCH CONTEXT=SORT"
            // RFC 9208 §3: the account is one quota root; STORAGE and MESSAGE are the resources it limits.
            + " QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE"
            // RFC 5464 §1: METADATA covers server and mailbox entries (METADATA-SERVER would be server only).
            + " METADATA"
            // RFC 9590: LIST ... RETURN (METADATA (entries)), on top of METADATA.
            + " LIST-METADATA"
            // RFC 5465: its metadata events follow METADATA below (see offers).
            + " NOTIFY";

    private static final java.util.Set<String> COMMON_NAMES = java.util.Set.of(COMMON.split(" "));

    /**
     * Whether an extension is announced to every authenticated session; what depends on another extension asks
     * here (NOTIFY's metadata events exist only with METADATA, RFC 5465 §5.7).
     */
    public static boolean offers(String capability) {
        return COMMON_NAMES.contains(capability);
    }

    /** {@code literalMinus}: LITERAL- (RFC 7888 §5) is announced instead of LITERAL+. */
    public static String forSession(boolean tls, boolean notAuthenticated, long appendLimitBytes, boolean literalMinus,
                                    List<String> mechanisms) {
        StringBuilder sb = new StringBuilder("IMAP4rev2 IMAP4rev1 SASL-IR ").append(literalMinus ? "LITERAL-" : "LITERAL+")
                .append(' ').append(COMMON).append(" APPENDLIMIT=").append(appendLimitBytes);
        if (!tls) {
            sb.append(" STARTTLS LOGINDISABLED");
        } else if (notAuthenticated) {
            for (String mechanism : mechanisms) {
                sb.append(" AUTH=").append(mechanism);
            }
        }
        return sb.toString();
    }
}
