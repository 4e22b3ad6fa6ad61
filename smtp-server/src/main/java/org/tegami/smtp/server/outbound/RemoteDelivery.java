package org.tegami.smtp.server.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.DeliveryState;
import org.tegami.store.QueueEntry;
import org.tegami.store.QueueRecipient;

/**
 * Sends one queued message to the next hop of each pending recipient: the smarthost when one is
 * configured, otherwise the mail exchangers of each recipient domain, tried in order until one takes
 * the transaction. Returns one result per pending recipient.
 */
final class RemoteDelivery {

    private static final Logger log = LoggerFactory.getLogger(RemoteDelivery.class);

    private final OutboundSettings settings;
    private final MxResolver resolver;
    private final SmtpDelivery smtp;

    RemoteDelivery(OutboundSettings settings, MxResolver resolver, SmtpDelivery smtp) {
        this.settings = settings;
        this.resolver = resolver;
        this.smtp = smtp;
    }

    List<RecipientResult> deliver(QueueEntry entry, byte[] content) {
        List<RecipientResult> results = new ArrayList<>();
        if (settings.relay().isPresent()) {
            results.addAll(viaRelay(settings.relay().get(), entry, entry.pending(), content));
            return results;
        }
        for (Map.Entry<String, List<QueueRecipient>> group : byDomain(entry.pending()).entrySet()) {
            results.addAll(toDomain(group.getKey(), entry, group.getValue(), content));
        }
        return results;
    }

    private static Map<String, List<QueueRecipient>> byDomain(List<QueueRecipient> recipients) {
        Map<String, List<QueueRecipient>> groups = new LinkedHashMap<>();
        for (QueueRecipient r : recipients) {
            int at = r.address().lastIndexOf('@');
            String domain = at < 0 ? "" : r.address().substring(at + 1).toLowerCase(Locale.ROOT);
            groups.computeIfAbsent(domain, d -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private List<RecipientResult> toDomain(String domain, QueueEntry entry, List<QueueRecipient> recipients,
            byte[] content) {
        if (domain.isEmpty()) {
            return all(recipients, DeliveryState.FAILED, "5.1.3", "recipient address without a domain");
        }
        return switch (resolver.resolve(domain)) {
            case MxResolver.Failure f -> {
                log.info("queue {} domain {}: no host to try: {}", entry.id().value(), domain, f.reason());
                yield all(recipients, f.permanent() ? DeliveryState.FAILED : DeliveryState.PENDING, f.status(),
                        f.reason());
            }
            case MxResolver.Hosts h -> {
                // RFC 8689 §4.2.1: a REQUIRETLS message needs a verified certificate from the mail exchanger.
                Peer.Tls tls = entry.requireTls() ? Peer.Tls.STARTTLS_VERIFIED : Peer.Tls.OPPORTUNISTIC;
                List<Peer> peers = new ArrayList<>();
                for (MxResolver.MxHost host : h.hosts()) {
                    for (InetAddress address : host.addresses()) {
                        peers.add(new Peer(host.name(), new InetSocketAddress(address, settings.mxPort()), tls,
                                Optional.empty()));
                    }
                }
                yield throughFirstUsable(peers, domain, entry, recipients, content);
            }
        };
    }

    private List<RecipientResult> viaRelay(OutboundSettings.Relay relay, QueueEntry entry,
            List<QueueRecipient> recipients, byte[] content) {
        Peer.Tls tls = switch (relay.tls()) {
            case IMPLICIT -> Peer.Tls.IMPLICIT_VERIFIED;
            case STARTTLS -> Peer.Tls.STARTTLS_VERIFIED;
            case STARTTLS_OPTIONAL -> entry.requireTls() ? Peer.Tls.STARTTLS_VERIFIED : Peer.Tls.OPPORTUNISTIC;
        };
        var credentials = relay.username().map(u -> new Peer.Credentials(u, relay.password().orElseThrow()));
        List<Peer> peers = new ArrayList<>();
        try {
            // The smarthost is named in the configuration, so the system resolver (and hosts file) finds it.
            for (InetAddress address : InetAddress.getAllByName(relay.host())) {
                peers.add(new Peer(relay.host(), new InetSocketAddress(address, relay.port()), tls, credentials));
            }
        } catch (UnknownHostException e) {
            log.info("queue {} relay {}: cannot resolve: {}", entry.id().value(), relay.host(), e.getMessage());
            return all(recipients, DeliveryState.PENDING, "4.4.3", "cannot resolve relay " + relay.host());
        }
        return throughFirstUsable(peers, "relay", entry, recipients, content);
    }

    // RFC 5321 §5.1: try the hosts in order, each of their addresses, until one takes the transaction.
    private List<RecipientResult> throughFirstUsable(List<Peer> peers, String domain, QueueEntry entry,
            List<QueueRecipient> recipients, byte[] content) {
        boolean tlsUnmet = false;
        String lastReason = "no address to try";
        for (Peer peer : peers) {
            switch (smtp.deliver(peer, entry, recipients, content)) {
                case SmtpDelivery.Transacted t -> {
                    for (RecipientResult r : t.results()) {
                        log.info("queue {} domain {} host {}: {} {}", entry.id().value(), domain, peer,
                                r.state(), r.text());
                    }
                    return t.results();
                }
                case SmtpDelivery.Unusable u -> {
                    log.info("queue {} domain {} host {}: not usable: {}", entry.id().value(), domain, peer,
                            u.reason());
                    tlsUnmet |= u.tlsUnmet();
                    lastReason = peer + ": " + u.reason();
                }
            }
        }
        if (tlsUnmet && entry.requireTls()) {
            // RFC 8689 §4.2.1 and §5: no host could meet the TLS the message requires, so it is not
            // deliverable; the sender learns it from a notification with status 5.7.10. (A relay whose
            // configured TLS fails is different: the administrator can fix it, so the message waits.)
            return all(recipients, DeliveryState.FAILED, "5.7.10",
                    "no host offers the TLS this message requires (REQUIRETLS): " + lastReason);
        }
        return all(recipients, DeliveryState.PENDING, "4.4.1", "no host took the message: " + lastReason);
    }

    private static List<RecipientResult> all(List<QueueRecipient> recipients, DeliveryState state, String status,
            String text) {
        return recipients.stream().map(r -> RecipientResult.local(r.address(), state, status, text)).toList();
    }
}
