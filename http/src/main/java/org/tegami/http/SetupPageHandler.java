package org.tegami.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The setup page at {@code /} and {@code /setup?emailaddress=…}: a form asking for the address and, once given,
 * the settings a person types into any mail client, plus the one-click options (Apple profile link and its QR
 * code; a note that Thunderbird and Outlook configure themselves). English or Japanese by Accept-Language. Every
 * value is escaped. The page looks the same for any address in the right form: it does not reveal accounts.
 */
final class SetupPageHandler implements EndpointHandler {

    private final ClientSettings client;

    SetupPageHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        PageLanguage language = PageLanguage.preferred(request.acceptLanguage());
        SetupPageText text = SetupPageText.in(language);
        Optional<String> given = request.parameter("emailaddress").map(String::strip);
        Optional<EmailAddress> address = given.flatMap(EmailAddress::parse);
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(language.tag()).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(e(text.title())).append(" – ").append(e(client.hostname()))
                .append("</title>\n<link rel=\"stylesheet\" href=\"/setup.css\">\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(e(text.title())).append("</h1>\n")
                .append("<p>").append(e(text.intro())).append("</p>\n");
        form(html, text, given.orElse(""));
        if (given.isPresent() && address.isEmpty()) {
            html.append("<p class=\"error\">").append(e(text.invalidAddress())).append(" <code>")
                    .append(e(given.get())).append("</code></p>\n");
        }
        address.ifPresent(a -> settings(html, text, a.toString()));
        html.append("</main>\n</body>\n</html>\n");
        return Response.ok(Response.HTML, html.toString())
                .withHeader("Content-Language", language.tag())
                .withHeader("Vary", "Accept-Language");
    }

    private static void form(StringBuilder html, SetupPageText text, String value) {
        html.append("<form method=\"get\" action=\"/setup\">\n")
                .append("<label for=\"emailaddress\">").append(e(text.addressLabel())).append("</label>\n")
                .append("<input type=\"email\" id=\"emailaddress\" name=\"emailaddress\" required")
                .append(" autocomplete=\"email\" value=\"").append(e(value)).append("\">\n")
                .append("<button type=\"submit\">").append(e(text.show())).append("</button>\n</form>\n");
    }

    private void settings(StringBuilder html, SetupPageText text, String address) {
        String host = e(client.hostname());
        html.append("<section>\n<h2>").append(e(text.settingsFor().formatted(address))).append("</h2>\n")
                .append("<div class=\"scroll\"><table>\n<thead><tr><th></th><th>").append(e(text.server()))
                .append("</th><th>").append(e(text.port())).append("</th><th>").append(e(text.security()))
                .append("</th></tr></thead>\n<tbody>\n");
        row(html, e(text.incoming()), host, client.imapsPort(), "SSL/TLS");
        row(html, e(text.incoming()) + " <small>(" + e(text.alternative()) + ")</small>", host, client.imapPort(),
                "STARTTLS");
        row(html, e(text.outgoing()), host, client.submissionsPort(), "SSL/TLS");
        row(html, e(text.outgoing()) + " <small>(" + e(text.alternative()) + ")</small>", host,
                client.submissionPort(), "STARTTLS");
        html.append("</tbody>\n</table></div>\n<dl>\n")
                .append("<dt>").append(e(text.userName())).append("</dt><dd><code class=\"user\">").append(e(address))
                .append("</code> (").append(e(text.userNameNote())).append(")</dd>\n")
                .append("<dt>").append(e(text.password())).append("</dt><dd>").append(e(text.passwordNote()))
                .append("</dd>\n</dl>\n");
        client.selfSignedFingerprint().ifPresent(fingerprint -> html.append("<h3>")
                .append(e(text.certificateTitle())).append("</h3>\n<p>").append(e(text.certificateNote()))
                .append("</p>\n<p><code class=\"fingerprint\">").append(e(fingerprint)).append("</code></p>\n"));
        String profileUrl = client.httpsBaseUrl() + "/apple/profile.mobileconfig?emailaddress="
                + URLEncoder.encode(address, StandardCharsets.UTF_8);
        html.append("<h3>").append(e(text.automaticTitle())).append("</h3>\n")
                .append("<p>").append(e(text.automaticNote())).append("</p>\n")
                .append("<p><a class=\"profile\" href=\"").append(e(profileUrl)).append("\">")
                .append(e(text.appleLink())).append("</a></p>\n")
                .append("<p class=\"note\">").append(e(text.appleNote())).append("</p>\n")
                .append("<p>").append(e(text.qrNote())).append("</p>\n")
                .append(QrCodeSvg.of(profileUrl, text.qrLabel())).append("\n</section>\n");
    }

    /** One table row; {@code label} is already escaped (it may hold markup of our own). */
    private static void row(StringBuilder html, String label, String escapedHost, int port, String security) {
        html.append("<tr><th scope=\"row\">").append(label).append("</th><td><code>").append(escapedHost)
                .append("</code></td><td>").append(port).append("</td><td>").append(security).append("</td></tr>\n");
    }

    private static String e(String text) {
        return Markup.escape(text);
    }
}
