package org.tegami.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An Apple configuration profile ("Configuration Profile Reference": top-level Configuration payload holding one
 * {@code com.apple.mail.managed} payload) that sets up IMAP over TLS and submission over TLS for one address. The
 * password is not in it: the device asks for it. The profile is unsigned, so devices show it as unverified.
 * Identifiers and UUIDs are derived from the host name and the address, so installing the profile again for the
 * same address replaces the earlier one instead of adding a second account.
 */
final class AppleProfileHandler implements EndpointHandler {

    static final String CONTENT_TYPE = "application/x-apple-aspen-config";

    private final ClientSettings client;

    AppleProfileHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        Optional<EmailAddress> address = request.parameter("emailaddress").flatMap(EmailAddress::parse);
        if (address.isEmpty()) {
            return ErrorPages.badRequest("Give a mail address as ?emailaddress=name@example.org.");
        }
        String email = address.get().toString();
        byte[] body = profile(email).getBytes(StandardCharsets.UTF_8);
        String filename = email.replaceAll("[^A-Za-z0-9@._-]", "_") + ".mobileconfig";
        return new Response(200, CONTENT_TYPE,
                Map.of("Content-Disposition", "attachment; filename=\"" + filename + "\""), body);
    }

    /** A name-based (version 3) UUID: the same for the same host, address and role, different otherwise. */
    UUID uuid(String role, String email) {
        return UUID.nameUUIDFromBytes(("tegami:" + role + ":" + client.hostname() + ":" + email)
                .getBytes(StandardCharsets.UTF_8));
    }

    private String profile(String email) {
        UUID profileUuid = uuid("profile", email);
        UUID accountUuid = uuid("mail-account", email);
        String identifier = reverseDomain(client.hostname()) + ".mail." + profileUuid;
        String host = Markup.escape(client.hostname());
        String user = Markup.escape(email);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>PayloadContent</key>
                  <array>
                    <dict>
                      <key>EmailAccountDescription</key><string>%2$s</string>
                      <key>EmailAccountType</key><string>EmailTypeIMAP</string>
                      <key>EmailAddress</key><string>%2$s</string>
                      <key>IncomingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>IncomingMailServerHostName</key><string>%1$s</string>
                      <key>IncomingMailServerPortNumber</key><integer>%3$d</integer>
                      <key>IncomingMailServerUseSSL</key><true/>
                      <key>IncomingMailServerUsername</key><string>%2$s</string>
                      <key>OutgoingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>OutgoingMailServerHostName</key><string>%1$s</string>
                      <key>OutgoingMailServerPortNumber</key><integer>%4$d</integer>
                      <key>OutgoingMailServerUseSSL</key><true/>
                      <key>OutgoingMailServerUsername</key><string>%2$s</string>
                      <key>OutgoingPasswordSameAsIncomingPassword</key><true/>
                      <key>PayloadDescription</key><string>Mail account %2$s</string>
                      <key>PayloadDisplayName</key><string>%2$s</string>
                      <key>PayloadIdentifier</key><string>%5$s.account</string>
                      <key>PayloadType</key><string>com.apple.mail.managed</string>
                      <key>PayloadUUID</key><string>%6$s</string>
                      <key>PayloadVersion</key><integer>1</integer>
                    </dict>
                  </array>
                  <key>PayloadDescription</key><string>Sets up the mail account %2$s on %1$s.</string>
                  <key>PayloadDisplayName</key><string>Mail: %2$s</string>
                  <key>PayloadIdentifier</key><string>%5$s</string>
                  <key>PayloadOrganization</key><string>%1$s</string>
                  <key>PayloadRemovalDisallowed</key><false/>
                  <key>PayloadType</key><string>Configuration</string>
                  <key>PayloadUUID</key><string>%7$s</string>
                  <key>PayloadVersion</key><integer>1</integer>
                </dict>
                </plist>
                """.formatted(host, user, client.imapsPort(), client.submissionsPort(), Markup.escape(identifier),
                accountUuid.toString().toUpperCase(java.util.Locale.ROOT),
                profileUuid.toString().toUpperCase(java.util.Locale.ROOT));
    }

    /** {@code mail.example.org} → {@code org.example.mail}: payload identifiers are reverse-DNS style. */
    private static String reverseDomain(String hostname) {
        String[] labels = hostname.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]);
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }
}
