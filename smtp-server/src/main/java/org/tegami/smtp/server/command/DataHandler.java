package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.DataCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.Replies;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpSessionState;

/** DATA (RFC 5321 §4.1.1.4): after at least one accepted recipient, 354 and then the message. */
public final class DataHandler implements SmtpHandler<DataCommand> {
    @Override
    public void handle(DataCommand command, SmtpContext context) {
        SmtpSessionState.MailTransaction transaction = ((SmtpSessionState.InTransaction) context.state()).transaction();
        if (transaction.recipients().isEmpty()) {
            context.reply(Reply.of(554, "5.5.1", "No valid recipients"));
            return;
        }
        if (transaction.chunking()) {
            // RFC 3030 §2: DATA and BDAT cannot be mixed in one transaction, even after "BDAT 0" or a chunk
            // too large to keep, neither of which leaves any data behind.
            context.reply(Replies.BAD_SEQUENCE);
            return;
        }
        context.expectMessageData();
        context.reply(new Reply(354, null, java.util.List.of("End data with <CR><LF>.<CR><LF>")));
    }
}
