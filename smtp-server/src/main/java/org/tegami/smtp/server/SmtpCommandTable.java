package org.tegami.smtp.server;

import java.util.EnumSet;
import java.util.Set;
import org.tegami.smtp.protocol.AuthCommand;
import org.tegami.smtp.protocol.BdatCommand;
import org.tegami.smtp.protocol.DataCommand;
import org.tegami.smtp.protocol.EhloCommand;
import org.tegami.smtp.protocol.HeloCommand;
import org.tegami.smtp.protocol.HelpCommand;
import org.tegami.smtp.protocol.LhloCommand;
import org.tegami.smtp.protocol.MailCommand;
import org.tegami.smtp.protocol.NoopCommand;
import org.tegami.smtp.protocol.QuitCommand;
import org.tegami.smtp.protocol.RcptCommand;
import org.tegami.smtp.protocol.RsetCommand;
import org.tegami.smtp.protocol.SmtpCommand;
import org.tegami.smtp.protocol.StartTlsCommand;
import org.tegami.smtp.protocol.VrfyCommand;
import org.tegami.smtp.server.command.AuthHandler;
import org.tegami.smtp.server.command.BdatHandler;
import org.tegami.smtp.server.command.DataHandler;
import org.tegami.smtp.server.command.EhloHandler;
import org.tegami.smtp.server.command.HeloHandler;
import org.tegami.smtp.server.command.HelpHandler;
import org.tegami.smtp.server.command.LhloHandler;
import org.tegami.smtp.server.command.MailHandler;
import org.tegami.smtp.server.command.NoopHandler;
import org.tegami.smtp.server.command.QuitHandler;
import org.tegami.smtp.server.command.RcptHandler;
import org.tegami.smtp.server.command.RsetHandler;
import org.tegami.smtp.server.command.StartTlsHandler;
import org.tegami.smtp.server.command.VrfyHandler;

/**
 * Which handler runs each verb and in which phases it is allowed (RFC 5321 §4.1.4); the session checks
 * once and answers 503 5.5.1 otherwise.
 */
final class SmtpCommandTable {

    enum Phase { CONNECTED, GREETED, IN_TRANSACTION }

    private static final Set<Phase> ANY = EnumSet.allOf(Phase.class);
    private static final Set<Phase> GREETED = EnumSet.of(Phase.GREETED);
    private static final Set<Phase> TRANSACTION = EnumSet.of(Phase.IN_TRANSACTION);

    record Entry(Set<Phase> allowedIn, SmtpHandler<? extends SmtpCommand> handler) {
        @SuppressWarnings("unchecked")
        void execute(SmtpCommand command, SmtpContext context) {
            ((SmtpHandler<SmtpCommand>) handler).handle(command, context);
        }
    }

    private final Entry ehlo = new Entry(ANY, new EhloHandler());
    private final Entry helo = new Entry(ANY, new HeloHandler());
    private final Entry lhlo = new Entry(ANY, new LhloHandler());
    private final Entry mail = new Entry(GREETED, new MailHandler());
    private final Entry rcpt = new Entry(TRANSACTION, new RcptHandler());
    private final Entry data = new Entry(TRANSACTION, new DataHandler());
    private final Entry bdat = new Entry(TRANSACTION, new BdatHandler());
    private final Entry rset = new Entry(ANY, new RsetHandler());
    private final Entry noop = new Entry(ANY, new NoopHandler());
    private final Entry quit = new Entry(ANY, new QuitHandler());
    private final Entry vrfy = new Entry(ANY, new VrfyHandler());
    private final Entry help = new Entry(ANY, new HelpHandler());
    private final Entry startTls = new Entry(ANY, new StartTlsHandler());
    private final Entry auth = new Entry(GREETED, new AuthHandler());

    Entry entry(SmtpCommand command) {
        return switch (command) {
            case EhloCommand c -> ehlo;
            case HeloCommand c -> helo;
            case LhloCommand c -> lhlo;
            case MailCommand c -> mail;
            case RcptCommand c -> rcpt;
            case DataCommand c -> data;
            case BdatCommand c -> bdat;
            case RsetCommand c -> rset;
            case NoopCommand c -> noop;
            case QuitCommand c -> quit;
            case VrfyCommand c -> vrfy;
            case HelpCommand c -> help;
            case StartTlsCommand c -> startTls;
            case AuthCommand c -> auth;
        };
    }

    static Phase phaseOf(SmtpSessionState state) {
        return switch (state) {
            case SmtpSessionState.Connected c -> Phase.CONNECTED;
            case SmtpSessionState.Greeted g -> Phase.GREETED;
            case SmtpSessionState.InTransaction t -> Phase.IN_TRANSACTION;
        };
    }
}
