package org.tegami.store;

/**
 * The limits of one account's quota root (RFC 9208 §3): total size of its messages in bytes (resource
 * STORAGE, §5.1, which IMAP reports in units of 1024 octets) and number of messages (resource MESSAGE, §5.2),
 * counted over all its mailboxes. Zero means no limit on that resource.
 */
public record Quota(long storageBytes, long messages) {

    /** No limit on either resource. */
    public static final Quota UNLIMITED = new Quota(0, 0);

    public Quota {
        if (storageBytes < 0 || messages < 0) {
            throw new IllegalArgumentException("quota limits cannot be negative");
        }
    }

    public boolean limitsStorage() {
        return storageBytes > 0;
    }

    public boolean limitsMessages() {
        return messages > 0;
    }
}
