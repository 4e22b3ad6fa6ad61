package org.tegami.smtp.protocol;

/**
 * MAIL FROM parameters: SIZE (RFC 1870; null when absent), BODY (null when absent), SMTPUTF8 (RFC 6531),
 * RET and ENVID (RFC 3461; null when absent, ENVID decoded from xtext), AUTH (RFC 4954 §5; the decoded
 * mailbox, or {@code <>}, null when absent), REQUIRETLS (RFC 8689).
 */
public record MailParameters(
        Long size,
        BodyType body,
        boolean smtpUtf8,
        DsnReturn ret,
        String envelopeId,
        String auth,
        boolean requireTls) {

    public static final MailParameters NONE = new MailParameters(null, null, false, null, null, null, false);
}
