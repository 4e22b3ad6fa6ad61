package org.tegami.server.doctor;

/** What the doctor examines: a mail address (its host comes from DNS) or a host given directly. */
public sealed interface Target {

    /** {@code alice@example.com}: DNS names the host; logins try the user name variants. */
    record Address(String localPart, String domain) implements Target {
        @Override
        public String toString() {
            return localPart + "@" + domain;
        }
    }

    /** {@code mail.example.com} or an IP address: used as is, no DNS records of a domain are checked. */
    record Host(String name) implements Target {
        @Override
        public String toString() {
            return name;
        }
    }
}
