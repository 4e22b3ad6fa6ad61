package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grammar of metadata entry names (RFC 5464 §3.2), shared by GETMETADATA, SETMETADATA and LIST's METADATA
 * return option. A name that breaks a rule is a syntax error: "Invalid entry names result in a BAD response in
 * any IMAP command in which they are used" (§3.2). Names are case-insensitive, so they are returned lower-cased.
 */
final class MetadataEntries {
    private MetadataEntries() {
    }

    /** RFC 5464 §5: entry = astring; returns the lower-cased name. */
    static String read(CommandReader in) {
        String name = in.readAstring("Missing metadata entry name");
        String problem = problem(name);
        if (problem != null) {
            throw in.fail("Invalid metadata entry name: " + problem);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** RFC 5464 §5: entries = entry / "(" entry *(SP entry) ")"; the lower-cased names in the order sent. */
    static List<String> readEntries(CommandReader in) {
        List<String> entries = new ArrayList<>();
        if (in.tryConsume('(')) {
            in.enterNesting();
            do {
                entries.add(read(in));
            } while (in.tryConsume(' '));
            in.expect(')', "Expected ) after the metadata entries");
            in.leaveNesting();
        } else {
            entries.add(read(in));
        }
        return entries;
    }

    /** What is wrong with an entry name under RFC 5464 §3.2, or {@code null} when it is valid. */
    static String problem(String name) {
        if (!name.startsWith("/")) {
            return "it must start with /private or /shared";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // §3.2: no "*" or "%", no non-ASCII, no octets 0x00 to 0x19.
            if (c == '*' || c == '%') {
                return "wildcards are not allowed";
            }
            if (c > 0x7f || c <= 0x19) {
                return "only ASCII characters from 0x20 are allowed";
            }
        }
        if (name.contains("//")) {
            return "two consecutive / are not allowed";
        }
        if (name.endsWith("/")) {
            return "it must not end with /";
        }
        String[] components = name.substring(1).split("/", -1);
        String scope = components[0].toLowerCase(Locale.ROOT);
        if (!scope.equals("private") && !scope.equals("shared")) {
            return "it must start with /private or /shared";
        }
        // §3.2: at least two components; at least four under /<scope>/vendor/<vendor-token>.
        if (components.length < 2) {
            return "it needs a name after its scope";
        }
        if (components[1].equalsIgnoreCase("vendor") && components.length < 4) {
            return "a vendor entry needs a name after its vendor token";
        }
        return null;
    }
}
