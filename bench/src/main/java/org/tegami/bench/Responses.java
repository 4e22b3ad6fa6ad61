package org.tegami.bench;

/** Reading the few untagged responses the workloads look at. */
final class Responses {

    private Responses() {
    }

    /** n of {@code * n EXISTS} (RFC 9051 §7.4.1), or -1 for any other response. */
    static long existsCount(String line) {
        if (!line.startsWith("* ") || !line.endsWith(" EXISTS")) {
            return -1;
        }
        String number = line.substring(2, line.length() - " EXISTS".length());
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
