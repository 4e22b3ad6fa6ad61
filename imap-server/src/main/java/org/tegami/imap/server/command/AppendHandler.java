package org.tegami.imap.server.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tegami.imap.protocol.AppendCommand;
import org.tegami.imap.protocol.AppendMessage;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Appended;
import org.tegami.store.ContentId;
import org.tegami.store.FlagUpdate;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.SpecialUse;
import org.tegami.store.Uid;

/**
 * APPEND (RFC 9051 §6.3.12) with MULTIAPPEND (RFC 3502) and APPENDUID (RFC 4315). The tagged OK is
 * sent only once the store has made every message durable.
 *
 * <p>For an account with the sent copy on, the SMTP server has already filed each submitted message in
 * the Sent mailbox. A client that then saves the same message there itself (one message, to a mailbox
 * with {@code \Sent}, within {@link #SENT_COPY_WINDOW}) gets that copy's UID in APPENDUID instead of a
 * second copy: its content id is the SHA-256 of the exact bytes, so the same bytes mean the same
 * Message-ID and everything else. A MULTIAPPEND is always stored as given.
 */
public final class AppendHandler implements CommandHandler<AppendCommand> {

    /**
     * How long after it was filed a sent copy answers an APPEND of the same bytes. Clients save right after
     * submitting, though a large message on a slow link may take minutes; an APPEND much later is a deliberate
     * second copy (say, restored from a backup) and is stored.
     */
    public static final Duration SENT_COPY_WINDOW = Duration.ofMinutes(10);

    @Override
    public Outcome handle(AppendCommand command, CommandContext context) {
        Optional<Mailbox> destination = Transfer.destination(context, command.mailbox());
        if (destination.isEmpty()) {
            return Outcome.no("TRYCREATE", "No such mailbox");
        }
        List<NewMessage> messages = new ArrayList<>(command.messages().size());
        for (AppendMessage m : command.messages()) {
            if (m.utf8() && !context.utf8Accept()) {
                // RFC 6855 §4: the UTF8 form only after ENABLE UTF8=ACCEPT.
                return Outcome.bad("APPEND UTF8 needs ENABLE UTF8=ACCEPT");
            }
            byte[] content = m.content();
            if (m.catenate() != null) {
                Catenation.Result built = Catenation.build(context, m.catenate());
                if (built.refusal() != null) {
                    return built.refusal();
                }
                content = built.content();
            }
            if (content.length == 0) {
                return Outcome.no("CANNOT", "An empty message cannot be appended");
            }
            if (content.length > context.settings().limits().appendLimitBytes()) {
                return Outcome.no("TOOBIG", "Message exceeds APPENDLIMIT");
            }
            List<String> flags = new ArrayList<>();
            for (String flag : m.flags()) {
                if (!flag.equalsIgnoreCase("\\Recent")) {
                    flags.add(flag);
                }
            }
            Instant date = m.internalDate() == null ? Instant.now() : m.internalDate().toInstant();
            messages.add(new NewMessage(content, Flags.of(flags), date));
        }
        if (messages.size() == 1) {
            Optional<Appended> filed = sentCopy(context, destination.get(), messages.getFirst());
            if (filed.isPresent()) {
                return Outcome.ok("APPENDUID " + filed.get().uidValidity().value() + " " + filed.get().uid().value(),
                        "APPEND completed");
            }
        }
        List<Appended> appended = context.store().messages().append(destination.get().id(), messages);
        List<Uid> uids = appended.stream().map(Appended::uid).toList();
        return Outcome.ok("APPENDUID " + appended.getFirst().uidValidity().value() + " " + MessageSet.compact(uids),
                "APPEND completed");
    }

    /**
     * The sent copy the server filed of this message, if the destination is the account's {@code \Sent}
     * mailbox (RFC 6154), the account has the sent copy on, and the copy was filed within the window. The
     * flags the client asked for are added to it, as APPEND would have set them (RFC 9051 §6.3.12).
     */
    private static Optional<Appended> sentCopy(CommandContext context, Mailbox destination, NewMessage message) {
        if (!destination.specialUse().contains(SpecialUse.SENT)
                || !context.store().accounts().sentCopy(context.account().id())) {
            return Optional.empty();
        }
        Optional<Appended> filed = context.store().messages().findRecent(destination.id(),
                ContentId.of(message.content()), Instant.now().minus(SENT_COPY_WINDOW));
        if (filed.isPresent() && !message.flags().isEmpty()) {
            context.store().messages().updateFlags(destination.id(), List.of(filed.get().uid()), FlagUpdate.ADD,
                    message.flags(), null);
        }
        return filed;
    }
}
