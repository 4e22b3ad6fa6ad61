package org.tegami.bench;

import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * A server under test: where its IMAPS (and, when it has one, SMTP submission over TLS) listener is,
 * the accounts it has, and the process whose memory is measured.
 *
 * @param name        a short name for reports ("tegami", "dovecot")
 * @param imaps       the IMAPS listener
 * @param submissions the SMTP submission listener with implicit TLS, or null
 * @param domain      the domain of the benchmark accounts
 * @param password    their common password
 * @param pid         the server's main process (its descendants are counted too), if known
 */
record Target(String name, InetSocketAddress imaps, InetSocketAddress submissions, String domain, String password,
              OptionalLong pid) {

    /** Account number {@code n} (from 1) of the per-client accounts. */
    String user(int n) {
        return String.format("user%04d@%s", n, domain);
    }

    String bigUser() {
        return "big@" + domain;
    }

    String idleUser() {
        return "idle@" + domain;
    }

    /** IMAP LOGIN with quoted strings (RFC 9051 §4.3): addresses and the password have no quote. */
    String login(String user) {
        return "LOGIN \"" + user + "\" \"" + password + "\"";
    }
}
