package org.tegami.server.doctor;

import java.util.List;

/** The ports to check; the standard ones (RFC 8314 §7.3, RFC 6409 §3.1) plus an offset unless overridden. */
public record Ports(int imaps, int imap, int submissions, int submission) {

    public static Ports standard(int offset) {
        return new Ports(993 + offset, 143 + offset, 465 + offset, 587 + offset);
    }

    /** RFC 8314 §5.1: implicit TLS first, as clients should prefer it. */
    public List<Service> services() {
        return List.of(new Service(Service.Protocol.IMAP, imaps, true),
                new Service(Service.Protocol.IMAP, imap, false),
                new Service(Service.Protocol.SMTP, submissions, true),
                new Service(Service.Protocol.SMTP, submission, false));
    }
}
