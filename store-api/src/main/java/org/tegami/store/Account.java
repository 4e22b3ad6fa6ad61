package org.tegami.store;

import java.time.Instant;

/** An account: its whole e-mail address (the login name, lower-cased) and its password hash (PHC string). */
public record Account(AccountId id, String address, String passwordHash, Instant createdAt) {
}
