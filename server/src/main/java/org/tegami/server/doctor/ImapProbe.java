package org.tegami.server.doctor;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Talks enough IMAP to judge a port: the greeting, CAPABILITY before and after STARTTLS (RFC 9051
 * §6.1.1, §6.2.1), and LOGIN over TLS.
 */
final class ImapProbe {

    /** The greeting and capabilities of a port; on the STARTTLS port also STARTTLS itself. */
    void probe(Service service, Socket socket, TlsUpgrade upgrade, Diagnosis diagnosis) {
        String check = "IMAP on " + service.port();
        try {
            LineConnection connection = new LineConnection(socket);
            String greeting = connection.readLine();
            // RFC 9051 §7.1: OK (log in next) or PREAUTH; BYE means the server refuses this client.
            if (!greeting.startsWith("* OK") && !greeting.startsWith("* PREAUTH")) {
                diagnosis.add(greeting.startsWith("* BYE")
                        ? CheckResult.fail(check, "the server refuses the connection: " + greeting,
                                "the server's log says why (too many connections from this address?)")
                        : CheckResult.fail(check, "port " + service.port() + " answered \"" + shorten(greeting)
                                        + "\", not an IMAP greeting",
                                "another service listens on port " + service.port() + "; move it, or point the "
                                        + "IMAP listener at this port"));
                connection.close();
                return;
            }
            Set<String> capabilities = capabilities(connection, "a");
            if (service.implicitTls()) {
                diagnosis.add(afterTls(check, capabilities));
                logout(connection);
                return;
            }
            diagnosis.add(beforeTls(check, service, capabilities));
            if (!capabilities.contains("STARTTLS")) {
                logout(connection);
                return;
            }
            connection.writeLine("b STARTTLS");
            String answer = tagged(connection, "b", new ArrayList<>());
            if (!answer.startsWith("b OK")) {
                diagnosis.add(CheckResult.fail("STARTTLS on " + service.port(), "the server answered \""
                        + shorten(answer) + "\"", "check the server's TLS settings; its log says why STARTTLS failed"));
                connection.close();
                return;
            }
            Optional<Socket> secure = upgrade.upgrade(connection.socket());
            if (secure.isPresent()) {
                LineConnection tls = new LineConnection(secure.get());
                diagnosis.add(afterTls("IMAP on " + service.port() + " after STARTTLS", capabilities(tls, "c")));
                logout(tls);
            }
        } catch (IOException e) {
            diagnosis.add(CheckResult.fail(check, "the IMAP conversation broke off: " + e.getMessage(),
                    "check the server's log for this connection"));
            closeQuietly(socket);
        }
    }

    /** On a cleartext port: STARTTLS offered, and no way to send a password before it. */
    private static CheckResult beforeTls(String check, Service service, Set<String> capabilities) {
        String listed = "before TLS: " + String.join(" ", capabilities);
        if (!capabilities.contains("STARTTLS")) {
            return CheckResult.fail(check, "no STARTTLS on port " + service.port() + "; " + listed,
                    "enable STARTTLS on port " + service.port() + ", or close the port and let clients use 993");
        }
        // RFC 9051 §6.2.3 and RFC 8314 §3.2: no passwords in clear, so LOGINDISABLED and no AUTH= yet.
        if (!capabilities.contains("LOGINDISABLED") || capabilities.stream().anyMatch(c -> c.startsWith("AUTH="))) {
            return CheckResult.fail(check, "login is offered before TLS, so passwords could travel in clear; " + listed,
                    "make the server announce LOGINDISABLED and refuse LOGIN and AUTHENTICATE until STARTTLS");
        }
        return CheckResult.ok(check, "greeting OK; " + listed);
    }

