package org.tegami.imap.server.command;

import java.util.Set;
import java.util.stream.Collectors;
import org.tegami.imap.protocol.NotifyCommand;
import org.tegami.imap.protocol.NotifyCommand.EventType;
import org.tegami.imap.server.Capabilities;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SessionState;
import org.tegami.imap.server.notify.Notifier;

/**
 * NOTIFY (RFC 5465 §3.1). NOTIFY NONE stops every notification; NOTIFY SET first reports what is pending for
 * the selected mailbox (it implies a NOOP), then replaces the event groups, sending the initial STATUS
 * responses when asked. An event the server cannot report is refused whole, with the events it can.
 */
public final class NotifyHandler implements CommandHandler<NotifyCommand> {

    @Override
    public Outcome handle(NotifyCommand command, CommandContext context) {
        Notifier notifier = context.notifier();
        if (command.none()) {
            notifier.none();
            return Outcome.ok("NOTIFY completed");
        }
        // RFC 5465 §5.7: the metadata events exist only with METADATA (RFC 5464); without it they are events
        // this server does not support, like AnnotationChange (no ANNOTATE, RFC 5257) and unknown ones.
        Set<EventType> supported = Notifier.supportedEvents(Capabilities.offers("METADATA"),
                Capabilities.offers("METADATA-SERVER"));
        for (NotifyCommand.EventGroup group : command.groups()) {
            for (NotifyCommand.Event event : group.events()) {
                if (!supported.contains(event.type())) {
                    // RFC 5465 §3.1, §8: NO with BADEVENT listing the events that are supported.
                    return Outcome.no("BADEVENT (" + names(supported) + ")",
                            "Event not supported: " + event.name());
                }
            }
        }
        if (context.state() instanceof SessionState.Selected) {
            // RFC 5465 §3.1: a successful NOTIFY SET implies a NOOP for the selected mailbox.
            context.reportUpdates(true);
        }
        notifier.set(command);
        return Outcome.ok("NOTIFY completed");
    }

    private static String names(Set<EventType> events) {
        return events.stream().map(NotifyHandler::name).collect(Collectors.joining(" "));
    }

    private static String name(EventType type) {
        return switch (type) {
            case MESSAGE_NEW -> "MessageNew";
            case MESSAGE_EXPUNGE -> "MessageExpunge";
            case FLAG_CHANGE -> "FlagChange";
            case ANNOTATION_CHANGE -> "AnnotationChange";
            case MAILBOX_NAME -> "MailboxName";
            case SUBSCRIPTION_CHANGE -> "SubscriptionChange";
            case MAILBOX_METADATA_CHANGE -> "MailboxMetadataChange";
            case SERVER_METADATA_CHANGE -> "ServerMetadataChange";
            case OTHER -> throw new IllegalArgumentException("not an event name");
        };
    }
}
