package org.tegami.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address a person asks settings for. Only the dot-atom form (RFC 5322 §3.2.3) with a domain name is accepted:
 * it is what mail accounts here look like, and it keeps quoting rules out of every page and file we write.
 *
 * @param localPart the part before the {@code @}, as given
 * @param domain    the domain, lower-cased
 */
record EmailAddress(String localPart, String domain) {

    /** RFC 5322 §3.2.3 atext, in dot-separated atoms. */
    private static final Pattern LOCAL_PART = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /**
     * RFC 1035 §2.3.1 labels (plus digits first, RFC 1123 §2.1). One label is enough: a server started
     * without a fully-qualified name serves {@code postmaster@localhost}, and its page must show that too.
     */
    private static final Pattern DOMAIN = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    /** RFC 5321 §4.5.3.1.1 and §4.5.3.1.3 limits. */
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_ADDRESS = 254;

    static Optional<EmailAddress> parse(String text) {
        String address = text.strip();
        int at = address.lastIndexOf('@');
        if (address.length() > MAX_ADDRESS || at <= 0 || at > MAX_LOCAL_PART) {
            return Optional.empty();
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!LOCAL_PART.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(local, domain));
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
