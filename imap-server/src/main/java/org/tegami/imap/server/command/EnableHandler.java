package org.tegami.imap.server.command;

import java.util.ArrayList;
import java.util.List;
import org.tegami.imap.protocol.EnableCommand;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.CommandHandler;
import org.tegami.imap.server.Outcome;

/**
 * ENABLE (RFC 9051 §6.3.1, RFC 5161): IMAP4rev2, CONDSTORE (RFC 7162 §3.1), QRESYNC (RFC 7162 §3.2.3,
 * which enables CONDSTORE too), UTF8=ACCEPT (RFC 6855 §3) and UIDONLY (RFC 9586 §3.1).
 */
public final class EnableHandler implements CommandHandler<EnableCommand> {
    @Override
    public Outcome handle(EnableCommand command, CommandContext context) {
        List<String> enabled = new ArrayList<>();
        for (String capability : command.capabilities()) {
            if (capability.equalsIgnoreCase("IMAP4rev2") && !context.imap4rev2()) {
                context.enableImap4rev2();
                enabled.add("IMAP4rev2");
            } else if (capability.equalsIgnoreCase("CONDSTORE") && !context.condstore()) {
                context.enableCondstore();
                enabled.add("CONDSTORE");
            } else if (capability.equalsIgnoreCase("QRESYNC") && !context.qresync()) {
                context.enableQresync();
                enabled.add("QRESYNC");
            } else if (capability.equalsIgnoreCase("UTF8=ACCEPT") && !context.utf8Accept()) {
                context.enableUtf8Accept();
                enabled.add("UTF8=ACCEPT");
            } else if (capability.equalsIgnoreCase("UIDONLY") && !context.uidOnly()) {
                context.enableUidOnly();
                enabled.add("UIDONLY");
            }
        }
        // RFC 5161 §3.1: the ENABLED response lists only what this command newly enabled.
        context.send(context.response().raw("* ENABLED").raw(enabled.isEmpty() ? "" : " " + String.join(" ", enabled))
                .crlf());
        return Outcome.ok("ENABLE completed");
    }
}
