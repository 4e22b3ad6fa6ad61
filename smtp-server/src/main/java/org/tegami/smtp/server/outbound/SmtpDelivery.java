package org.tegami.smtp.server.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.tegami.smtp.protocol.Reply;
import org.tegami.store.DeliveryState;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;

/**
 * One SMTP transaction with one host (RFC 5321 §3.3): greeting, EHLO, STARTTLS, AUTH, MAIL, one RCPT per
 * recipient, DATA, QUIT. Says either that the host could not be used (try the next one) or what the host
 * answered for each recipient.
 */
final class SmtpDelivery {

    /** What trying one host gave. */
    sealed interface HostAttempt {
    }

    /**
     * The host could not take the message (no connection, no greeting, no usable TLS …); try the next.
     * {@code tlsUnmet} when the host answered but could not meet the TLS the message or relay requires.
     */
    record Unusable(String reason, boolean tlsUnmet) implements HostAttempt {
    }

    /** The transaction ran; one result per recipient, in the order given. */
    record Transacted(List<RecipientResult> results) implements HostAttempt {
        Transacted {
            results = List.copyOf(results);
        }
    }

    private final OutboundSettings settings;
    private final TlsContexts tls;

    SmtpDelivery(OutboundSettings settings, TlsContexts tls) {
        this.settings = settings;
        this.tls = tls;
    }

    HostAttempt deliver(Peer peer, QueueEntry entry, List<QueueRecipient> recipients, byte[] content) {
        try {
            return attempt(peer, entry, recipients, content, true);
        } catch (HandshakeFailure e) {
            // RFC 7435 §1.3: when opportunistic TLS fails, cleartext is still better than no delivery;
            // the failed handshake has spoilt the connection, so a new one is opened without STARTTLS.
            try {
                return attempt(peer, entry, recipients, content, false);
            } catch (HandshakeFailure impossible) {
                return new Unusable("TLS handshake failed: " + impossible.getMessage(), false);
            }
        }
    }

    private HostAttempt attempt(Peer peer, QueueEntry entry, List<QueueRecipient> recipients, byte[] content,
            boolean tryStartTls) throws HandshakeFailure {
        SmtpClient client;
        try {
            client = peer.tls() == Peer.Tls.IMPLICIT_VERIFIED
                    ? SmtpClient.connectTls(peer.address(), peer.name(), tls.verifying(), true,
                            settings.connectTimeout(), settings.commandTimeout())
                    : SmtpClient.connect(peer.address(), settings.connectTimeout(), settings.commandTimeout());
        } catch (SSLException e) {
            return new Unusable("TLS failed: " + e.getMessage(), true);
        } catch (IOException e) {
            return new Unusable("cannot connect: " + e.getMessage(), false);
        }
        try (client) {
            Optional<Unusable> refused = openSession(client, peer, entry, tryStartTls);
            if (refused.isPresent()) {
                client.quit();
                return refused.get();
            }
            return new Transacted(transaction(client, peer, entry, recipients, content));
        } catch (IOException e) {
            return new Unusable("session failed: " + e.getMessage(), false);
        }
    }

    /** Greeting, EHLO, TLS, REQUIRETLS and AUTH; empty when the transaction may begin. */
    private Optional<Unusable> openSession(SmtpClient client, Peer peer, QueueEntry entry, boolean tryStartTls)
            throws IOException, HandshakeFailure {
        // RFC 5321 §3.1, §4.2.3: only 220 opens a session; 421 or 554 mean this host will not serve us.
        Reply greeting = client.readReply();
        if (greeting.code() != 220) {
            return Optional.of(new Unusable("greeting " + RecipientResult.describe(greeting), false));
        }
        Optional<Unusable> hello = hello(client);
        if (hello.isPresent()) {
            return hello;
        }
        if (!client.secure()) {
            boolean required = peer.tls() == Peer.Tls.STARTTLS_VERIFIED;
            if (tryStartTls && client.offers("STARTTLS")) {
                Reply reply = client.command("STARTTLS");
                if (reply.code() == 220) {
                    try {
                        client.upgrade(peer.name(), required ? tls.verifying() : tls.opportunistic(), required);
                    } catch (IOException e) {
                        if (required) {
                            return Optional.of(new Unusable("TLS failed: " + e.getMessage(), true));
                        }
                        throw new HandshakeFailure(e.getMessage());
                    }
                    hello = hello(client);
                    if (hello.isPresent()) {
                        return hello;
                    }
                } else if (required) {
                    return Optional.of(new Unusable("STARTTLS refused: " + RecipientResult.describe(reply), true));
                }
            } else if (required) {
                return Optional.of(new Unusable("STARTTLS not offered", true));
            }
        }
        // RFC 8689 §4.2.1: a REQUIRETLS message goes only to a host that offers REQUIRETLS, over verified TLS.
        if (entry.requireTls() && !(client.secure() && client.offers("REQUIRETLS"))) {
            return Optional.of(new Unusable("REQUIRETLS not offered", true));
        }
        if (peer.credentials().isPresent()) {
            return authenticate(client, peer.credentials().get());
        }
        return Optional.empty();
    }

