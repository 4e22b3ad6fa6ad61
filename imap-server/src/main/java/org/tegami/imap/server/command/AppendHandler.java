package org.tegami.imap.server.command;

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
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.Uid;

/**
 * APPEND (RFC 9051 §6.3.12) with MULTIAPPEND (RFC 3502) and APPENDUID (RFC 4315). The tagged OK is
 * sent only once the store has made every message durable.
 */
public final class AppendHandler implements CommandHandler<AppendCommand> {
    @Override
    public Outcome handle(AppendCommand command, CommandContext context) {
        Optional<Mailbox> destination = Transfer.destination(context, command.mailbox());
        if (destination.isEmpty()) {
            return Outcome.no("TRYCREATE", "No such mailbox");
        }
        List<NewMessage> messages = new ArrayList<>(command.messages().size());
        for (AppendMessage m : command.messages()) {
            if (m.content().length == 0) {
                return Outcome.no("CANNOT", "An empty message cannot be appended");
            }
            if (m.content().length > context.settings().limits().appendLimitBytes()) {
                return Outcome.no("TOOBIG", "Message exceeds APPENDLIMIT");
            }
            List<String> flags = new ArrayList<>();
            for (String flag : m.flags()) {
                if (!flag.equalsIgnoreCase("\\Recent")) {
                    flags.add(flag);
                }
            }
            Instant date = m.internalDate() == null ? Instant.now() : m.internalDate().toInstant();
            messages.add(new NewMessage(m.content(), Flags.of(flags), date));
        }
        List<Appended> appended = context.store().messages().append(destination.get().id(), messages);
        List<Uid> uids = appended.stream().map(Appended::uid).toList();
        return Outcome.ok("APPENDUID " + appended.getFirst().uidValidity().value() + " " + MessageSet.compact(uids),
                "APPEND completed");
    }
}
