package org.tegami.server.doctor;

import java.io.PrintWriter;
import java.util.List;

/**
 * Renders a diagnosis for people (one line per check, the remedy indented under it) or for
 * programs ({@code --json}: an array of {@code {check, ok, warning, detail, remedy}} objects).
 */
public final class DoctorReport {

    private final List<CheckResult> results;

    public DoctorReport(List<CheckResult> results) {
        this.results = List.copyOf(results);
    }

    /**
     * {@code ✓}, {@code !} and {@code ✗}: the writers of {@code tegami} encode in the JVM's default
     * charset, which is UTF-8 unless someone changed it, so one set of symbols is enough.
     */
    public void printText(PrintWriter out) {
        for (CheckResult result : results) {
            String symbol = switch (result.status()) {
                case OK -> "✓";
                case WARNING -> "!";
                case FAIL -> "✗";
            };
            out.println(symbol + " " + result.check() + ": " + result.detail());
            result.remedy().ifPresent(remedy -> out.println("    → " + remedy));
        }
        long failed = results.stream().filter(result -> !result.passed()).count();
        long warnings = results.stream().filter(result -> result.status() == CheckResult.Status.WARNING).count();
        String warned = warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)");
        out.println(failed == 0
                ? "all " + results.size() + " checks passed" + warned
                : failed + " of " + results.size() + " checks failed" + warned);
        out.flush();
    }

    public void printJson(PrintWriter out) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            CheckResult result = results.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("  {\"check\": ").append(string(result.check()))
                    .append(", \"ok\": ").append(result.passed())
                    .append(", \"warning\": ").append(result.status() == CheckResult.Status.WARNING)
                    .append(", \"detail\": ").append(string(result.detail()))
                    .append(", \"remedy\": ").append(result.remedy().map(DoctorReport::string).orElse("null"))
                    .append('}');
        }
        json.append(results.isEmpty() ? "]" : "\n]");
        out.println(json);
        out.flush();
    }

    /** A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static String string(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        // U+2028/2029 are valid JSON but break JavaScript that embeds the output.
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.append('"').toString();
    }
}
