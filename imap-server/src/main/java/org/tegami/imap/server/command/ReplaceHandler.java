package org.tegami.imap.server.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tegami.imap.protocol.AppendMessage;
import org.tegami.imap.protocol.ReplaceCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;
import org.tegami.imap.server.SelectedMailbox;
import org.tegami.store.Flags;
import org.tegami.store.Mailbox;
import org.tegami.store.NewMessage;
import org.tegami.store.Replaced;
import org.tegami.store.Uid;

/**
 * REPLACE and UID REPLACE (RFC 8508): a draft saved again, say. The new message is appended and the old one
 * expunged in one store transaction; the client hears APPENDUID in an untagged OK, then the expunge.
 */
public final class ReplaceHandler implements CommandHandler<ReplaceCommand> {
    @Override
    public Outcome handle(ReplaceCommand command, CommandContext context) {
        SelectedMailbox view = context.selected();
        if (view.readOnly()) {
            // RFC 8508 §3.3: the original cannot be expunged from a read-only mailbox.
            return Outcome.no("READ-ONLY", "Mailbox is read-only");
        }
        long uid;
        if (command.uid()) {
            if (view.seqOf(command.message()) < 0) {
                return Outcome.no("NONEXISTENT", "No message with that UID");
            }
            uid = command.message();
        } else {
            if (command.message() > view.size()) {
                return Outcome.bad("Message sequence number out of range");
            }
            uid = view.uidAt((int) command.message());
        }
        AppendMessage m = command.replacement();
        if (m.utf8() && !context.utf8Accept()) {
            return Outcome.bad("UTF8 needs ENABLE UTF8=ACCEPT");
        }
        if (m.catenate() != null) {
            return Outcome.bad("CATENATE is for APPEND only");
        }
        if (m.content().length == 0) {
            return Outcome.no("CANNOT", "An empty message cannot be appended");
        }
        if (m.content().length > context.settings().limits().appendLimitBytes()) {
            return Outcome.no("TOOBIG", "Message exceeds APPENDLIMIT");
        }
        Optional<Mailbox> destination = Transfer.destination(context, command.mailbox());
        if (destination.isEmpty()) {
            return Outcome.no("TRYCREATE", "No such mailbox");
        }
        List<String> flags = new ArrayList<>();
        for (String flag : m.flags()) {
            if (!flag.equalsIgnoreCase("\\Recent")) {
                flags.add(flag);
            }
        }
        Instant date = m.internalDate() == null ? Instant.now() : m.internalDate().toInstant();
        Replaced replaced = context.store().messages().replace(view.mailbox().id(), new Uid(uid),
                destination.get().id(), new NewMessage(m.content(), Flags.of(flags), date));
        // RFC 8508 §3.2: APPENDUID in an untagged OK, before the expunge of the original.
        context.send(context.response().raw("* OK [APPENDUID ").number(replaced.appended().uidValidity().value())
                .space().number(replaced.appended().uid().value()).raw("] Replacement message").crlf());
        Expunger.report(context, replaced.expunged());
        return Outcome.ok(command.uid() ? "UID REPLACE completed" : "REPLACE completed");
    }
}
