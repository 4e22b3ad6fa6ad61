package org.tegami.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tegami.store.AccountDirectory;

/**
 * Thunderbird autoconfig ("Autoconfiguration in Thunderbird", config file format version 1.1): Thunderbird asks
 * {@code autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…} and
 * {@code <domain>/.well-known/autoconfig/mail/config-v1.1.xml}, over HTTPS and plain HTTP. The answer is the same
 * for every address, so it never tells whether an account exists; {@code %EMAILADDRESS%} makes the client use the
 * whole address as user name.
 */
final class AutoconfigHandler implements EndpointHandler {

    private static final String AUTOCONFIG_HOST_PREFIX = "autoconfig.";

    private final ClientSettings client;
    private final AccountDirectory accounts;

    AutoconfigHandler(ClientSettings client, AccountDirectory accounts) {
        this.client = client;
        this.accounts = accounts;
    }

    @Override
    public Response handle(Request request) {
        List<String> localDomains = accounts.listDomains();
        String domain = providerDomain(request, localDomains);
        List<String> domains = new ArrayList<>();
        domains.add(domain);
        localDomains.stream().filter(d -> !d.equals(domain)).forEach(domains::add);
        return Response.ok(Response.XML, document(domain, domains));
    }

    /**
     * The domain the client asks about: the address's, else the one in {@code autoconfig.<domain>}, if it is
     * local; else the first local domain; else the host name when no domain is set up yet.
     */
    private String providerDomain(Request request, List<String> localDomains) {
        Optional<String> fromAddress = request.parameter("emailaddress").flatMap(EmailAddress::parse)
                .map(EmailAddress::domain);
        Optional<String> fromHost = request.host().filter(h -> h.startsWith(AUTOCONFIG_HOST_PREFIX))
                .map(h -> h.substring(AUTOCONFIG_HOST_PREFIX.length()));
        for (Optional<String> candidate : List.of(fromAddress, fromHost)) {
            if (candidate.isPresent() && accounts.isLocalDomain(candidate.get())) {
                return candidate.get();
            }
        }
        return localDomains.isEmpty() ? client.hostname() : localDomains.getFirst();
    }

    private String document(String domain, List<String> domains) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<clientConfig version=\"1.1\">\n");
        xml.append("  <emailProvider id=\"").append(Markup.escape(domain)).append("\">\n");
        for (String d : domains) {
            xml.append("    <domain>").append(Markup.escape(d)).append("</domain>\n");
        }
        xml.append("    <displayName>").append(Markup.escape(domain)).append("</displayName>\n");
        xml.append("    <displayShortName>").append(Markup.escape(domain)).append("</displayShortName>\n");
        // Preferred first: implicit TLS (RFC 8314 §3), then STARTTLS as the alternative.
        server(xml, "incomingServer", "imap", client.imapsPort(), "SSL");
        server(xml, "incomingServer", "imap", client.imapPort(), "STARTTLS");
        server(xml, "outgoingServer", "smtp", client.submissionsPort(), "SSL");
        server(xml, "outgoingServer", "smtp", client.submissionPort(), "STARTTLS");
        xml.append("    <documentation url=\"").append(Markup.escape(client.httpsBaseUrl())).append("/\">\n");
        xml.append("      <descr lang=\"en\">Mail setup</descr>\n");
        xml.append("    </documentation>\n");
        xml.append("  </emailProvider>\n");
        xml.append("</clientConfig>\n");
        return xml.toString();
    }

    private void server(StringBuilder xml, String element, String type, int port, String socketType) {
        xml.append("    <").append(element).append(" type=\"").append(type).append("\">\n");
        xml.append("      <hostname>").append(Markup.escape(client.hostname())).append("</hostname>\n");
        xml.append("      <port>").append(port).append("</port>\n");
        xml.append("      <socketType>").append(socketType).append("</socketType>\n");
        // The password goes inside TLS, so the plain mechanisms (AUTH PLAIN / LOGIN) are the right ones.
        xml.append("      <authentication>password-cleartext</authentication>\n");
        xml.append("      <username>%EMAILADDRESS%</username>\n");
        xml.append("    </").append(element).append(">\n");
    }
}
