package org.tegami.store;

import java.util.Locale;
import java.util.Optional;

/** The protocols a client logs in with; an app password may be restricted to one of them. */
public enum LoginProtocol {
    IMAP,
    SMTP;

    /** The lower-case name used in the CLI, the configuration and the store ({@code imap}, {@code smtp}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol named by {@link #word()} in any case, if any. */
    public static Optional<LoginProtocol> fromWord(String word) {
        for (LoginProtocol p : values()) {
            if (p.word().equalsIgnoreCase(word.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
