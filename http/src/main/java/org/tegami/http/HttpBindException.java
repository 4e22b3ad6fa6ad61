package org.tegami.http;

/** A listener could not bind its address; the message names the address and the reason. */
public final class HttpBindException extends RuntimeException {
    private final HttpListener listener;

    public HttpBindException(HttpListener listener, Throwable cause) {
        super("cannot listen on " + listener.address().getHostString() + ":" + listener.address().getPort()
                + " for " + listener.name() + ": " + reason(cause), cause);
        this.listener = listener;
    }

    public HttpListener listener() {
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
        if (message.contains("Cannot assign requested address")) {
            return "no such local address";
        }
        return message;
    }
}
