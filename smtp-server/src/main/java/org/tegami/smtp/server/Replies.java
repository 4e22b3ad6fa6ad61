package org.tegami.smtp.server;

import org.tegami.smtp.protocol.Reply;

/** Replies used by more than one handler, with their enhanced status codes (RFC 3463). */
public final class Replies {
    private Replies() {
    }

    public static final Reply OK = Reply.of(250, "2.0.0", "OK");
    public static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");
    public static final Reply NEEDS_TLS = Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    public static final Reply NEEDS_AUTH = Reply.of(530, "5.7.0", "Authentication required");
    public static final Reply TOO_BIG = Reply.of(552, "5.3.4", "Message too big for system");
    public static final Reply TRY_LATER = Reply.of(451, "4.3.0", "Temporary storage failure; please try again later");
}
