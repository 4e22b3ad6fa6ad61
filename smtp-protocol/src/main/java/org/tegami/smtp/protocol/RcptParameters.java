package org.tegami.smtp.protocol;

import java.util.Set;

/**
 * RCPT TO parameters (RFC 3461): NOTIFY conditions (empty when absent) and ORCPT as sent
 * ({@code addr-type;xtext-decoded address}, null when absent).
 */
public record RcptParameters(Set<DsnNotify> notifyConditions, String originalRecipient) {
    public static final RcptParameters NONE = new RcptParameters(Set.of(), null);

    public RcptParameters {
        notifyConditions = Set.copyOf(notifyConditions);
    }
}
