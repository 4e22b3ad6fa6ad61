package org.tegami.server.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client-side diagnosis of a mail server, as a mail client would meet it: DNS, then each of the
 * four ports (reachable, TLS, certificate, protocol), then with a password the logins. Every check
 * adds one {@link CheckResult}; a failure skips only what depends on it.
 */
public final class Doctor {

    private final DnsChecks dns;
    private final PortCheck portCheck;
    private final TlsInspection tls;
    private final CertificateCheck certificates;
    private final ImapProbe imap = new ImapProbe();
    private final SmtpProbe smtp = new SmtpProbe();

    public Doctor(DnsChecks dns, PortCheck portCheck, TlsInspection tls, CertificateCheck certificates) {
        this.dns = dns;
        this.portCheck = portCheck;
        this.tls = tls;
        this.certificates = certificates;
    }

    /**
     * @param user     the user name the mail client is set up with; by default the address
     * @param password present to check the logins
     */
    public Diagnosis diagnose(Target target, Ports ports, Optional<String> user, Optional<String> password) {
        Diagnosis diagnosis = new Diagnosis();
        String host;
        switch (target) {
            case Target.Address address -> {
                Optional<DnsChecks.MailHost> found = dns.mailHost(address.domain(), diagnosis);
                if (found.isEmpty()) {
                    return diagnosis;
                }
                host = found.get().name();
            }
            case Target.Host given -> host = given.name();
        }
        List<InetAddress> addresses = dns.addresses(host, diagnosis);
        if (addresses.isEmpty()) {
            return diagnosis;
        }
        Run run = new Run(host, addresses, diagnosis);
        ports.services().forEach(run::probe);
        password.ifPresent(secret -> run.logins(target, user, secret));
        return diagnosis;
    }

    /** The state of one diagnosis: which certificates were judged, and which ports may carry a password. */
    private final class Run {
        private final String host;
        private final List<InetAddress> addresses;
        private final Diagnosis diagnosis;
        /** Fingerprint → the port that first showed it, and whether a client could use it. */
        private final Map<String, Judged> judged = new LinkedHashMap<>();
        /** Ports whose TLS and certificate are good enough to send a password over, in probe order. */
        private final List<Service> secure = new ArrayList<>();

        private record Judged(int port, boolean usable) {
        }

        Run(String host, List<InetAddress> addresses, Diagnosis diagnosis) {
            this.host = host;
            this.addresses = addresses;
            this.diagnosis = diagnosis;
        }

        void probe(Service service) {
            Optional<Socket> socket = portCheck.connect(host, addresses, service, diagnosis);
            if (socket.isEmpty()) {
                return;
            }
            TlsUpgrade inspecting = plain -> inspect(plain, service);
            if (!service.implicitTls()) {
                probeProtocol(service, socket.get(), inspecting);
                return;
            }
            inspecting.upgrade(socket.get()).ifPresent(secureSocket ->
                    probeProtocol(service, secureSocket, plain -> Optional.of(plain)));
        }

        private void probeProtocol(Service service, Socket socket, TlsUpgrade upgrade) {
            switch (service.protocol()) {
                case IMAP -> imap.probe(service, socket, upgrade, diagnosis);
                case SMTP -> smtp.probe(service, socket, upgrade, diagnosis);
            }
        }

        /** The handshake with its report; the certificate is judged once per distinct certificate. */
        private Optional<Socket> inspect(Socket plain, Service service) {
            TlsInspection.Handshake handshake;
            try {
                handshake = tls.handshake(plain, host, service.port());
            } catch (IOException e) {
                diagnosis.add(tls.failure(service, e));
                return Optional.empty();
            }
            String fingerprint = CertificateCheck.fingerprint(handshake.chain().getFirst());
            Judged earlier = judged.get(fingerprint);
            diagnosis.add(CheckResult.ok("TLS on " + service.port(), handshake.protocol() + ", "
                    + handshake.cipherSuite() + (earlier == null ? "" : "; the same certificate as port " + earlier.port())));
            boolean usable;
            if (earlier == null) {
                usable = certificates.check(handshake.chain(), host, "port " + service.port(), diagnosis);
                judged.put(fingerprint, new Judged(service.port(), usable));
            } else {
                usable = earlier.usable();
            }
            if (usable) {
                secure.add(service);
            }
            return Optional.of(handshake.socket());
        }

