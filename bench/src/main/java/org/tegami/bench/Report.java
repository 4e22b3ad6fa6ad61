package org.tegami.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a comparison: every round's figures per workload and server, their medians, and
 * the ratio Tegami/Dovecot of each median; written as JSON and as a Markdown page.
 */
final class Report {

    /** A target of the issue: a figure, the ratio it must reach (or the absolute bound), and how. */
    record Goal(String workload, String figure, String rule, double bound, boolean absolute) {
        boolean met(double value) {
            return rule.equals(">=") ? value >= bound : value <= bound;
        }
    }

    static final List<Goal> GOALS = List.of(
            new Goal("steady-10", "total ops/s", ">=", 1.5, false),
            new Goal("steady-100", "total ops/s", ">=", 1.5, false),
            new Goal("sessions-", "total ops/s", ">=", 1.0, false),
            new Goal("append-durable-", "messages/s", ">=", 1.5, false),
            new Goal("big-mailbox", "SELECT ms", "<=", 0.5, false),
            new Goal("big-mailbox", "FETCH 1:* (UID FLAGS) ms", "<=", 0.5, false),
            new Goal("big-mailbox", "UID SEARCH UNSEEN ms", "<=", 0.5, false),
            new Goal("big-mailbox", "SEARCH TEXT ms", "<=", 0.5, false),
            new Goal("big-mailbox", "SORT (DATE) ms", "<=", 0.5, false),
            new Goal("idle-scale-", "server RSS MiB", "<=", 3072, true),
            new Goal("idle-scale-", "notify all ms", "<=", 2000, true),
            new Goal("tls-handshakes", "full handshakes/s", ">=", 1.0, false),
            new Goal("tls-handshakes", "resumed handshakes/s", ">=", 1.0, false));

    private final String baseline;
    private final String subject;
    /** workload → server → rounds' figures */
    private final Map<String, Map<String, List<Figures>>> runs = new LinkedHashMap<>();

    Report(String baseline, String subject) {
        this.baseline = baseline;
        this.subject = subject;
    }

    void add(String workload, String server, Figures figures) {
        runs.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(server, s -> new ArrayList<>()).add(figures);
    }

