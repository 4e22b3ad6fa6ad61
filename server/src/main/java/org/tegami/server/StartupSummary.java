package org.tegami.server;

import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a person needs after starting the server, on stdout: where it listens, the certificate's
 * fingerprint, a new postmaster password, and the settings to type into a mail client. Tests and
 * scripts read the {@code ... listening on host:port} lines, so their wording is fixed.
 *
 * @param postmaster set on the first start, when the first account was just created
 */
record StartupSummary(
        String hostname,
        Path dataDir,
        Optional<FirstAccount> postmaster,
        SelfSignedCertificate.Obtained selfSigned,
        ServerCertificate certificate,
        ListeningAddresses addresses) {

    /** The account made on the first start, with the only copy of its password. */
    record FirstAccount(String address, String password) {
    }

    void print(PrintWriter out) {
        out.println();
        out.println("Tegami mail server for " + hostname);
        out.println("Data directory: " + dataDir.toAbsolutePath().normalize());
        postmaster.ifPresent(account -> {
            out.println("First start: added local domain " + hostname + " and the account " + account.address());
            out.println("  Password for " + account.address() + ": " + account.password());
            out.println("  (shown only this once; change it with: tegami user passwd " + account.address() + ")");
        });
        if (selfSigned != null) {
            out.println((selfSigned.generated() ? "Generated a self-signed certificate: "
                    : "Using the self-signed certificate ") + selfSigned.certificateFile().toAbsolutePath().normalize());
        }
        out.println("Certificate SHA-256 fingerprint: " + certificate.sha256Fingerprint());
        Optional<InetSocketAddress> imapsAddress = addresses.imaps();
        Optional<InetSocketAddress> imapAddress = addresses.imap();
        imapsAddress.ifPresent(address -> out.println("IMAPS listening on " + hostAndPort(address)));
        imapAddress.ifPresent(address -> out.println("IMAP (STARTTLS) listening on " + hostAndPort(address)));
        addresses.submissions().ifPresent(address ->
                out.println("SMTP submission (SSL/TLS) listening on " + hostAndPort(address)));
        addresses.submission().ifPresent(address ->
                out.println("SMTP submission (STARTTLS) listening on " + hostAndPort(address)));
        addresses.smtp().ifPresent(address -> out.println("SMTP (MX) listening on " + hostAndPort(address)));
        addresses.lmtp().ifPresent(address -> out.println("LMTP listening on " + hostAndPort(address)));
        addresses.https().ifPresent(address -> out.println("HTTPS listening on " + hostAndPort(address)));
        addresses.http().ifPresent(address ->
                out.println("HTTP (redirects to HTTPS) listening on " + hostAndPort(address)));
        addresses.https().ifPresent(address -> out.println("Setup page for mail clients: https://" + hostname
                + (address.getPort() == 443 ? "" : ":" + address.getPort()) + "/"));

        out.println();
        out.println("Mail client settings");
        if (imapsAddress.isPresent()) {
            out.println("  Incoming mail (IMAP):  server " + hostname + ", port " + imapsAddress.get().getPort()
                    + ", SSL/TLS");
        }
        if (imapAddress.isPresent()) {
            out.println("  " + (imapsAddress.isPresent() ? "   or (IMAP):          " : "Incoming mail (IMAP):  ")
                    + "server " + hostname + ", port " + imapAddress.get().getPort() + ", STARTTLS");
        }
        List<String> outgoing = new ArrayList<>();
        addresses.submissions().ifPresent(address -> outgoing.add(address.getPort() + " SSL/TLS"));
        addresses.submission().ifPresent(address -> outgoing.add(address.getPort() + " STARTTLS"));
        if (!outgoing.isEmpty()) {
            out.println("  Outgoing mail (SMTP):  server " + hostname + ", port " + String.join(" or ", outgoing));
        }
        out.println("  User name:             the whole e-mail address"
                + postmaster.map(account -> ", e.g. " + account.address()).orElse(""));
        out.println("  Password:              the account's password (normal password, not encrypted/CRAM-MD5)");
        if (certificate.selfSigned()) {
            out.println("  Certificate:           self-signed; the client will warn once. Accept it only if it shows"
                    + " the SHA-256 fingerprint above");
        }
        out.flush();
    }

    /** {@code host:port}, with IPv6 addresses in brackets so the port is never ambiguous. */
    static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address v6) {
            host = v6.isAnyLocalAddress() ? "::" : host.replaceFirst("%.*$", "");
            host = "[" + host + "]";
        }
        return host + ":" + address.getPort();
    }
}
