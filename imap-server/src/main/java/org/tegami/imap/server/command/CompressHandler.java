package org.tegami.imap.server.command;

import org.tegami.imap.protocol.CompressCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/** COMPRESS (RFC 4978): DEFLATE only, once per connection; the session sends the OK and starts compressing. */
public final class CompressHandler implements CommandHandler<CompressCommand> {
    @Override
    public Outcome handle(CompressCommand command, CommandContext context) {
        if (context.compressing()) {
            // RFC 4978 §3: a second COMPRESS is refused with COMPRESSIONACTIVE.
            return Outcome.no("COMPRESSIONACTIVE", "Compression is already active");
        }
        if (!command.mechanism().equalsIgnoreCase("DEFLATE")) {
            return Outcome.no(null, "Unsupported compression mechanism");
        }
        context.startCompression(command.tag());
        return Outcome.CONTINUED;
    }
}
