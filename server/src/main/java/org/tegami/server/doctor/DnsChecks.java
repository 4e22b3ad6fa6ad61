package org.tegami.server.doctor;

import java.io.IOException;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What DNS says about a mail domain and its host: MX, the SRV records of RFC 6186 and RFC 8314,
 * the autoconfig names, and the host's addresses. Asks the given resolver (the system's, or
 * {@code --resolver}); for a host DNS does not know, it may fall back to the system's own lookup,
 * which also reads the hosts file, as a mail client on this machine would.
 */
public final class DnsChecks {

    /** RFC 8314 §5.1: the implicit-TLS services first, as clients should prefer them. */
    static final List<String> SRV_SERVICES = List.of("_imaps._tcp", "_imap._tcp", "_submissions._tcp",
            "_submission._tcp");

    /** Where the mail host was found, for the report. */
    record MailHost(String name, String source) {
    }

    private final Resolver resolver;
    private final boolean systemFallback;

    /**
     * @param systemFallback ask the system's lookup for a host DNS does not know; false when the
     *                       person named a resolver, so its answers are the only ones that count
     */
    public DnsChecks(Resolver resolver, boolean systemFallback) {
        this.resolver = resolver;
        this.systemFallback = systemFallback;
    }

    /**
     * Checks MX, SRV and autoconfig of a domain and picks the host a client would use: the target of
     * {@code _imaps._tcp}, else of {@code _imap._tcp}, else the first MX host, else {@code mail.<domain>},
     * else the domain itself, whichever exists first.
     */
    Optional<MailHost> mailHost(String domain, Diagnosis diagnosis) {
        List<MXRecord> mx = mx(domain, diagnosis);
        List<Optional<SRVRecord>> srv = srv(domain, diagnosis);
        autoconfig(domain, diagnosis);

        List<MailHost> candidates = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String service = SRV_SERVICES.get(i);
            srv.get(i).filter(r -> !r.getTarget().equals(Name.root))
                    .ifPresent(r -> candidates.add(new MailHost(text(r.getTarget()), "SRV " + service)));
        }
        mx.stream().filter(r -> !r.getTarget().equals(Name.root)).findFirst()
                .ifPresent(r -> candidates.add(new MailHost(text(r.getTarget()), "MX")));
        if (!candidates.isEmpty()) {
            MailHost chosen = candidates.getFirst();
            diagnosis.add(CheckResult.ok("mail host", chosen.name() + " (from " + chosen.source() + ")"));
            return Optional.of(chosen);
        }
        for (String guess : List.of("mail." + domain, domain)) {
            if (!dnsAddresses(guess).orElse(List.of()).isEmpty()) {
                diagnosis.add(CheckResult.warning("mail host", guess + " (a guess: no SRV or MX record names a host)",
                        "publish the MX and SRV records (tegami dns " + domain + " prints them)"));
                return Optional.of(new MailHost(guess, "guess"));
            }
        }
        diagnosis.add(CheckResult.fail("mail host", "no SRV, MX, mail." + domain + " or " + domain
                        + " record names a host for " + domain,
                "publish the MX, A/AAAA and SRV records (tegami dns " + domain + " prints them), or run the doctor "
                        + "with the server's host name instead of the address"));
        return Optional.empty();
    }

    private List<MXRecord> mx(String domain, Diagnosis diagnosis) {
        String check = "DNS MX";
        String publish = "publish " + domain + ". IN MX 10 <mail host>. (tegami dns " + domain
                + " prints every record)";
        try {
            Answer answer = query(domain, Type.MX);
            if (answer.rcode() == Rcode.NXDOMAIN) {
                diagnosis.add(CheckResult.fail(check, domain + " does not exist in DNS",
                        "check the spelling, or create the zone of " + domain + " and " + publish));
                return List.of();
            }
            List<MXRecord> records = answer.records(MXRecord.class).stream()
                    .sorted(Comparator.comparingInt(MXRecord::getPriority)).toList();
            if (records.isEmpty()) {
                diagnosis.add(CheckResult.fail(check, "no MX record for " + domain + " (" + answer.rcodeText() + ")",
                        publish));
            } else if (records.stream().anyMatch(r -> r.getTarget().equals(Name.root))) {
                // RFC 7505 §3: "MX 0 ." says the domain takes no mail at all.
                diagnosis.add(CheckResult.fail(check, domain + " says it accepts no mail (null MX)",
                        "replace the null MX: " + publish));
            } else {
                diagnosis.add(CheckResult.ok(check, String.join(", ", records.stream()
                        .map(r -> r.getPriority() + " " + text(r.getTarget())).toList())));
            }
            return records;
        } catch (IOException e) {
            diagnosis.add(lookupFailed(check, "MX of " + domain, e));
            return List.of();
        }
    }

    /** RFC 6186 §3.1: the lowest priority record of each service; "." as target means "not offered". */
    private List<Optional<SRVRecord>> srv(String domain, Diagnosis diagnosis) {
        List<Optional<SRVRecord>> found = new ArrayList<>();
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String service : SRV_SERVICES) {
            Optional<SRVRecord> record;
            try {
                record = query(service + "." + domain, Type.SRV).records(SRVRecord.class).stream()
                        .min(Comparator.comparingInt(SRVRecord::getPriority));
            } catch (IOException e) {
                record = Optional.empty();
            }
            found.add(record);
            record.ifPresentOrElse(r -> present.add(service + " → " + (r.getTarget().equals(Name.root)
                            ? "not offered" : text(r.getTarget()) + ":" + r.getPort())),
                    () -> missing.add(service));
        }
        if (missing.isEmpty()) {
            diagnosis.add(CheckResult.ok("DNS SRV", String.join(", ", present)));
        } else {
            diagnosis.add(CheckResult.warning("DNS SRV", "no record for " + String.join(", ", missing)
                            + (present.isEmpty() ? "" : "; found " + String.join(", ", present)),
                    "publish the SRV records of RFC 6186 and RFC 8314 so clients find the server by the address "
                            + "alone (tegami dns " + domain + " prints them)"));
        }
        return found;
    }

    private void autoconfig(String domain, Diagnosis diagnosis) {
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String label : List.of("autoconfig", "autodiscover")) {
            String name = label + "." + domain;
            Optional<String> target = cname(name)
                    .or(() -> dnsAddresses(name).filter(a -> !a.isEmpty()).map(a -> a.getFirst().getHostAddress()));
            target.ifPresentOrElse(t -> present.add(name + " → " + t), () -> missing.add(name));
        }
        if (missing.isEmpty()) {
            diagnosis.add(CheckResult.ok("DNS autoconfig", String.join(", ", present)));
        } else {
            diagnosis.add(CheckResult.warning("DNS autoconfig", "no record for " + String.join(", ", missing),
                    "publish CNAME records from autoconfig." + domain + " and autodiscover." + domain
                            + " to the mail host, so Thunderbird, Outlook and others set themselves up"));
        }
    }

    /** The host's addresses, IPv4 first; empty (and a failed check) when it has none. */
    List<InetAddress> addresses(String host, Diagnosis diagnosis) {
        String check = "DNS addresses";
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            diagnosis.add(CheckResult.ok(check, host + " is an IP address; nothing to look up"));
            return List.of(literal.get());
        }
        if (host.equalsIgnoreCase("localhost")) {
            // RFC 6761 §6.3: resolvers answer "localhost" themselves, with loopback, never from DNS.
            diagnosis.add(CheckResult.ok(check, "localhost is this machine (loopback); nothing to look up"));
            return List.of(InetAddress.getLoopbackAddress());
        }
        Optional<List<InetAddress>> fromDns = dnsAddresses(host);
        List<InetAddress> found = fromDns.orElse(List.of());
        String source = "";
        if (found.isEmpty() && systemFallback) {
            found = systemAddresses(host);
            source = " (from this machine's resolver or hosts file, not from DNS)";
        }
        if (found.isEmpty()) {
            diagnosis.add(CheckResult.fail(check, host + (fromDns.isEmpty() ? " could not be looked up"
                            : " has no A or AAAA record"),
                    "publish " + host + ". IN A <the server's public IPv4 address> (and AAAA for IPv6)"));
            return List.of();
        }
        String list = String.join(", ", found.stream().map(InetAddress::getHostAddress).toList());
        boolean publicAddress = found.stream().anyMatch(a -> !a.isLoopbackAddress() && !a.isSiteLocalAddress()
                && !a.isLinkLocalAddress() && !a.isAnyLocalAddress());
        if (!publicAddress && !host.equalsIgnoreCase("localhost")) {
            diagnosis.add(CheckResult.warning(check, host + " → " + list + source + ": only private addresses",
                    "clients elsewhere cannot reach a private address; publish the server's public address"));
        } else {
            diagnosis.add(CheckResult.ok(check, host + " → " + list + source));
        }
        return found;
    }

    /** A and AAAA from DNS, IPv4 first; empty when the lookup itself failed. */
    private Optional<List<InetAddress>> dnsAddresses(String host) {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (Record r : query(host, Type.A).records()) {
                if (r instanceof ARecord a) {
                    found.add(a.getAddress());
                }
            }
            for (Record r : query(host, Type.AAAA).records()) {
                if (r instanceof AAAARecord aaaa) {
                    found.add(aaaa.getAddress());
                }
            }
            return Optional.of(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<InetAddress> systemAddresses(String host) {
        try {
            return List.of(InetAddress.getAllByName(host)).stream()
                    .sorted(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1)).toList();
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private Optional<String> cname(String name) {
        try {
            return query(name, Type.CNAME).records(CNAMERecord.class).stream().findFirst()
                    .map(r -> text(r.getTarget()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static CheckResult lookupFailed(String check, String what, IOException error) {
        return CheckResult.fail(check, "the DNS lookup of " + what + " failed: " + error.getMessage(),
                "check this machine's network and DNS, or ask another resolver with --resolver host:port");
    }

    /** The address in an IP literal ({@code 192.0.2.1}, {@code ::1}, {@code [::1]}); empty for a host name. */
    static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        // Dotted quads and IPv6 only: InetAddress also takes "127.1" and plain numbers, which no one means.
        if (!bare.contains(":") && !bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(bare));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Answer query(String name, int type) throws IOException {
        Name absolute;
        try {
            absolute = Name.fromString(IDN.toASCII(name, IDN.ALLOW_UNASSIGNED), Name.root);
        } catch (TextParseException | IllegalArgumentException e) {
            throw new IOException("'" + name + "' is not a valid DNS name", e);
        }
        Message response = resolver.send(Message.newQuery(Record.newRecord(absolute, type, DClass.IN)));
        return new Answer(response.getRcode(), response.getSection(Section.ANSWER));
    }

    /** The name without its trailing dot. */
    private static String text(Name name) {
        return name.toString(true);
    }

    private record Answer(int rcode, List<Record> records) {
        <T extends Record> List<T> records(Class<T> type) {
            return records.stream().filter(type::isInstance).map(type::cast).toList();
        }

        String rcodeText() {
            return Rcode.string(rcode);
        }
    }
}
