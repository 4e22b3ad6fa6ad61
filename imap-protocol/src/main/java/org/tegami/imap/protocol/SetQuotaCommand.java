package org.tegami.imap.protocol;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SETQUOTA (RFC 9208 §4.1.3): new limits for a quota root. {@code limits} maps each resource name, upper-cased,
 * to its limit in the resource's units, in the order sent; an empty map removes every limit.
 */
public record SetQuotaCommand(String tag, String root, Map<String, Long> limits) implements ImapCommand {

    public SetQuotaCommand {
        limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    /**
     * RFC 9208 §9: setquota = "SETQUOTA" SP quota-root-name SP setquota-list;
     * setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")";
     * setquota-resource = resource-name SP resource-limit; resource-name = atom; resource-limit = number64.
     */
    static SetQuotaCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing quota root");
        String root = in.readAstring("Missing quota root");
        in.expectSpace("Missing resource list");
        in.expect('(', "Expected ( before the resource list");
        Map<String, Long> limits = new LinkedHashMap<>();
        if (!in.tryConsume(')')) {
            do {
                String resource = in.readAtom("Missing resource name").toUpperCase(Locale.ROOT);
                in.expectSpace("Missing resource limit");
                long limit = in.readNumber64("Invalid resource limit");
                if (limits.putIfAbsent(resource, limit) != null) {
                    throw in.fail("Resource " + resource + " given twice");
                }
            } while (in.tryConsume(' '));
            in.expect(')', "Expected ) after the resource list");
        }
        return new SetQuotaCommand(tag, root, limits);
    }
}
