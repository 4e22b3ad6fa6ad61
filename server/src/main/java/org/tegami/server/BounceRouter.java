package org.tegami.server;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.smtp.protocol.MailParameters;
import org.tegami.smtp.protocol.RcptParameters;
import org.tegami.smtp.server.delivery.AcceptedRecipient;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.Resolution;
import org.tegami.smtp.server.outbound.BounceDelivery;

/**
 * Takes the outbound engine's delivery status notifications to the sender of the failed message the
 * way any mail goes: into the INBOX of a local sender (an account, or through its alias), through the
 * queue to a remote one. The reverse path is the null sender, so a notification that fails in turn is
 * never answered by another (RFC 5321 §4.5.5).
 */
final class BounceRouter implements BounceDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(BounceRouter.class);
    private static final String NULL_SENDER = "";

    private final RecipientResolver recipients;
    private final MailRouter router;

    BounceRouter(RecipientResolver recipients, MailRouter router) {
        this.recipients = recipients;
        this.router = router;
    }

    @Override
    public void deliver(String recipient, byte[] message) {
        Optional<Resolution> resolution = recipients.resolve(recipient);
        if (resolution.isEmpty()) {
            // A sender in a local domain that has since lost its account and aliases: nobody to tell.
            LOG.warn("delivery status notification for <{}> dropped: no such local address", recipient);
            return;
        }
        router.route(NULL_SENDER, MailParameters.NONE,
                List.of(new AcceptedRecipient(recipient, resolution.get(), RcptParameters.NONE)), message);
    }
}