    // RFC 5321 §4.1.4: a server that rejects EHLO with 5xx may still know HELO (and no extensions).
    private Optional<Unusable> hello(SmtpClient client) throws IOException {
        Reply ehlo = client.ehlo(settings.hostname());
        if (ehlo.code() == 250) {
            return Optional.empty();
        }
        if (ehlo.code() >= 500) {
            Reply helo = client.helo(settings.hostname());
            if (helo.code() == 250) {
                return Optional.empty();
            }
            return Optional.of(new Unusable("HELO " + RecipientResult.describe(helo), false));
        }
        return Optional.of(new Unusable("EHLO " + RecipientResult.describe(ehlo), false));
    }

    // RFC 4954 §4 with the PLAIN mechanism of RFC 4616 §2 (authzid empty, NUL, authcid, NUL, password);
    // never in clear text.
    private static Optional<Unusable> authenticate(SmtpClient client, Peer.Credentials credentials)
            throws IOException {
        if (!client.secure()) {
            return Optional.of(new Unusable("credentials are sent only over TLS, and the relay offers none", false));
        }
        boolean plain = client.parameters("AUTH").map(p -> List.of(p.toUpperCase(Locale.ROOT).split("\\s+")))
                .map(m -> m.contains("PLAIN")).orElse(false);
        if (!plain) {
            return Optional.of(new Unusable("relay does not offer AUTH PLAIN", false));
        }
        byte[] message = ("\0" + credentials.username() + "\0" + credentials.password()).getBytes(StandardCharsets.UTF_8);
        Reply reply = client.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(message));
        if (reply.code() != 235) {
            return Optional.of(new Unusable("authentication failed: " + RecipientResult.describe(reply), false));
        }
        return Optional.empty();
    }

    private List<RecipientResult> transaction(SmtpClient client, Peer peer, QueueEntry entry,
            List<QueueRecipient> recipients, byte[] content) {
        Map<String, RecipientResult> results = new LinkedHashMap<>();
        String host = peer.name();
        boolean utf8 = !isAscii(entry.sender()) || recipients.stream().anyMatch(r -> !isAscii(r.address()));
        if (utf8 && !client.offers("SMTPUTF8")) {
            // RFC 6531 §3.2: internationalised addresses go only to servers that offer SMTPUTF8.
            for (QueueRecipient r : recipients) {
                results.put(r.address(), RecipientResult.local(r.address(), DeliveryState.FAILED, "5.6.7",
                        host + " does not support internationalised addresses (SMTPUTF8)"));
            }
            client.quit();
            return List.copyOf(results.values());
        }
        try {
            Reply mail = client.command(mailCommand(client, entry, content, utf8));
            if (!mail.isPositive()) {
                // The reverse path or the message was refused: the same answer for every recipient.
                for (QueueRecipient r : recipients) {
                    results.put(r.address(), RecipientResult.fromReply(r.address(), host, mail));
                }
                client.quit();
                return List.copyOf(results.values());
            }
            List<QueueRecipient> accepted = new ArrayList<>();
            for (QueueRecipient r : recipients) {
                Reply rcpt = client.command(rcptCommand(client, r));
                if (rcpt.isPositive()) {
                    accepted.add(r);
                } else {
                    results.put(r.address(), RecipientResult.fromReply(r.address(), host, rcpt));
                }
            }
            // RFC 5321 §3.3: without an accepted recipient there is nothing to send.
            if (!accepted.isEmpty()) {
                Reply data = client.command("DATA");
                Reply last = data.code() == 354 ? client.data(content, settings.dataTimeout()) : data;
                for (QueueRecipient r : accepted) {
                    if (data.code() != 354 && data.isPositive()) {
                        results.put(r.address(), RecipientResult.local(r.address(), DeliveryState.PENDING, "4.5.0",
                                host + " answered DATA with " + RecipientResult.describe(data)));
                    } else {
                        // RFC 5321 §3.3: the reply to the end of data covers every accepted recipient.
                        results.put(r.address(), RecipientResult.fromReply(r.address(), host, last));
                    }
                }
            }
            client.quit();
        } catch (IOException e) {
            // RFC 5321 §6.1: a lost connection, even after the data, means try again later: a duplicate
            // is better than a lost message.
            for (QueueRecipient r : recipients) {
                results.putIfAbsent(r.address(), new RecipientResult(r.address(), DeliveryState.PENDING, "4.4.2",
                        "connection to " + host + " lost: " + e.getMessage(), Optional.of(host), Optional.empty()));
            }
        }
        List<RecipientResult> ordered = new ArrayList<>();
        for (QueueRecipient r : recipients) {
            ordered.add(results.get(r.address()));
        }
        return ordered;
    }

    private static String mailCommand(SmtpClient client, QueueEntry entry, byte[] content, boolean utf8) {
        StringBuilder line = new StringBuilder("MAIL FROM:<").append(entry.sender()).append('>');
        if (client.offers("SIZE")) {
            line.append(" SIZE=").append(content.length); // RFC 1870 §6
        }
        // RFC 6152 §3: 8-bit content is declared; a peer without 8BITMIME gets the bytes as they are
        // (no downgrade to 7 bit is attempted).
        if (client.offers("8BITMIME") && hasEightBitBytes(content)) {
            line.append(" BODY=8BITMIME");
        }
        if (utf8) {
            line.append(" SMTPUTF8"); // RFC 6531 §3.4
        }
        if (client.offers("DSN")) {
            if (entry.returnFullMessage()) {
                line.append(" RET=FULL"); // RFC 3461 §4.3
            }
            if (entry.envelopeId() != null) {
                line.append(" ENVID=").append(xtext(entry.envelopeId())); // RFC 3461 §4.4
            }
        }
        if (entry.requireTls()) {
            line.append(" REQUIRETLS"); // RFC 8689 §2
        }
        return line.toString();
    }

    private static String rcptCommand(SmtpClient client, QueueRecipient recipient) {
        StringBuilder line = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (client.offers("DSN")) {
            if (recipient.notifyConditions() != null && recipient.notifyConditions().matches("[A-Za-z,]+")) {
                line.append(" NOTIFY=").append(recipient.notifyConditions().toUpperCase(Locale.ROOT)); // RFC 3461 §4.1
            }
            if (recipient.originalRecipient() != null) {
                // RFC 3461 §4.2: ORCPT=addr-type;xtext; stored decoded, so encoded again here.
                String orcpt = recipient.originalRecipient();
                int semicolon = orcpt.indexOf(';');
                String type = semicolon < 0 ? "rfc822" : orcpt.substring(0, semicolon);
                String address = semicolon < 0 ? orcpt : orcpt.substring(semicolon + 1);
                line.append(" ORCPT=").append(type).append(';').append(xtext(address));
            }
        }
        return line.toString();
    }

    /** RFC 3461 §4: xtext, with "+", "=", controls, space and non-ASCII as "+HH" (of each UTF-8 byte). */
    static String xtext(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 33 && c <= 126 && c != '+' && c != '=') {
                sb.append((char) c);
            } else {
                sb.append('+').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    static boolean hasEightBitBytes(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    /** Opportunistic STARTTLS failed; the caller may retry without it. */
    private static final class HandshakeFailure extends Exception {
        HandshakeFailure(String message) {
            super(message, null, false, false);
        }
    }
}
