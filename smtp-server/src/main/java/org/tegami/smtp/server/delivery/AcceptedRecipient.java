package org.tegami.smtp.server.delivery;

import org.tegami.smtp.protocol.RcptParameters;

/** A recipient accepted by RCPT TO, with where its mail goes and its DSN parameters. */
public record AcceptedRecipient(String address, Resolution resolution, RcptParameters parameters) {
}
