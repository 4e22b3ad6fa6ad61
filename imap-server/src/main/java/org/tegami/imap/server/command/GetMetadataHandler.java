package org.tegami.imap.server.command;

import java.util.Map;
import org.tegami.imap.protocol.GetMetadataCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/**
 * GETMETADATA (RFC 5464 §4.2): the requested entries of a mailbox or of the server in one {@code * METADATA}
 * response, NIL for a requested entry that has no value; with MAXSIZE, values longer than it are left out and
 * the tagged OK says how long the longest of them is ({@code [METADATA LONGENTRIES n]}, §4.2.1).
 */
public final class GetMetadataHandler implements CommandHandler<GetMetadataCommand> {
    @Override
    public Outcome handle(GetMetadataCommand command, CommandContext context) {
        MetadataTarget target = MetadataTarget.resolve(context, command.mailbox());
        Map<String, byte[]> selected = MetadataResponder.select(
                MetadataResponder.entries(context, target.mailbox()), command.entries(), command.depth());
        long longest = MetadataResponder.write(context, target.onWire(), selected, command.maxSize());
        if (longest >= 0) {
            return Outcome.ok("METADATA LONGENTRIES " + longest, "GETMETADATA completed");
        }
        return Outcome.ok("GETMETADATA completed");
    }
}
