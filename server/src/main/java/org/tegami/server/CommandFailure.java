package org.tegami.server;

/**
 * A failure the person running {@code tegami} can fix: a bad setting, a taken port, an unknown user.
 * Its message is the one line printed before exiting with status 1, so it names what went wrong and,
 * where there is one, the setting or flag that changes it. No stack trace is printed for these.
 */
public final class CommandFailure extends RuntimeException {

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
