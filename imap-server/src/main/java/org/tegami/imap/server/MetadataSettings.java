package org.tegami.imap.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * METADATA (RFC 5464) limits and the server-wide {@code /shared} entries, which come from configuration and are
 * read-only over IMAP.
 *
 * @param maxValueBytes      largest value of one entry in octets; SETMETADATA answers a larger one with
 *                           {@code [METADATA MAXSIZE n]} (§4.3). At least 1024 (§4.1).
 * @param maxEntries         most entries on one mailbox, or among one account's server entries; a SETMETADATA that
 *                           would add one more is answered {@code [METADATA TOOMANY]} (§4.3). At least 10 (§4.1).
 * @param maxEntryNameBytes  longest entry name in octets; SETMETADATA refuses a longer one with {@code [LIMIT]}
 *                           (RFC 5530 §3)
 * @param serverComment      the server's {@code /shared/comment} (§3.2.1.1), if any
 * @param serverAdmin        the server's {@code /shared/admin} (§3.2.1.1): a URI such as {@code mailto:} or
 *                           {@code tel:}, if any
 */
public record MetadataSettings(int maxValueBytes, int maxEntries, int maxEntryNameBytes,
                               Optional<String> serverComment, Optional<String> serverAdmin) {

    /** RFC 5464 §4.1: a server must accept values of at least 1024 octets. */
    public static final int MIN_VALUE_BYTES = 1024;
    /** RFC 5464 §4.1: a server must accept at least 10 entries per mailbox or server. */
    public static final int MIN_ENTRIES = 10;
    /** Room for the RFC's own names, such as {@code /shared/vendor/<vendor-token>/...}. */
    public static final int MIN_ENTRY_NAME_BYTES = 64;

    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 100;
    public static final int DEFAULT_MAX_ENTRY_NAME_BYTES = 1024;

    public static final MetadataSettings DEFAULTS = new MetadataSettings(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_ENTRY_NAME_BYTES, Optional.empty(), Optional.empty());

    public MetadataSettings {
        Objects.requireNonNull(serverComment, "serverComment");
        Objects.requireNonNull(serverAdmin, "serverAdmin");
        if (maxValueBytes < MIN_VALUE_BYTES) {
            throw new IllegalArgumentException("the largest metadata value must be at least " + MIN_VALUE_BYTES
                    + " bytes (RFC 5464 §4.1)");
        }
        if (maxEntries < MIN_ENTRIES) {
            throw new IllegalArgumentException("at least " + MIN_ENTRIES + " metadata entries must be allowed"
                    + " (RFC 5464 §4.1)");
        }
        if (maxEntryNameBytes < MIN_ENTRY_NAME_BYTES) {
            throw new IllegalArgumentException("metadata entry names must be allowed at least "
                    + MIN_ENTRY_NAME_BYTES + " bytes");
        }
        serverAdmin.ifPresent(MetadataSettings::requireUri);
    }

    /** The same settings with the server's {@code /shared/comment} and {@code /shared/admin}. */
    public MetadataSettings withServerEntries(Optional<String> comment, Optional<String> admin) {
        return new MetadataSettings(maxValueBytes, maxEntries, maxEntryNameBytes, comment, admin);
    }

    /** RFC 5464 §3.2.1.1: the value of /shared/admin must be a URI (e.g. a mailto: or tel: URL). */
    private static void requireUri(String value) {
        try {
            if (new URI(value).getScheme() == null) {
                throw new IllegalArgumentException("the server admin must be a URI such as mailto:postmaster@example.org");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the server admin must be a URI such as mailto:postmaster@example.org: "
                    + e.getMessage());
        }
    }
}