    /** The median of a figure over the rounds, or NaN when no round has it. */
    double median(String workload, String server, String figure) {
        List<Double> values = new ArrayList<>();
        for (Figures f : runs.getOrDefault(workload, Map.of()).getOrDefault(server, List.of())) {
            Double v = f.values().get(figure);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private List<String> figureNames(String workload) {
        List<String> names = new ArrayList<>();
        for (List<Figures> rounds : runs.get(workload).values()) {
            for (Figures f : rounds) {
                f.values().keySet().forEach(n -> {
                    if (!names.contains(n)) {
                        names.add(n);
                    }
                });
                f.notes().keySet().forEach(n -> {
                    if (!names.contains(n)) {
                        names.add(n);
                    }
                });
            }
        }
        return names;
    }

    private String notes(String workload, String server, String figure) {
        List<String> notes = new ArrayList<>();
        for (Figures f : runs.getOrDefault(workload, Map.of()).getOrDefault(server, List.of())) {
            String note = f.notes().get(figure);
            if (note != null && !notes.contains(note)) {
                notes.add(note);
            }
        }
        return String.join("; ", notes);
    }

    String markdown(String header) {
        StringBuilder md = new StringBuilder(header);
        md.append("\n## Targets\n\n| workload | figure | target | Tegami/Dovecot (or value) | met |\n|---|---|---|---|---|\n");
        for (Goal goal : GOALS) {
            for (String workload : runs.keySet()) {
                // "sessions-" names every size of a workload; "steady-10" only that one (not steady-100).
                boolean applies = goal.workload().endsWith("-") ? workload.startsWith(goal.workload())
                        : workload.equals(goal.workload());
                if (!applies) {
                    continue;
                }
                double value = goal.absolute() ? median(workload, subject, goal.figure())
                        : median(workload, subject, goal.figure()) / median(workload, baseline, goal.figure());
                String target = (goal.absolute() ? "Tegami " : "ratio ") + goal.rule() + " " + number(goal.bound());
                String verdict = Double.isNaN(value) ? "not measured" : goal.met(value) ? "yes"
                        : "no (" + shortfall(goal, value) + ")";
                String shown = Double.isNaN(value) ? notesOf(workload, goal.figure()) : number(value);
                md.append("| ").append(workload).append(" | ").append(goal.figure()).append(" | ").append(target)
                        .append(" | ").append(shown).append(" | ").append(verdict).append(" |\n");
            }
        }
        for (String workload : runs.keySet()) {
            md.append("\n## ").append(workload).append("\n\n| figure | ").append(baseline).append(" | ")
                    .append(subject).append(" | ").append(subject).append('/').append(baseline)
                    .append(" | better |\n|---|---|---|---|---|\n");
            for (String figure : figureNames(workload)) {
                double a = median(workload, baseline, figure);
                double b = median(workload, subject, figure);
                double ratio = b / a;
                String better = Double.isNaN(ratio) || Double.isInfinite(ratio) || ratio == 1 ? ""
                        : (Figures.higherIsBetter(figure) ? ratio >= 1 : ratio <= 1) ? subject : baseline;
                md.append("| ").append(figure).append(" | ").append(cell(a, workload, baseline, figure))
                        .append(" | ").append(cell(b, workload, subject, figure)).append(" | ")
                        .append(Double.isNaN(ratio) || Double.isInfinite(ratio) ? "—" : number(ratio))
                        .append(" | ").append(better).append(" |\n");
            }
        }
        return md.toString();
    }

    private String notesOf(String workload, String figure) {
        String n = notes(workload, subject, figure);
        return n.isEmpty() ? "—" : n;
    }

    private static String shortfall(Goal goal, double value) {
        if (goal.absolute()) {
            return number(value) + " against " + number(goal.bound());
        }
        return goal.rule().equals(">=")
                ? String.format(Locale.ROOT, "%.0f %% short", 100 * (1 - value / goal.bound()))
                : String.format(Locale.ROOT, "%.1f× over", value / goal.bound());
    }

    private String cell(double value, String workload, String server, String figure) {
        String note = notes(workload, server, figure);
        if (Double.isNaN(value)) {
            return note.isEmpty() ? "—" : note;
        }
        return number(value) + (note.isEmpty() ? "" : " (" + note + ")");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    /** Every round's figures and the medians, as JSON. */
    String json(Map<String, String> machine) {
        StringBuilder j = new StringBuilder("{\n  \"machine\": {");
        int m = 0;
        for (Map.Entry<String, String> e : machine.entrySet()) {
            j.append(m++ == 0 ? "" : ", ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        j.append("},\n  \"workloads\": {");
        int w = 0;
        for (String workload : runs.keySet()) {
            j.append(w++ == 0 ? "\n" : ",\n").append("    ").append(quote(workload)).append(": {");
            int s = 0;
            for (Map.Entry<String, List<Figures>> server : runs.get(workload).entrySet()) {
                j.append(s++ == 0 ? "\n" : ",\n").append("      ").append(quote(server.getKey()))
                        .append(": {\"rounds\": [");
                int r = 0;
                for (Figures f : server.getValue()) {
                    j.append(r++ == 0 ? "" : ", ").append(figuresJson(f.values()));
                }
                Map<String, Double> medians = new LinkedHashMap<>();
                for (String figure : figureNames(workload)) {
                    double v = median(workload, server.getKey(), figure);
                    if (!Double.isNaN(v)) {
                        medians.put(figure, v);
                    }
                }
                j.append("], \"median\": ").append(figuresJson(medians)).append('}');
            }
            j.append("\n    }");
        }
        return j.append("\n  }\n}\n").toString();
    }

    static String figuresJson(Map<String, Double> values) {
        StringBuilder j = new StringBuilder("{");
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            j.append(i++ == 0 ? "" : ", ").append(quote(e.getKey())).append(": ")
                    .append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return j.append('}').toString();
    }

    /** A JSON string (RFC 8259 §7). */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
