package org.tegami.server;

import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import org.tegami.http.MtaStsMode;
import org.tegami.http.MtaStsPolicy;

/**
 * The DNS records a domain needs for mail to reach this server and for clients to find it, in
 * zone-file syntax with a comment per record. Names are absolute (trailing dot), so the lines mean
 * the same wherever they are pasted.
 *
 * @param mailHost  the server's public host name
 * @param addresses what the host name resolves to here; only public ones are published
 * @param imaps     the port clients use, or empty when the listener is disabled (likewise below)
 */
record ZoneRecords(String domain, String mailHost, List<InetAddress> addresses, OptionalInt imaps, OptionalInt imap,
                   OptionalInt submissions, OptionalInt submission, MtaStsPolicy mtaSts) {

    private static final int TTL_SECONDS = 3600;
    private static final int NAME_WIDTH = 34;

    void print(PrintWriter out) {
        String host = mailHost + ".";
        out.println("; DNS records for " + domain + ", whose mail host is " + mailHost + ".");
        out.println();
        out.println("; Mail for " + domain + " goes to " + mailHost + " (RFC 5321 §5.1).");
        record(out, domain, "MX", "10 " + host);

        out.println();
        printAddresses(out);

        out.println();
        out.println("; Where mail clients find the server (RFC 6186 §3.1), with the ports they must use; implicit TLS");
        out.println("; has the lower priority value, so clients prefer it (RFC 8314 §5.1).");
        srv(out, "_imaps._tcp", 0, imaps);
        srv(out, "_imap._tcp", 10, imap);
        srv(out, "_submissions._tcp", 0, submissions);
        srv(out, "_submission._tcp", 10, submission);
        out.println("; No POP3: a target of \".\" says the service is not offered (RFC 6186 §3.4).");
        record(out, "_pop3s._tcp." + domain, "SRV", "0 0 0 .");
        record(out, "_pop3._tcp." + domain, "SRV", "0 0 0 .");

        out.println();
        out.println("; Automatic client set-up: Thunderbird and others ask autoconfig, Outlook asks autodiscover.");
        record(out, "autoconfig." + domain, "CNAME", host);
        record(out, "autodiscover." + domain, "CNAME", host);

        out.println();
        out.println("; SPF (RFC 7208): mail from " + domain + " comes only from its MX hosts; anything else fails.");
        record(out, domain, "TXT", "\"v=spf1 mx -all\"");
        out.println("; DMARC (RFC 7489): mail that fails the checks goes to spam; reports go to postmaster.");
        record(out, "_dmarc." + domain, "TXT", "\"v=DMARC1; p=quarantine; rua=mailto:postmaster@" + domain + "\"");
        out.println("; DKIM: not yet; Tegami does not sign outgoing mail, so there is no key to publish.");

        out.println();
        out.println("; MTA-STS (RFC 8461): other servers must use TLS with a valid certificate to deliver here. The");
        out.println("; policy is served at https://mta-sts." + domain + "/.well-known/mta-sts.txt (the name needs a");
        out.println("; certificate valid for it); the id changes whenever the policy does. The policy:");
        mtaSts.text().lines().forEach(line -> out.println(";   " + line));
        if (mtaSts.mode() != MtaStsMode.ENFORCE) {
            out.println("; (mode " + mtaSts.mode().keyword() + ": set [mta_sts] mode = \"enforce\" once the server has a"
                    + " certificate from a CA that senders trust; with a self-signed one they would refuse to deliver)");
        }
        record(out, "_mta-sts." + domain, "TXT", "\"v=STSv1; id=" + mtaSts.id() + "\"");
        record(out, "mta-sts." + domain, "CNAME", host);
        out.println("; TLS reporting (RFC 8460): where other servers report failed TLS connections.");
        record(out, "_smtp._tls." + domain, "TXT", "\"v=TLSRPTv1; rua=mailto:postmaster@" + domain + "\"");
        out.flush();
    }

    private void printAddresses(PrintWriter out) {
        if (!mailHost.equals(domain) && !mailHost.endsWith("." + domain)) {
            out.println("; " + mailHost + " is outside " + domain + ": publish its addresses in its own zone.");
        }
        List<InetAddress> published = addresses.stream().filter(ZoneRecords::isPublic).toList();
        if (published.isEmpty()) {
            out.println("; " + mailHost + (addresses.isEmpty() ? " does not resolve here"
                    : " resolves only to private addresses here (" + String.join(", ",
                            addresses.stream().map(ZoneRecords::text).toList()) + ")")
                    + ": put in the server's public");
            out.println("; addresses and remove the leading ';' (the AAAA line only if it has IPv6).");
            out.println(";" + line(mailHost, "A", "<IPv4 address>"));
            out.println(";" + line(mailHost, "AAAA", "<IPv6 address>"));
            return;
        }
        out.println("; The mail host's addresses, as it resolves here.");
        for (InetAddress address : published) {
            record(out, mailHost, address instanceof Inet4Address ? "A" : "AAAA", text(address));
        }
    }

    private void srv(PrintWriter out, String service, int priority, OptionalInt port) {
        // RFC 2782: priority, weight, port, target; a disabled listener is announced as not offered.
        record(out, service + "." + domain, "SRV", port.isPresent()
                ? priority + " 1 " + port.getAsInt() + " " + mailHost + "."
                : "0 0 0 .");
    }

    private static void record(PrintWriter out, String name, String type, String data) {
        out.println(line(name, type, data));
    }

    private static String line(String name, String type, String data) {
        String owner = name + ".";
        return owner + " ".repeat(Math.max(1, NAME_WIDTH - owner.length())) + TTL_SECONDS + " IN "
                + type + " ".repeat(Math.max(1, 6 - type.length())) + data;
    }

    /** IPv6 in the short form of RFC 5952 §4 (the longest run of zero groups as "::"), IPv4 as is. */
    static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isPublic(InetAddress address) {
        return !address.isLoopbackAddress() && !address.isSiteLocalAddress() && !address.isLinkLocalAddress()
                && !address.isAnyLocalAddress() && !isUniqueLocal(address);
    }

    /** fc00::/7 (RFC 4193), which the JDK does not count as site-local. */
    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
