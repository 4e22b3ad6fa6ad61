package org.tegami.imap.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** ID (RFC 2971): the client's field/value pairs in order, or {@code null} for {@code ID NIL}; NIL values are {@code null}. */
public record IdCommand(String tag, Map<String, String> fields) implements ImapCommand {

    /** RFC 2971 §4: id = "ID" SP id-params-list; id-params-list = "(" *(string SP nstring) ")" / nil. */
    static IdCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing ID parameters");
        if (in.tryWord("NIL")) {
            return new IdCommand(tag, null);
        }
        in.expect('(', "Invalid ID parameters");
        in.enterNesting();
        Map<String, String> fields = new LinkedHashMap<>();
        if (!in.tryConsume(')')) {
            do {
                String field = in.readString("Invalid ID field name");
                in.expectSpace("Missing ID field value");
                fields.put(field, in.readNstring("Invalid ID field value"));
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid ID parameters");
        }
        in.leaveNesting();
        return new IdCommand(tag, Collections.unmodifiableMap(fields));
    }
}
