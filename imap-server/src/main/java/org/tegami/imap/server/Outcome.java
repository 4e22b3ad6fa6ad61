package org.tegami.imap.server;

/**
 * How a command ends: the tagged status, an optional response code (without brackets, e.g.
 * {@code TRYCREATE} or {@code APPENDUID 38505 3955}) and a human-readable text.
 */
public record Outcome(Status status, String code, String text) {

    /** CONTINUED: the command goes on (IDLE, AUTHENTICATE); its tagged response comes later. */
    public enum Status { OK, NO, BAD, CONTINUED }

    public static final Outcome CONTINUED = new Outcome(Status.CONTINUED, null, null);

    public static Outcome ok(String text) {
        return new Outcome(Status.OK, null, text);
    }

    public static Outcome ok(String code, String text) {
        return new Outcome(Status.OK, code, text);
    }

    public static Outcome no(String code, String text) {
        return new Outcome(Status.NO, code, text);
    }

    public static Outcome bad(String text) {
        return new Outcome(Status.BAD, null, text);
    }

    public static Outcome bad(String code, String text) {
        return new Outcome(Status.BAD, code, text);
    }
}
