package org.tegami.smtp.server.outbound;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 §5.1): its mail exchangers in order of preference, each
 * with its addresses. Asks the configured DNS server, or the system's; keeps no cache of its own (the
 * resolver it asks has one).
 */
public final class MxResolver {

    /** Where mail for a domain may go, or why it cannot go anywhere. */
    public sealed interface Resolution {
    }

    /** The hosts to try, in order. */
    public record Hosts(List<MxHost> hosts) implements Resolution {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * No host to try: {@code permanent} failures make the recipients FAILED at once, others leave them
     * PENDING. {@code status} is the RFC 3463 enhanced code for the notification.
     */
    public record Failure(boolean permanent, String status, String reason) implements Resolution {
    }

    /** A mail exchanger by name (checked against its certificate when TLS must verify) and its addresses. */
    public record MxHost(String name, List<InetAddress> addresses) {
        public MxHost {
            addresses = List.copyOf(addresses);
        }
    }

    private final Resolver resolver;
    private final RandomGenerator random;

    public MxResolver(OutboundSettings settings, RandomGenerator random) {
        this.resolver = settings.resolver().<Resolver>map(SimpleResolver::new).orElseGet(ExtendedResolver::new);
        this.resolver.setTimeout(settings.dnsTimeout());
        this.random = random;
    }

    /** Where mail for {@code domain} (the part of an address after {@code @}) goes. */
    public Resolution resolve(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return literal(domain.substring(1, domain.length() - 1));
        }
        Name name;
        try {
            name = Name.fromString(IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED), Name.root);
        } catch (TextParseException | IllegalArgumentException e) {
            return new Failure(true, "5.1.2", "invalid domain " + domain);
        }
        Answer mx;
        try {
            mx = query(name, Type.MX);
        } catch (IOException e) {
            return new Failure(false, "4.4.3", "DNS lookup of MX for " + domain + " failed: " + e.getMessage());
        }
        if (mx.rcode() == Rcode.NXDOMAIN) {
            return new Failure(true, "5.1.2", "domain " + domain + " does not exist");
        }
        if (mx.rcode() != Rcode.NOERROR) {
            return new Failure(false, "4.4.3", "DNS lookup of MX for " + domain + " failed: " + Rcode.string(mx.rcode()));
        }
        List<MXRecord> records = mx.records().stream()
                .filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
        if (records.isEmpty()) {
            return implicitMx(name, domain);
        }
        // RFC 7505 §3: a null MX ("MX 0 .") says the domain accepts no mail: fail without trying.
        if (records.stream().anyMatch(r -> r.getTarget().equals(Name.root))) {
            return new Failure(true, "5.1.10", "domain " + domain + " accepts no mail (null MX)");
        }
        return hostsInOrder(records, domain);
    }

    // RFC 5321 §5.1: sort by preference; among equal preferences the order is random, to spread the load.
    private Resolution hostsInOrder(List<MXRecord> records, String domain) {
        Map<Integer, List<Name>> byPreference = new TreeMap<>();
        for (MXRecord r : records) {
            List<Name> same = byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>());
            if (!same.contains(r.getTarget())) {
                same.add(r.getTarget());
            }
        }
        List<MxHost> hosts = new ArrayList<>();
        String lastError = null;
        for (List<Name> same : byPreference.values()) {
            Collections.shuffle(same, random);
            for (Name target : same) {
                try {
                    List<InetAddress> addresses = addresses(target);
                    if (!addresses.isEmpty()) {
                        hosts.add(new MxHost(hostName(target), addresses));
                    }
                } catch (IOException e) {
                    lastError = e.getMessage();
                }
            }
        }
        if (hosts.isEmpty()) {
            return new Failure(false, "4.4.3", "no address for any mail exchanger of " + domain
                    + (lastError == null ? "" : ": " + lastError));
        }
        return new Hosts(hosts);
    }

    // RFC 5321 §5.1: without MX records the domain itself is the mail exchanger, at preference 0.
    private Resolution implicitMx(Name name, String domain) {
        try {
            List<InetAddress> addresses = addresses(name);
            if (addresses.isEmpty()) {
                return new Failure(true, "5.1.2", "domain " + domain + " has no mail exchanger and no address");
            }
            return new Hosts(List.of(new MxHost(hostName(name), addresses)));
        } catch (IOException e) {
            return new Failure(false, "4.4.3", "DNS lookup of " + domain + " failed: " + e.getMessage());
        }
    }

    // RFC 5321 §4.1.3: an address literal names the host directly, no DNS involved.
    private static Resolution literal(String text) {
        String address = text.regionMatches(true, 0, "IPv6:", 0, 5) ? text.substring(5) : text;
        try {
            return new Hosts(List.of(new MxHost(address, List.of(InetAddress.ofLiteral(address)))));
        } catch (IllegalArgumentException e) {
            return new Failure(true, "5.1.3", "invalid address literal [" + text + "]");
        }
    }

    /** IPv4 first, then IPv6; an empty list when the name has neither. IOException when DNS fails. */
    private List<InetAddress> addresses(Name name) throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Answer answer = query(name, type);
            if (answer.rcode() == Rcode.NXDOMAIN) {
                return List.of();
            }
            if (answer.rcode() != Rcode.NOERROR) {
                throw new IOException(Rcode.string(answer.rcode()) + " for " + name);
            }
            for (Record r : answer.records()) {
                if (r instanceof ARecord a) {
                    found.add(a.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                    found.add(aaaa.getAddress());
                }
            }
        }
        return found;
    }

    private Answer query(Name name, int type) throws IOException {
        Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        return new Answer(response.getRcode(), response.getSection(Section.ANSWER));
    }

    /** The name without the trailing dot, as certificates carry it. */
    private static String hostName(Name name) {
        return name.toString(true);
    }

    private record Answer(int rcode, List<Record> records) {
    }
}