        void logins(Target target, Optional<String> user, String password) {
            Optional<String> address = target instanceof Target.Address a ? Optional.of(a.toString()) : Optional.empty();
            Optional<String> primary = user.or(() -> address);
            if (primary.isEmpty()) {
                diagnosis.add(CheckResult.warning("login", "not tried: a host has no user name",
                        "give the whole address instead of the host, or the user name with --user"));
                return;
            }
            // The usual mistake is a user name without the domain (or, on some servers, with it): try the other
            // form only after the given one failed, so a working setup costs a single attempt.
            Optional<String> alternative = address.flatMap(full -> {
                if (primary.get().equalsIgnoreCase(full)) {
                    return Optional.of(((Target.Address) target).localPart());
                }
                return primary.get().contains("@") ? Optional.empty() : Optional.of(full);
            });
            login(Service.Protocol.IMAP, "IMAP login", primary.get(), alternative, password);
            login(Service.Protocol.SMTP, "SMTP login", primary.get(), alternative, password);
        }

        private void login(Service.Protocol protocol, String check, String user, Optional<String> alternative,
                           String password) {
            Optional<Service> service = secure.stream().filter(s -> s.protocol() == protocol).findFirst();
            if (service.isEmpty()) {
                diagnosis.add(CheckResult.fail(check, "not tried: no " + protocol + " port offered TLS with a usable "
                                + "certificate, and the password is sent over nothing else",
                        "fix the failures above first"));
                return;
            }
            LoginOutcome outcome = attempt(service.get(), user, password);
            switch (outcome.kind()) {
                case ACCEPTED -> diagnosis.add(CheckResult.ok(check, "logged in as " + user + " on port "
                        + service.get().port() + (user.contains("@") ? " (the user name is the whole address)" : "")));
                case UNAVAILABLE -> diagnosis.add(CheckResult.fail(check, "could not try on port " + service.get().port()
                        + ": " + outcome.reply(), "fix the failures above first"));
                case REFUSED -> refused(check, service.get(), user, alternative, password, outcome);
            }
        }

        private void refused(String check, Service service, String user, Optional<String> alternative, String password,
                             LoginOutcome outcome) {
            if (alternative.isPresent()
                    && attempt(service, alternative.get(), password).kind() == LoginOutcome.Kind.ACCEPTED) {
                String other = alternative.get();
                diagnosis.add(other.contains("@")
                        ? CheckResult.fail(check, "login as " + user + " was refused, but " + other + " works",
                                "log in with the whole address " + other + " as the user name")
                        : CheckResult.fail(check, "login as " + user + " was refused, but " + other
                                        + " (without the domain) works",
                                "this server wants the user name without the domain: set it to " + other));
                return;
            }
            diagnosis.add(CheckResult.fail(check, "login as " + user + " was refused on port " + service.port() + ": "
                            + outcome.reply(),
                    "check the password and that the account exists (on Tegami: tegami user list; tegami user "
                            + "passwd ADDRESS sets a new password)"));
        }

        /** One login on a new connection, over TLS with the very certificate that was judged above. */
        private LoginOutcome attempt(Service service, String user, String password) {
            Socket socket = null;
            for (InetAddress address : addresses) {
                try {
                    socket = portCheck.open(address, service.port());
                    break;
                } catch (IOException e) {
                    // the next address, as the port check did
                }
            }
            if (socket == null) {
                return new LoginOutcome(LoginOutcome.Kind.UNAVAILABLE, "no connection");
            }
            TlsUpgrade pinned = plain -> {
                try {
                    TlsInspection.Handshake handshake = tls.handshake(plain, host, service.port());
                    Judged seen = judged.get(CertificateCheck.fingerprint(handshake.chain().getFirst()));
                    if (seen == null || !seen.usable()) {
                        // Not the certificate judged a moment ago: the password must not go to whoever this is.
                        ImapProbe.closeQuietly(handshake.socket());
                        return Optional.empty();
                    }
                    return Optional.of(handshake.socket());
                } catch (IOException e) {
                    return Optional.empty();
                }
            };
            return switch (service.protocol()) {
                case IMAP -> imap.login(socket, service, pinned, user, password);
                case SMTP -> smtp.login(socket, service, pinned, user, password);
            };
        }
    }
}
