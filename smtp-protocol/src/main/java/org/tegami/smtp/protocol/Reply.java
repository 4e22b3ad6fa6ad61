package org.tegami.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A server reply (RFC 5321 §4.2) with its enhanced status code (RFC 3463, RFC 2034), e.g.
 * {@code 550 5.1.1 No such user}. Multi-line replies repeat the code on every line. Text is ASCII.
 */
public record Reply(int code, String enhancedCode, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    public static Reply of(int code, String enhancedCode, String text) {
        return new Reply(code, enhancedCode, List.of(text));
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransientFailure() {
        return code >= 400 && code < 500;
    }

    /** The reply as sent: {@code 250-2.0.0 first} … {@code 250 2.0.0 last}, CRLF after each line. */
    public byte[] render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedCode != null) {
                sb.append(enhancedCode).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
