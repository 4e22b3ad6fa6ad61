package org.tegami.store;

import java.util.List;
import org.tegami.message.HeaderField;

/** The searchable text of a message, stored when it arrived: decoded header fields and decoded body text. */
public record MessageText(List<HeaderField> headers, String bodyText) {
    public MessageText {
        headers = List.copyOf(headers);
    }
}
