package org.tegami.imap.server.command;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tegami.imap.protocol.SetMetadataCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.MetadataSettings;
import org.tegami.imap.server.Outcome;

/**
 * SETMETADATA (RFC 5464 §4.3): sets and removes (NIL) entries of a mailbox or of the server, all or none. Every
 * check is made before anything is stored, and the store applies the entries in one transaction, so a NO leaves
 * every entry as it was. The server's {@code /shared} entries are shared by all users and come from configuration,
 * so they are read-only here (§3.3 lets a server restrict them; NOPERM, RFC 5530 §3).
 */
public final class SetMetadataHandler implements CommandHandler<SetMetadataCommand> {
    @Override
    public Outcome handle(SetMetadataCommand command, CommandContext context) {
        MetadataSettings limits = context.settings().metadata();
        MetadataTarget target = MetadataTarget.resolve(context, command.mailbox());
        Map<String, Optional<byte[]>> values = new LinkedHashMap<>();
        for (SetMetadataCommand.EntryValue value : command.values()) {
            if (target.server() && value.entry().startsWith("/shared/")) {
                return Outcome.no("NOPERM", "The server's shared entries are set by the administrator");
            }
            if (value.entry().getBytes(StandardCharsets.US_ASCII).length > limits.maxEntryNameBytes()) {
                return Outcome.no("LIMIT", "Metadata entry names are limited to " + limits.maxEntryNameBytes()
                        + " octets");
            }
            if (value.size() > limits.maxValueBytes()) {
                // §4.3: the code names the largest value the server accepts.
                return Outcome.no("METADATA MAXSIZE " + limits.maxValueBytes(), "Metadata value too large");
            }
            values.put(value.entry(), Optional.ofNullable(value.value()));
        }
        // TOOMANY (§4.3) comes from the store, which counts inside the transaction that adds the entries.
        context.store().annotations().set(context.account().id(), target.mailbox(), values, limits.maxEntries());
        return Outcome.ok("SETMETADATA completed");
    }
}
