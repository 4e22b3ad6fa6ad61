package org.tegami.smtp.server.command;

import org.tegami.smtp.protocol.BdatCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.server.SmtpContext;
import org.tegami.smtp.server.SmtpHandler;
import org.tegami.smtp.server.SmtpSessionState;

/**
 * BDAT (RFC 3030 §2): chunks are collected as sent (no dot-stuffing); BDAT … LAST completes the message.
 * The chunk's octets were read by the session whatever the outcome, so the stream stays in step.
 */
public final class BdatHandler implements SmtpHandler<BdatCommand> {
    @Override
    public void handle(BdatCommand command, SmtpContext context) {
        SmtpSessionState.MailTransaction transaction = ((SmtpSessionState.InTransaction) context.state()).transaction();
        if (transaction.recipients().isEmpty()) {
            // RFC 3030 §2: with no valid recipient, the chunk is discarded and the transaction is over.
            context.setState(((SmtpSessionState.InTransaction) context.state()).greeted());
            context.reply(Reply.of(554, "5.5.1", "No valid recipients"));
            return;
        }
        transaction.markChunking();
        byte[] chunk = context.currentChunk();
        long limit = context.settings().limits().maxMessageBytes();
        if (chunk == null || transaction.chunks().size() + (long) chunk.length > limit) {
            transaction.markChunksTooLarge();
        } else {
            transaction.chunks().writeBytes(chunk);
        }
        if (!command.last()) {
            context.reply(Reply.of(250, "2.0.0", command.size() + " octets received"));
            return;
        }
        byte[] message = transaction.chunksTooLarge() ? new byte[0] : transaction.chunks().toByteArray();
        context.acceptMessage(message, transaction.chunksTooLarge(), containsBareLineEnding(message));
    }

    /** BDAT carries the message as is, so bare CR or LF is checked here rather than while reading. */
    static boolean containsBareLineEnding(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\r' && (i + 1 >= message.length || message[i + 1] != '\n')) {
                return true;
            }
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }
}
