package org.tegami.store;

/**
 * What an account's messages use against its {@link Quota}: the sum of their sizes in bytes and their number,
 * over all its mailboxes (RFC 9208 §5.1, §5.2). A message copied twice counts twice: each copy is a message
 * the user can see and delete.
 */
public record QuotaUsage(long storageBytes, long messages) {
}