    /** Under TLS: an IMAP server that lets the client log in. */
    private static CheckResult afterTls(String check, Set<String> capabilities) {
        String listed = "CAPABILITY " + String.join(" ", capabilities);
        if (!capabilities.contains("IMAP4REV1") && !capabilities.contains("IMAP4REV2")) {
            return CheckResult.fail(check, "neither IMAP4rev1 nor IMAP4rev2 announced; " + listed,
                    "this is not a usable IMAP server; check which service listens on this port");
        }
        if (capabilities.contains("LOGINDISABLED")) {
            return CheckResult.fail(check, "login is disabled even under TLS; " + listed,
                    "check the server's authentication settings");
        }
        if (capabilities.stream().noneMatch(c -> c.startsWith("AUTH="))) {
            return CheckResult.warning(check, "no AUTH= mechanism under TLS; " + listed,
                    "RFC 9051 §6.2 expects AUTH=PLAIN under TLS; some clients will not log in without it");
        }
        return CheckResult.ok(check, "greeting OK; " + listed);
    }

    /** LOGIN over TLS on a new connection: {@code upgrade} makes it TLS (directly or after STARTTLS). */
    LoginOutcome login(Socket socket, Service service, TlsUpgrade upgrade, String user, String password) {
        try {
            Optional<Socket> secure;
            if (service.implicitTls()) {
                secure = upgrade.upgrade(socket);
            } else {
                LineConnection connection = new LineConnection(socket);
                if (!connection.readLine().startsWith("* OK")) {
                    connection.close();
                    return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no IMAP greeting");
                }
                connection.writeLine("a STARTTLS");
                if (!tagged(connection, "a", new ArrayList<>()).startsWith("a OK")) {
                    connection.close();
                    return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "STARTTLS refused");
                }
                secure = upgrade.upgrade(socket);
            }
            if (secure.isEmpty()) {
                return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no TLS with the certificate checked above");
            }
            LineConnection tls = new LineConnection(secure.get());
            if (service.implicitTls() && !tls.readLine().startsWith("* OK")) {
                tls.close();
                return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no IMAP greeting");
            }
            tls.writeLine("b LOGIN " + quoted(user) + " " + quoted(password));
            String answer = tagged(tls, "b", new ArrayList<>());
            logout(tls);
            return new LoginOutcome(answer.startsWith("b OK") ? LoginOutcome.Kind.ACCEPTED : LoginOutcome.Kind.REFUSED,
                    answer.substring(2));
        } catch (IOException e) {
            closeQuietly(socket);
            return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, String.valueOf(e.getMessage()));
        }
    }

    /** The upper-cased capability atoms, from the untagged CAPABILITY response (RFC 9051 §7.2.2). */
    private static Set<String> capabilities(LineConnection connection, String tag) throws IOException {
        connection.writeLine(tag + " CAPABILITY");
        List<String> untagged = new ArrayList<>();
        String answer = tagged(connection, tag, untagged);
        Set<String> capabilities = new TreeSet<>();
        for (String line : untagged) {
            if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                for (String atom : line.substring("* CAPABILITY ".length()).trim().split("\\s+")) {
                    capabilities.add(atom.toUpperCase(Locale.ROOT));
                }
            }
        }
        if (!answer.startsWith(tag + " OK")) {
            throw new IOException("CAPABILITY was answered with \"" + shorten(answer) + "\"");
        }
        return capabilities;
    }

    /** Reads up to the tagged response of {@code tag}, collecting the untagged lines before it. */
    private static String tagged(LineConnection connection, String tag, List<String> untagged) throws IOException {
        while (true) {
            String line = connection.readLine();
            if (line.startsWith(tag + " ")) {
                return line;
            }
            untagged.add(line);
        }
    }

    private static void logout(LineConnection connection) {
        try {
            connection.writeLine("z LOGOUT");
            tagged(connection, "z", new ArrayList<>());
        } catch (IOException e) {
            // the checks are done; a server that hangs up early is not worth a line
        } finally {
            closeQuietly(connection.socket());
        }
    }

    /** An IMAP quoted string (RFC 9051 §4.3), which may hold any character but CR, LF and NUL. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String shorten(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to report
        }
    }
}
