package org.tegami.server.doctor;

import java.util.Optional;

/**
 * One line of a diagnosis: what was checked, how it went, what was found and, unless it passed
 * cleanly, what to do about it.
 *
 * @param check  a short, stable name such as {@code port 993} or {@code certificate trust}
 * @param detail what was found, in one line
 * @param remedy the concrete fix, for warnings and failures
 */
public record CheckResult(String check, Status status, String detail, Optional<String> remedy) {

    /** A warning passes (the exit status stays 0) but still tells the reader what to look at. */
    public enum Status { OK, WARNING, FAIL }

    public static CheckResult ok(String check, String detail) {
        return new CheckResult(check, Status.OK, detail, Optional.empty());
    }

    public static CheckResult warning(String check, String detail, String remedy) {
        return new CheckResult(check, Status.WARNING, detail, Optional.of(remedy));
    }

    public static CheckResult fail(String check, String detail, String remedy) {
        return new CheckResult(check, Status.FAIL, detail, Optional.of(remedy));
    }

    public boolean passed() {
        return status != Status.FAIL;
    }
}
