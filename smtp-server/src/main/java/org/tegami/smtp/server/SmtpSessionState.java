package org.tegami.smtp.server;

import java.util.ArrayList;
import java.util.List;
import org.tegami.smtp.protocol.MailParameters;
import org.tegami.smtp.server.delivery.AcceptedRecipient;
import org.tegami.store.Account;

/** The phases of an SMTP session (RFC 5321 §4.1.4), each carrying what it needs. */
public sealed interface SmtpSessionState {

    /** Before HELO/EHLO/LHLO (and again after STARTTLS, RFC 3207 §4.2). */
    record Connected() implements SmtpSessionState {
    }

    /**
     * After the greeting. {@code extended} for EHLO/LHLO; {@code account} once AUTH succeeded (null before).
     */
    record Greeted(String clientDomain, boolean extended, Account account) implements SmtpSessionState {
        public Greeted withAccount(Account authenticated) {
            return new Greeted(clientDomain, extended, authenticated);
        }
    }

    /** Between MAIL FROM and the end of the message (or RSET). */
    record InTransaction(Greeted greeted, MailTransaction transaction) implements SmtpSessionState {
    }

    /** The envelope being built: sender, parameters, accepted recipients, and BDAT chunks so far. */
    final class MailTransaction {
        private final String sender;
        private final MailParameters parameters;
        private final List<AcceptedRecipient> recipients = new ArrayList<>();
        private final java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        private boolean chunksTooLarge;
        private boolean chunking;

        public MailTransaction(String sender, MailParameters parameters) {
            this.sender = sender;
            this.parameters = parameters;
        }

        public String sender() {
            return sender;
        }

        public MailParameters parameters() {
            return parameters;
        }

        public List<AcceptedRecipient> recipients() {
            return recipients;
        }

        /** BDAT data received so far (RFC 3030). */
        public java.io.ByteArrayOutputStream chunks() {
            return chunks;
        }

        /** Whether a BDAT was taken in this transaction, even an empty or oversize one (RFC 3030 §2). */
        public boolean chunking() {
            return chunking;
        }

        public void markChunking() {
            chunking = true;
        }

        public boolean chunksTooLarge() {
            return chunksTooLarge;
        }

        public void markChunksTooLarge() {
            chunksTooLarge = true;
        }
    }
}
