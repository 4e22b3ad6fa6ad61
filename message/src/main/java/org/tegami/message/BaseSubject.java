package org.tegami.message;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base subject of RFC 5256 §2.1, which SORT (SUBJECT) compares: the subject without "Re:", "Fwd:" and
 * "[list]" prefixes, "(fwd)" trailers and "[Fwd: ...]" wrappers, whitespace runs folded into one space.
 * Takes the subject already decoded from encoded words (step 1's first half).
 */
public final class BaseSubject {
    private BaseSubject() {
    }

    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]+");
    /** subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":". */
    private static final Pattern LEADER = Pattern.compile(
            "^(?:(?:\\[[^\\[\\]]*\\] *)*(?:re|fwd?) *(?:\\[[^\\[\\]]*\\] *)?:|[ \\t])", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOB = Pattern.compile("^\\[[^\\[\\]]*\\] *");

    public static String of(String subject) {
        return extract(subject).base();
    }

    /**
     * Whether the subject marks a reply or a forward: extracting its base subject removed a "Re:"/"Fwd:" leader,
     * a "(fwd)" trailer or a "[Fwd: ...]" wrapper (RFC 5256 §2.1, used by the REFERENCES subject merge of §4).
     */
    public static boolean isReplyOrForward(String subject) {
        return extract(subject).replyOrForward();
    }

    private record Extracted(String base, boolean replyOrForward) {
    }

    private static Extracted extract(String subject) {
        boolean replyOrForward = false;
        // Step 1: whitespace runs become one space.
        String s = WHITESPACE.matcher(subject == null ? "" : subject).replaceAll(" ").strip();
        while (true) {
            // Step 2: trailing "(fwd)" and whitespace, repeatedly.
            while (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                s = s.substring(0, s.length() - 5).stripTrailing();
                replyOrForward = true;
            }
            boolean changed;
            do {
                changed = false;
                // Step 3: leading subj-leader text.
                Matcher leader = LEADER.matcher(s);
                while (leader.find() && leader.end() > 0) {
                    replyOrForward |= !leader.group().isBlank();
                    s = s.substring(leader.end());
                    changed = true;
                    leader = LEADER.matcher(s);
                }
                // Step 4: a leading subj-blob, if something is left after it.
                Matcher blob = BLOB.matcher(s);
                if (blob.find() && blob.end() < s.length()) {
                    s = s.substring(blob.end());
                    changed = true;
                }
            } while (changed);
            // Step 5: "[fwd:" ... "]" around the whole subject: unwrap and start again at step 2.
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).strip();
                replyOrForward = true;
                continue;
            }
            return new Extracted(s, replyOrForward);
        }
    }
}
