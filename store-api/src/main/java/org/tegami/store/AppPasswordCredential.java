package org.tegami.store;

import java.util.Optional;

/** An app password as the authenticator needs it: its hash (PHC string) and its protocol restriction. */
public record AppPasswordCredential(AppPasswordId id, String label, String passwordHash,
                                    Optional<LoginProtocol> onlyFor) {
    @Override
    public String toString() {
        // Keeps the hash out of logs.
        return "AppPasswordCredential[" + id.value() + ", " + label + "]";
    }
}
