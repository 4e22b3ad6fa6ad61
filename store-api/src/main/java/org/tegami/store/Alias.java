package org.tegami.store;

import java.util.List;

/**
 * An alias: mail to {@code address} goes to every target instead. {@code address} is lower-cased
 * {@code local@domain}, or {@code @domain} for a catch-all of that domain; targets are addresses, local
 * accounts, other aliases or remote addresses.
 */
public record Alias(String address, List<String> targets) {
    public Alias {
        targets = List.copyOf(targets);
    }

    public boolean isCatchAll() {
        return address.startsWith("@");
    }
}
