package org.tegami.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.tegami.http.MtaStsPolicy;
import org.tegami.store.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tegami dns [DOMAIN]}: the DNS records to publish for a domain (or every local domain), in
 * zone-file syntax, with the ports this server's configuration makes clients use.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Print the DNS records to publish (MX, A/AAAA, SRV, autoconfig, SPF, DMARC, MTA-STS) for a "
                + "domain, or for every local domain.")
public final class DnsCommand implements Callable<Integer> {

    private final Terminal terminal;
    private final StoreOpener opener;
    private final Function<String, List<InetAddress>> lookup;

    @Mixin DataOptions data;

    @Parameters(paramLabel = "DOMAIN", arity = "0..1",
            description = "The mail domain (default: every local domain of the data directory).")
    String domain;

    @Option(names = "--hostname", paramLabel = "NAME",
            description = "The server's public host name (default: hostname from the config file, else this "
                    + "machine's fully-qualified name).")
    String hostname;

    /** @param lookup the host name's addresses, empty when it does not resolve */
    public DnsCommand(Terminal terminal, StoreOpener opener, Function<String, List<InetAddress>> lookup) {
        this.terminal = terminal;
        this.opener = opener;
        this.lookup = lookup;
    }

    /** The system's lookup, IPv4 first, as the records are printed. */
    public static List<InetAddress> systemLookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host)).stream()
                    .sorted(Comparator.comparingInt(address -> address instanceof Inet4Address ? 0 : 1)).toList();
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    @Override
    public Integer call() {
        TegamiConfig config = data.config();
        String mailHost = normalized(hostname != null ? hostname
                : config.hostname().orElseGet(ServeCommand::machineHostname));
        List<String> domains;
        if (domain != null) {
            domains = List.of(normalized(domain));
        } else {
            try (MailStore store = data.openStore(opener, false)) {
                domains = store.accounts().listDomains();
            }
            if (domains.isEmpty()) {
                throw new CommandFailure("no local domains in " + config.dataDir()
                        + "; name one (tegami dns example.com) or add one (tegami domain add)");
            }
        }
        List<InetAddress> addresses = lookup.apply(mailHost);
        // The same policy the HTTPS listener serves, so the published id names it ([mta_sts] mode).
        MtaStsPolicy policy = new MtaStsPolicy(config.web().mtaStsMode(), mailHost);
        for (int i = 0; i < domains.size(); i++) {
            if (i > 0) {
                terminal.out().println();
            }
            new ZoneRecords(domains.get(i), mailHost, addresses,
                    port(config.imaps().enabled(), config.imapsPort()),
                    port(config.imap().enabled(), config.imapPort()),
                    port(config.smtp().submissions().enabled(), config.submissionsPort()),
                    port(config.smtp().submission().enabled(), config.submissionPort()),
                    policy).print(terminal.out());
        }
        return 0;
    }

    private static OptionalInt port(boolean enabled, int port) {
        return enabled ? OptionalInt.of(port) : OptionalInt.empty();
    }

    private static String normalized(String name) {
        try {
            return MailAddress.normalizeDomain(name);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
