package org.tegami.imap.server.command;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.tegami.imap.protocol.CatenatePart;
import org.tegami.imap.server.CommandContext;
import org.tegami.imap.server.Outcome;
import org.tegami.store.Mailbox;
import org.tegami.store.MessageRecord;
import org.tegami.store.Uid;

/**
 * Builds the message of an APPEND ... CATENATE (RFC 4469 §5) from its parts: text as given, and for each URL
 * the message or section it names in one of the account's mailboxes, read from the store. A URL that names
 * nothing this account can read is refused with BADURL; a result over APPENDLIMIT with TOOBIG.
 */
final class Catenation {
    private Catenation() {
    }

    /** The message, or the outcome that refuses it. */
    record Result(byte[] content, Outcome refusal) {
    }

    static Result build(CommandContext context, List<CatenatePart> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long limit = context.settings().limits().appendLimitBytes();
        for (CatenatePart part : parts) {
            switch (part) {
                case CatenatePart.Text text -> out.writeBytes(text.bytes());
                case CatenatePart.Url url -> {
                    Optional<byte[]> data = resolve(context, url.url());
                    if (data.isEmpty()) {
                        // RFC 4469 §6: BADURL names the URL that could not be used.
                        return new Result(null, Outcome.no("BADURL " + urlText(url.url()),
                                "The URL names nothing that can be included"));
                    }
                    out.writeBytes(data.get());
                }
            }
            if (out.size() > limit) {
                return new Result(null, Outcome.no("TOOBIG", "Message exceeds APPENDLIMIT"));
            }
        }
        return new Result(out.toByteArray(), null);
    }

    private static Optional<byte[]> resolve(CommandContext context, String text) {
        Optional<ImapUrl> parsed = ImapUrl.parse(text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ImapUrl url = parsed.get();
        Optional<Mailbox> mailbox = context.store().mailboxes().findMailbox(context.account().id(), url.mailbox())
                .filter(Mailbox::selectable);
        if (mailbox.isEmpty()
                || (url.uidValidity() != null && url.uidValidity() != mailbox.get().uidValidity().value())) {
            return Optional.empty();
        }
        List<MessageRecord> records = context.store().messages().fetch(mailbox.get().id(),
                List.of(new Uid(url.uid())), true);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        MessageRecord record = records.getFirst();
        byte[] raw = context.store().blobs().read(record.content());
        byte[] data = SectionReader.read(raw, record.structure().body(), url.section());
        if (data == null) {
            return Optional.empty();
        }
        // RFC 5092 §7: ;PARTIAL=offset[.length] takes that much of the section.
        long from = Math.min(url.partialOffset(), data.length);
        long to = url.partialLength() == null ? data.length : Math.min(data.length, from + url.partialLength());
        return Optional.of(java.util.Arrays.copyOfRange(data, (int) from, (int) to));
    }

    /** RFC 4469 §6: url-resp-text is TEXT-CHARs except "]". */
    private static String urlText(String url) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < url.length() && sb.length() < 200; i++) {
            char c = url.charAt(i);
            if (c > 0x20 && c < 0x7f && c != ']') {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? "URL" : sb.toString();
    }
}
