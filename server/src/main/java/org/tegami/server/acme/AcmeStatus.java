package org.tegami.server.acme;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of the last ACME attempt, kept in the data directory so the commands that run beside the
 * server ({@code tegami tls list}, {@code tegami doctor}) can say why a certificate is missing.
 *
 * @param ok          whether the last attempt obtained (or kept) a certificate
 * @param at          when it ended
 * @param detail      what happened, e.g. the CA's problem document
 * @param nextAttempt when the next attempt (renewal or retry) is due
 */
public record AcmeStatus(boolean ok, Instant at, String detail, Optional<Instant> nextAttempt) {

    String format() {
        StringBuilder text = new StringBuilder();
        text.append("state: ").append(ok ? "ok" : "failed").append('\n');
        text.append("at: ").append(at).append('\n');
        // One line: a multi-line problem detail is folded so the file stays line-oriented.
        text.append("detail: ").append(detail.replaceAll("\\s*\\R\\s*", " ")).append('\n');
        nextAttempt.ifPresent(next -> text.append("next_attempt: ").append(next).append('\n'));
        return text.toString();
    }

    static AcmeStatus parse(List<String> lines) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        if (!fields.containsKey("state") || !fields.containsKey("at")) {
            throw new IllegalArgumentException("not an ACME status file");
        }
        return new AcmeStatus("ok".equals(fields.get("state")), Instant.parse(fields.get("at")),
                fields.getOrDefault("detail", ""),
                Optional.ofNullable(fields.get("next_attempt")).map(Instant::parse));
    }
}
