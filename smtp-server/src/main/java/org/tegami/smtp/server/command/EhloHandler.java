package org.tegami.smtp.server.command;

import java.util.ArrayList;
import java.util.List;
import org.tegami.smtp.protocol.EhloCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpMode;
import org.tegami.smtp.server.SmtpSessionState;

/** EHLO (RFC 5321 §4.1.1.1): greets and lists exactly the extensions that work on this connection now. */
public final class EhloHandler implements SmtpHandler<EhloCommand> {
    @Override
    public void handle(EhloCommand command, SmtpContext context) {
        if (context.mode() == SmtpMode.LMTP) {
            // RFC 2033 §4.1: LMTP uses LHLO; EHLO and HELO are not part of it.
            context.reply(Reply.of(500, "5.5.1", "This is an LMTP server; use LHLO"));
            return;
        }
        greet(context, command.domain());
    }

    /** The EHLO/LHLO answer; also resets any transaction (RFC 5321 §4.1.4). */
    static void greet(SmtpContext context, String clientDomain) {
        SmtpSessionState.Greeted previous = switch (context.state()) {
            case SmtpSessionState.Greeted g -> g;
            case SmtpSessionState.InTransaction t -> t.greeted();
            case SmtpSessionState.Connected c -> null;
        };
        context.setState(new SmtpSessionState.Greeted(clientDomain, true, previous == null ? null : previous.account()));
        List<String> lines = new ArrayList<>();
        lines.add(context.settings().hostname() + " greets " + clientDomain.replaceAll("[^\\x21-\\x7e]", "?"));
        lines.add("PIPELINING");
        lines.add("SIZE " + context.settings().limits().maxMessageBytes());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("CHUNKING");
        lines.add("DSN");
        if (context.canStartTls()) {
            lines.add("STARTTLS");
        }
        // RFC 4954 §3: the mechanisms that work here (none before TLS; -PLUS only with channel bindings).
        List<String> mechanisms = context.mechanisms();
        if (!mechanisms.isEmpty()) {
            lines.add("AUTH " + String.join(" ", mechanisms));
        }
        if (context.tls() && context.mode() != SmtpMode.LMTP) {
            // RFC 8689 §4.1: REQUIRETLS is offered only on a TLS-protected session.
            lines.add("REQUIRETLS");
        }
        lines.add("HELP");
        // RFC 2034 §3: replies to EHLO carry no enhanced status code.
        context.reply(new Reply(250, null, lines));
    }
}
