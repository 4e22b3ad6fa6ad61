package org.tegami.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Finds the body parts of a multipart body by its boundary delimiter lines (RFC 2046 §5.1.1). */
final class MultipartSplitter {
    private MultipartSplitter() {
    }

    /** One body part: {@code raw[start, end)}, header and body. */
    record Region(int start, int end) {
    }

    /**
     * Splits {@code raw[bodyStart, bodyEnd)}. The preamble before the first delimiter and the epilogue
     * after the close delimiter belong to no part. A part ends before the line break that precedes the
     * next delimiter, which RFC 2046 §5.1.1 makes part of the delimiter. A missing close delimiter ends
     * the last part at {@code bodyEnd}, as mail clients do. Once {@code maxParts} parts are open, further
     * delimiters other than the close delimiter are taken as content of the last part.
     */
    static List<Region> split(byte[] raw, int bodyStart, int bodyEnd, String boundary, int maxParts) {
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        List<Region> parts = new ArrayList<>();
        int partStart = -1;
        int lineStart = bodyStart;
        while (lineStart < bodyEnd) {
            int lineFeed = LineScanner.indexOfLineFeed(raw, lineStart, bodyEnd);
            int nextLine = lineFeed < 0 ? bodyEnd : lineFeed + 1;
            if (raw[lineStart] == '-' && startsWith(raw, lineStart, bodyEnd, dashBoundary)) {
                int afterBoundary = lineStart + dashBoundary.length;
                int contentEnd = lineFeed < 0 ? bodyEnd : lineFeed;
                if (contentEnd > afterBoundary && raw[contentEnd - 1] == '\r') {
                    contentEnd--;
                }
                boolean close = afterBoundary + 2 <= contentEnd
                        && raw[afterBoundary] == '-' && raw[afterBoundary + 1] == '-';
                int paddingStart = close ? afterBoundary + 2 : afterBoundary;
                // RFC 2046 §5.1.1: only transport padding may follow the boundary on its line, which
                // keeps "--abc" from matching a nested "--abc-1".
                boolean budgetLeft = close || partStart < 0 || parts.size() + 1 < maxParts;
                if (budgetLeft && isTransportPadding(raw, paddingStart, contentEnd)) {
                    if (partStart >= 0) {
                        parts.add(new Region(partStart, endBeforeLineBreak(raw, partStart, lineStart)));
                    }
                    if (close) {
                        return parts;
                    }
                    partStart = nextLine;
                }
            }
            lineStart = nextLine;
        }
        if (partStart >= 0) {
            parts.add(new Region(partStart, bodyEnd));
        }
        return parts;
    }

    private static boolean startsWith(byte[] raw, int at, int limit, byte[] prefix) {
        if (limit - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTransportPadding(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] != ' ' && raw[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static int endBeforeLineBreak(byte[] raw, int partStart, int delimiterLine) {
        int end = delimiterLine;
        if (end > partStart && raw[end - 1] == '\n') {
            end--;
            if (end > partStart && raw[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }
}
