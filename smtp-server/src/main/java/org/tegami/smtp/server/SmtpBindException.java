package org.tegami.smtp.server;

/** A listener could not bind its address; the message names the address and the reason. */
public final class SmtpBindException extends RuntimeException {
    private final SmtpListener listener;

    public SmtpBindException(SmtpListener listener, Throwable cause) {
        super("cannot listen on " + listener.address().getHostString() + ":" + listener.address().getPort()
                + " for " + listener.name() + ": " + reason(cause), cause);
        this.listener = listener;
    }

    public SmtpListener listener() {
        return listener;
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (message.contains("Permission denied")) {
            return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
        }
        if (message.contains("Address already in use")) {
            return "address already in use (another server is listening there)";
        }
        return message;
    }
}
