package org.tegami.message;

import java.util.List;

/**
 * The result of parsing a message once on arrival: its {@link MessageStructure}, and the text SEARCH
 * matches against — every header field decoded, and the decoded text of every text/* part (charset
 * converted, transfer encoding removed, HTML kept as it is) joined by newlines.
 */
public record ParsedMessage(MessageStructure structure, List<HeaderField> headers, String bodyText) {
    public ParsedMessage {
        headers = List.copyOf(headers);
    }
}
