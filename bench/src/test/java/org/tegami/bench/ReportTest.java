package org.tegami.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Figures figures(String name, double value) {
        Figures f = new Figures();
        f.put(name, value);
        return f;
    }

    @Test
    void mediansAndRatiosOfAlternatingRounds() {
        Report report = new Report("dovecot", "tegami");
        for (double v : new double[] {100, 300, 200}) {
            report.add("steady-10", "dovecot", figures("total ops/s", v));
        }
        for (double v : new double[] {310, 290, 900}) {
            report.add("steady-10", "tegami", figures("total ops/s", v));
        }
        assertEquals(200, report.median("steady-10", "dovecot", "total ops/s"));
        assertEquals(310, report.median("steady-10", "tegami", "total ops/s"));
        String md = report.markdown("# t\n");
        assertTrue(md.contains("| steady-10 | total ops/s | ratio >= 1.50 | 1.55 | yes |"), md);
        report.add("steady-100", "dovecot", figures("total ops/s", 100));
        report.add("steady-100", "tegami", figures("total ops/s", 100));
        String both = report.markdown("");
        assertEquals(1, both.lines().filter(l -> l.startsWith("| steady-10 | total ops/s | ratio")).count(), both);
        assertEquals(1, both.lines().filter(l -> l.startsWith("| steady-100 | total ops/s | ratio")).count(), both);
        assertTrue(md.contains("| total ops/s | 200 | 310 | 1.55 | tegami |"), md);
        String json = report.json(Map.of("cores", "2"));
        assertTrue(json.contains("\"median\": {\"total ops/s\": 310.0000}"), json);
    }

    @Test
    void aMissedTargetSaysByHowMuch() {
        Report report = new Report("dovecot", "tegami");
        report.add("big-mailbox", "dovecot", figures("SELECT ms", 10));
        report.add("big-mailbox", "tegami", figures("SELECT ms", 20));
        assertTrue(report.markdown("").contains("| big-mailbox | SELECT ms | ratio <= 0.500 | 2.00 | no (4.0× over) |"));
    }
}
