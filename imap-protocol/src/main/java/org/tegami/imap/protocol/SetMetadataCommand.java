package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SETMETADATA (RFC 5464 §4.3): sets or removes entries of a mailbox, or of the server when {@code mailbox} is
 * empty, all or none. Entry names are lower-cased and valid (§3.2), each at most once.
 */
public record SetMetadataCommand(String tag, String mailbox, List<EntryValue> values) implements ImapCommand {

    public SetMetadataCommand {
        values = List.copyOf(values);
    }

    /** One entry and its new value: octets, or {@code null} for NIL, which removes the entry (§4.3). */
    public record EntryValue(String entry, byte[] value) {
        public EntryValue {
            value = value == null ? null : value.clone();
        }

        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        public boolean removes() {
            return value == null;
        }

        /** The value's size in octets; 0 for NIL. */
        public int size() {
            return value == null ? 0 : value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EntryValue e && e.entry.equals(entry) && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return entry.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return entry + "=" + (value == null ? "NIL" : value.length + " octets");
        }
    }

    /**
     * RFC 5464 §5: setmetadata = "SETMETADATA" SP mailbox SP entry-values;
     * entry-values = "(" entry-value *(SP entry-value) ")"; entry-value = entry SP value;
     * value = nstring / literal8.
     */
    static SetMetadataCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        String mailbox = in.readMailbox();
        in.expectSpace("Missing metadata entries");
        in.expect('(', "Expected ( before the metadata entries");
        in.enterNesting();
        List<EntryValue> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            String entry = MetadataEntries.read(in);
            if (!seen.add(entry)) {
                throw in.fail("Metadata entry " + entry + " given twice");
            }
            in.expectSpace("Missing metadata value");
            values.add(new EntryValue(entry, in.readValue("Missing metadata value")));
        } while (in.tryConsume(' '));
        in.expect(')', "Expected ) after the metadata entries");
        in.leaveNesting();
        return new SetMetadataCommand(tag, mailbox, values);
    }
}
