package org.tegami.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tegami.server.doctor.CertificateCheck;
import org.tegami.server.doctor.Diagnosis;
import org.tegami.server.doctor.DnsChecks;
import org.tegami.server.doctor.Doctor;
import org.tegami.server.doctor.DoctorReport;
import org.tegami.server.doctor.PortCheck;
import org.tegami.server.doctor.Ports;
import org.tegami.server.doctor.Target;
import org.tegami.server.doctor.TlsInspection;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami doctor}: checks a mail server from the outside, the way a mail client meets it, and
 * says for each failure what to change. Works against any server, not only Tegami; needs no data
 * directory.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a mail server as a mail client sees it: DNS, ports, TLS, certificate, IMAP and SMTP,"
                + " and with a password the logins. Exit status 0 when every check passed (warnings pass)."})
public final class DoctorCommand implements Callable<Integer> {

    private static final int DNS_PORT = 53;

    private final Terminal terminal;
    private final Clock clock;

    @Parameters(paramLabel = "ADDRESS_OR_HOST",
            description = "An e-mail address (the host comes from DNS: SRV _imaps._tcp, SRV _imap._tcp, MX, "
                    + "mail.DOMAIN, DOMAIN) or the server's host name or IP address.")
    String target;

    @Option(names = "--password-stdin", description = "Read the password as one line from standard input and "
            + "check IMAP LOGIN and SMTP AUTH over TLS.")
    boolean passwordStdin;

    @Option(names = "--user", paramLabel = "NAME",
            description = "The user name the mail client is set up with (default: the address).")
    String user;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
            description = "Add N to the standard ports 993, 143, 465 and 587, as tegami serve --port-offset does.")
    int portOffset;

    @Option(names = "--imaps-port", paramLabel = "PORT") Integer imapsPort;
    @Option(names = "--imap-port", paramLabel = "PORT") Integer imapPort;
    @Option(names = "--submissions-port", paramLabel = "PORT") Integer submissionsPort;
    @Option(names = "--submission-port", paramLabel = "PORT") Integer submissionPort;

    @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory, when run on the "
            + "mail host: adds how the server's last ACME attempt went.")
    java.nio.file.Path dataDir;

    @Option(names = "--json", description = "Print a JSON array of {check, ok, warning, detail, remedy}.")
    boolean json;

    @Option(names = "--resolver", paramLabel = "HOST:PORT",
            description = "The DNS server to ask (default: this machine's resolvers).")
    String resolver;

    @Option(names = "--timeout-seconds", paramLabel = "N", defaultValue = "10",
            description = "How long to wait for each connection, DNS answer and reply (default: 10).")
    int timeoutSeconds;

    public DoctorCommand(Terminal terminal, Clock clock) {
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new CommandFailure("--timeout-seconds must be at least 1");
        }
        if (portOffset < 0 || portOffset > TegamiConfig.MAX_PORT_OFFSET) {
            throw new CommandFailure("--port-offset must be between 0 and " + TegamiConfig.MAX_PORT_OFFSET);
        }
        Target parsed = parseTarget(target);
        Ports standard = Ports.standard(portOffset);
        Ports ports = new Ports(port("--imaps-port", imapsPort, standard.imaps()),
                port("--imap-port", imapPort, standard.imap()),
                port("--submissions-port", submissionsPort, standard.submissions()),
                port("--submission-port", submissionPort, standard.submission()));
        Optional<String> password = passwordStdin ? Optional.of(readPassword()) : Optional.empty();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        Doctor doctor = new Doctor(new DnsChecks(dnsResolver(timeout), resolver == null), new PortCheck(timeout),
                new TlsInspection(), CertificateCheck.withDefaultTrustStore(clock));
        Diagnosis diagnosis = doctor.diagnose(parsed, ports, Optional.ofNullable(user), password);
        if (dataDir != null) {
            acmeCheck(dataDir).ifPresent(diagnosis::add);
        }
        DoctorReport report = new DoctorReport(diagnosis.results());
        if (json) {
            report.printJson(terminal.out());
        } else {
            terminal.out().println("tegami doctor " + parsed + ": ports " + ports.imaps() + ", " + ports.imap() + ", "
                    + ports.submissions() + ", " + ports.submission());
            report.printText(terminal.out());
        }
        return diagnosis.passed() ? 0 : 1;
    }

    /**
     * How the server's last ACME attempt went, from the status it keeps in the data directory; empty when it
     * never tried (no [acme]).
     */
    static Optional<org.tegami.server.doctor.CheckResult> acmeCheck(java.nio.file.Path dataDir) {
        return new org.tegami.server.acme.AcmeFiles(org.tegami.server.acme.AcmeFiles.directoryOf(dataDir),
                new java.security.SecureRandom()).status().map(status -> status.ok()
                ? org.tegami.server.doctor.CheckResult.ok("ACME", TlsCommand.describe(status))
                : org.tegami.server.doctor.CheckResult.fail("ACME", TlsCommand.describe(status),
                        "the server keeps its last good certificate (or the self-signed one) and tries again by "
                        + "itself; make every name resolve to this host and ports 443 (tls-alpn-01) or 80 (http-01) "
                        + "reachable from the internet, or check [acme] directory and contact"));
    }

    /** An address has an {@code @}; anything else is a host name or an IP address. */
    static Target parseTarget(String text) {
        try {
            if (text.contains("@")) {
                MailAddress address = MailAddress.parse(text);
                return new Target.Address(address.localPart(), address.domain());
            }
            String bare = text.strip();
            if (bare.contains(":") || bare.matches("[0-9.]+")) {
                return new Target.Host(bare.startsWith("[") ? bare.substring(1, bare.length() - 1) : bare);
            }
            return new Target.Host(MailAddress.normalizeDomain(bare));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + "; give an e-mail address or the server's host name");
        }
    }

    private static int port(String option, Integer explicit, int standard) {
        int port = explicit == null ? standard : explicit;
        if (port < 1 || port > 65535) {
            throw new CommandFailure(option + " must be between 1 and 65535");
        }
        return port;
    }

    private Resolver dnsResolver(Duration timeout) {
        Resolver chosen;
        if (resolver == null) {
            chosen = new ExtendedResolver();
        } else {
            chosen = new SimpleResolver(resolverAddress(resolver));
        }
        chosen.setTimeout(timeout);
        return chosen;
    }

    /** {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code [2001:db8::53]:53} or a host name. */
    static InetSocketAddress resolverAddress(String text) {
        String host = text.strip();
        int port = DNS_PORT;
        int colon = host.lastIndexOf(':');
        boolean bracketed = host.startsWith("[");
        if (colon > 0 && (bracketed ? host.indexOf(']') < colon : host.indexOf(':') == colon)) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CommandFailure("--resolver " + text + ": the port is not a number");
            }
            host = host.substring(0, colon);
        }
        if (bracketed && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65535) {
            throw new CommandFailure("--resolver " + text + ": the port must be between 1 and 65535");
        }
        try {
            return new InetSocketAddress(java.net.InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CommandFailure("--resolver " + text + ": '" + host + "' does not resolve; give an IP address");
        }
    }

    private String readPassword() {
        try {
            String line = terminal.in().readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("--password-stdin: no password on standard input");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
