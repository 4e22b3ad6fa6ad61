package org.tegami.message;

/** Byte-level line primitives shared by the header and multipart scanners. */
final class LineScanner {
    private LineScanner() {
    }

    /** Index of the next LF in {@code raw[from, to)}, or -1. */
    static int indexOfLineFeed(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Number of lines in {@code raw[from, to)}: each line break counts, and a last line without a
     * break counts too when it is not empty.
     */
    static long countLines(byte[] raw, int from, int to) {
        long lines = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n') {
                lines++;
            }
        }
        if (to > from && raw[to - 1] != '\n') {
            lines++;
        }
        return lines;
    }
}
