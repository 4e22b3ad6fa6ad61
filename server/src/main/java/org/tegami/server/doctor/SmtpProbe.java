package org.tegami.server.doctor;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Talks enough SMTP to judge a submission port: the greeting, EHLO before and after STARTTLS
 * (RFC 5321 §4.1.1.1, RFC 3207), and AUTH PLAIN over TLS (RFC 4954, RFC 4616).
 */
final class SmtpProbe {

    /** A reply: its code and the text of each line. */
    private record Reply(int code, List<String> lines) {
        String text() {
            return code + " " + String.join(" / ", lines);
        }
    }

    void probe(Service service, Socket socket, TlsUpgrade upgrade, Diagnosis diagnosis) {
        String check = "SMTP on " + service.port();
        try {
            LineConnection connection = new LineConnection(socket);
            Reply greeting = read(connection);
            if (greeting.code() != 220) {
                diagnosis.add(greeting.code() == 554
                        ? CheckResult.fail(check, "the server refuses the connection: " + greeting.text(),
                                "the server's log says why (this address may be blocked)")
                        : CheckResult.fail(check, "port " + service.port() + " answered \""
                                        + ImapProbe.shorten(greeting.text()) + "\", not an SMTP greeting",
                                "another service listens on port " + service.port() + "; move it, or point the "
                                        + "submission listener at this port"));
                connection.close();
                return;
            }
            Map<String, String> extensions = ehlo(connection);
            if (service.implicitTls()) {
                diagnosis.add(afterTls(check, extensions));
                quit(connection);
                return;
            }
            diagnosis.add(beforeTls(check, service, extensions));
            if (!extensions.containsKey("STARTTLS")) {
                quit(connection);
                return;
            }
            connection.writeLine("STARTTLS");
            Reply answer = read(connection);
            if (answer.code() != 220) {
                diagnosis.add(CheckResult.fail("STARTTLS on " + service.port(), "the server answered \""
                                + ImapProbe.shorten(answer.text()) + "\"",
                        "check the server's TLS settings; its log says why STARTTLS failed"));
                connection.close();
                return;
            }
            Optional<Socket> secure = upgrade.upgrade(connection.socket());
            if (secure.isPresent()) {
                LineConnection tls = new LineConnection(secure.get());
                // RFC 3207 §4.2: everything learnt before TLS is forgotten, so EHLO again.
                diagnosis.add(afterTls("SMTP on " + service.port() + " after STARTTLS", ehlo(tls)));
                quit(tls);
            }
        } catch (IOException e) {
            diagnosis.add(CheckResult.fail(check, "the SMTP conversation broke off: " + e.getMessage(),
                    "check the server's log for this connection"));
            ImapProbe.closeQuietly(socket);
        }
    }

    private static CheckResult beforeTls(String check, Service service, Map<String, String> extensions) {
        String listed = "EHLO before TLS: " + String.join(" ", extensions.keySet());
        if (!extensions.containsKey("STARTTLS")) {
            return CheckResult.fail(check, "no STARTTLS on port " + service.port() + "; " + listed,
                    "enable STARTTLS on port " + service.port() + ", or close the port and let clients use 465");
        }
        // RFC 4954 §4 and RFC 8314 §3.2: a password must never cross the network in clear.
        if (extensions.containsKey("AUTH")) {
            return CheckResult.fail(check, "AUTH is offered before TLS, so passwords could travel in clear; " + listed,
                    "offer AUTH only after STARTTLS on port " + service.port());
        }
        return CheckResult.ok(check, "greeting 220; " + listed);
    }

    private static CheckResult afterTls(String check, Map<String, String> extensions) {
        String listed = "EHLO " + String.join(" ", extensions.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + " " + e.getValue()).toList());
        if (!extensions.containsKey("AUTH")) {
            return CheckResult.fail(check, "no AUTH under TLS, so mail clients cannot log in to send; " + listed,
                    "enable authentication on the submission port (RFC 6409 §4.3)");
        }
        if (!List.of(extensions.get("AUTH").toUpperCase(Locale.ROOT).split("\\s+")).contains("PLAIN")) {
            return CheckResult.warning(check, "AUTH without PLAIN; " + listed,
                    "offer AUTH PLAIN under TLS: every mail client speaks it");
        }
        return CheckResult.ok(check, "greeting 220; " + listed);
    }

    /** AUTH PLAIN over TLS on a new connection; {@code upgrade} makes it TLS (directly or after STARTTLS). */
    LoginOutcome login(Socket socket, Service service, TlsUpgrade upgrade, String user, String password) {
        try {
            Optional<Socket> secure;
            if (service.implicitTls()) {
                secure = upgrade.upgrade(socket);
            } else {
                LineConnection connection = new LineConnection(socket);
                if (read(connection).code() != 220) {
                    connection.close();
                    return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no SMTP greeting");
                }
                ehlo(connection);
                connection.writeLine("STARTTLS");
                if (read(connection).code() != 220) {
                    connection.close();
                    return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "STARTTLS refused");
                }
                secure = upgrade.upgrade(socket);
            }
            if (secure.isEmpty()) {
                return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no TLS with the certificate checked above");
            }
            LineConnection tls = new LineConnection(secure.get());
            if (service.implicitTls() && read(tls).code() != 220) {
                tls.close();
                return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no SMTP greeting");
            }
            ehlo(tls);
            // RFC 4616 §2: authorization identity (empty), authentication identity, password, NUL-separated.
            byte[] plain = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
            tls.writeLine("AUTH PLAIN " + Base64.getEncoder().encodeToString(plain));
            Reply answer = read(tls);
            quit(tls);
            return new LoginOutcome(answer.code() == 235 ? LoginOutcome.Kind.ACCEPTED
                    : answer.code() / 100 == 5 ? LoginOutcome.Kind.REFUSED : LoginOutcome.Kind.UNAVAILABLE,
                    answer.text());
        } catch (IOException e) {
            ImapProbe.closeQuietly(socket);
            return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, String.valueOf(e.getMessage()));
        }
    }

    /** EHLO with this side's address literal (RFC 5321 §4.1.4); the extensions by keyword, upper-cased. */
    private static Map<String, String> ehlo(LineConnection connection) throws IOException {
        connection.writeLine("EHLO " + addressLiteral(connection.socket().getLocalAddress()));
        Reply reply = read(connection);
        if (reply.code() != 250) {
            throw new IOException("EHLO was answered with \"" + ImapProbe.shorten(reply.text()) + "\"");
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            String[] parts = line.trim().split("\\s+", 2);
            extensions.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
        }
        return extensions;
    }

    private static String addressLiteral(InetAddress address) {
        return address instanceof Inet6Address
                ? "[IPv6:" + address.getHostAddress().replaceFirst("%.*$", "") + "]"
                : "[" + address.getHostAddress() + "]";
    }

    /** A whole reply: lines "250-…" continue it, "250 …" ends it (RFC 5321 §4.2.1). */
    private static Reply read(LineConnection connection) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = connection.readLine();
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new IOException("not an SMTP reply: \"" + ImapProbe.shorten(line) + "\"");
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    private static void quit(LineConnection connection) {
        try {
            connection.writeLine("QUIT");
            read(connection);
        } catch (IOException e) {
            // the checks are done; a server that hangs up early is not worth a line
        } finally {
            ImapProbe.closeQuietly(connection.socket());
        }
    }
}
