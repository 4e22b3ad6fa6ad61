package org.tegami.store;

import java.util.Locale;
import java.util.Optional;

/** Special-use mailbox attributes (RFC 6154). */
public enum SpecialUse {
    ALL("\\All"), ARCHIVE("\\Archive"), DRAFTS("\\Drafts"), FLAGGED("\\Flagged"),
    JUNK("\\Junk"), SENT("\\Sent"), TRASH("\\Trash");

    private final String attribute;

    SpecialUse(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute as written on the wire, e.g. {@code \Drafts}. */
    public String attribute() {
        return attribute;
    }

    public static Optional<SpecialUse> fromAttribute(String text) {
        for (SpecialUse use : values()) {
            if (use.attribute.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }
}
