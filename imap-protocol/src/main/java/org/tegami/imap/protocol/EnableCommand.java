package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** ENABLE (RFC 9051 §6.3.1): capability names as sent (the session compares case-insensitively). */
public record EnableCommand(String tag, List<String> capabilities) implements ImapCommand {
    public EnableCommand {
        capabilities = List.copyOf(capabilities);
    }

    /** RFC 9051 §9: enable = "ENABLE" 1*(SP capability). */
    static EnableCommand parse(String tag, CommandReader in) {
        List<String> capabilities = new ArrayList<>();
        do {
            in.expectSpace("Missing capability name");
            capabilities.add(in.readAtom("Missing capability name"));
        } while (!in.atEnd());
        return new EnableCommand(tag, capabilities);
    }
}
