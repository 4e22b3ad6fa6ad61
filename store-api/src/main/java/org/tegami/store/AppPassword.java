package org.tegami.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An app password as administrators see it: everything but the secret and its hash.
 *
 * @param onlyFor    the one protocol it may log in with; empty means IMAP and SMTP
 * @param lastUsedAt the last successful login with it; empty if never used
 */
public record AppPassword(AppPasswordId id, AccountId account, String label, Instant createdAt,
                          Optional<Instant> lastUsedAt, Optional<LoginProtocol> onlyFor) {
}
