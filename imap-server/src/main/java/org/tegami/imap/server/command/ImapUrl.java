package org.tegami.imap.server.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tegami.imap.protocol.Section;

/**
 * The IMAP URLs CATENATE takes (RFC 4469 §5, RFC 5092 §7): {@code imap://[user@]host[:port]/} followed by, or
 * just, {@code /mailbox[;UIDVALIDITY=n]/;UID=n[/;SECTION=section][/;PARTIAL=offset[.length]]}. The mailbox name
 * is UTF-8 with percent escapes (RFC 5092 §9). URLAUTH-authorised URLs and URLs relative to the selected
 * mailbox are not taken.
 */
record ImapUrl(String mailbox, Long uidValidity, long uid, Section section, long partialOffset, Long partialLength) {

    private static final Pattern PATH = Pattern.compile(
            "(?i)/([^;/]+)(?:;UIDVALIDITY=([1-9][0-9]{0,9}))?/;UID=([1-9][0-9]{0,9})"
                    + "(?:/;SECTION=([^/;]+))?(?:/;PARTIAL=([0-9]{1,10})(?:\\.([1-9][0-9]{0,9}))?)?");

    static Optional<ImapUrl> parse(String url) {
        String path = url;
        if (path.regionMatches(true, 0, "imap://", 0, 7)) {
            int slash = path.indexOf('/', 7);
            if (slash < 0) {
                return Optional.empty();
            }
            path = path.substring(slash);
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<String> mailbox = percentDecode(m.group(1));
        if (mailbox.isEmpty()) {
            return Optional.empty();
        }
        Section section = Section.WHOLE;
        if (m.group(4) != null) {
            Optional<String> spec = percentDecode(m.group(4));
            Optional<Section> parsed = spec.flatMap(Section::parse);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            section = parsed.get();
        }
        return Optional.of(new ImapUrl(mailbox.get(),
                m.group(2) == null ? null : Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                section,
                m.group(5) == null ? 0 : Long.parseLong(m.group(5)),
                m.group(6) == null ? null : Long.parseLong(m.group(6))));
    }

    /** RFC 3986 §2.1 percent decoding into strict UTF-8; empty on a bad escape or bad UTF-8. */
    private static Optional<String> percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                out.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
