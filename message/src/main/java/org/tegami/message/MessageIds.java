package org.tegami.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The message identifiers in a Message-ID, In-Reply-To or References field value, in the order written, each
 * with its angle brackets. Text outside angle brackets (the phrases of RFC 5322 §4.5.4 obs-in-reply-to and
 * obs-references, comments) is skipped; whitespace inside one is dropped, since the obsolete syntax allows
 * CFWS around its parts; an identifier without "@" between two non-empty sides is not one (RFC 5322 §3.6.4
 * msg-id = "<" id-left "@" id-right ">"), as RFC 5256 §4 step 1 uses only valid ones.
 */
public final class MessageIds {
    private MessageIds() {
    }

    public static List<String> of(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null) {
            return ids;
        }
        int open = value.indexOf('<');
        while (open >= 0) {
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            int nested = value.lastIndexOf('<', close);
            if (nested > open) {
                // "<junk <id@host>": the identifier is the innermost bracketed text.
                open = nested;
            }
            StringBuilder id = new StringBuilder("<");
            for (int i = open + 1; i < close; i++) {
                char c = value.charAt(i);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    id.append(c);
                }
            }
            id.append('>');
            int at = id.indexOf("@");
            if (at > 1 && at == id.lastIndexOf("@") && at < id.length() - 2) {
                ids.add(id.toString());
            }
            open = value.indexOf('<', close + 1);
        }
        return ids;
    }
}
