package org.tegami.imap.server;

/**
 * The CAPABILITY list (RFC 9051 §6.1.1): exactly what works. AUTH= mechanisms and login are offered
 * only under TLS; on a cleartext connection STARTTLS and LOGINDISABLED are announced instead.
 */
public final class Capabilities {
    private Capabilities() {
    }

    private static final String COMMON = "IMAP4rev2 IMAP4rev1 SASL-IR LITERAL+ ENABLE ID IDLE NAMESPACE UNSELECT"
            + " UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE MOVE ESEARCH SEARCHRES"
            + " BINARY MULTIAPPEND STATUS=SIZE WITHIN";

    public static String forSession(boolean tls, boolean notAuthenticated, long appendLimitBytes) {
        StringBuilder sb = new StringBuilder(COMMON).append(" APPENDLIMIT=").append(appendLimitBytes);
        if (!tls) {
            sb.append(" STARTTLS LOGINDISABLED");
        } else if (notAuthenticated) {
            sb.append(" AUTH=PLAIN AUTH=LOGIN");
        }
        return sb.toString();
    }
}
