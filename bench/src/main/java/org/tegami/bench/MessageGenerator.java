package org.tegami.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic messages: message {@code i} of a seed is always the same bytes. The mix
 * is what a mailbox holds: short plain-text mail, HTML with a text alternative (RFC 2046 §5.1.4),
 * mail with a base64 attachment (RFC 2045 §6.8), and non-ASCII display names and subjects as
 * encoded-words (RFC 2047). One message in {@link #NEEDLE_EVERY} contains {@link #NEEDLE}, the word
 * that SEARCH TEXT looks for.
 */
public final class MessageGenerator {

    /** A word that occurs in no other message text. */
    static final String NEEDLE = "quokkaflux";
    /** One message in this many contains {@link #NEEDLE}: 0.1 %. */
    static final int NEEDLE_EVERY = 1000;

    private static final String[] WORDS = ("the of and to in is it that for on was with as be at by this "
            + "meeting report budget project schedule invoice review draft release server mailbox client "
            + "please thanks regards attached update question answer tomorrow today week month quarter "
            + "customer order shipping delivery contract team office travel hotel flight agenda minutes "
            + "design test build deploy network storage backup security password account access policy "
            + "coffee lunch dinner weekend holiday family photo garden music film book idea plan goal")
            .split(" ");
    private static final String[] NAMES = {
        "Alice Martin", "Bob Dupont", "Chloé Lefèvre", "Jürgen Müller", "Søren Kierkegaard",
        "山田 太郎", "佐藤 花子", "Иван Петров", "María José García", "Zoë O'Neil"
    };
    private static final String[] SUBJECTS = {
        "Quarterly report", "Réunion de lundi", "Über das Budget", "会議の議事録", "Счёт за услуги",
        "Holiday photos", "Re: project schedule", "Fwd: invoice", "Café demain ?", "Draft for review"
    };
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final long seed;

    public MessageGenerator(long seed) {
        this.seed = seed;
    }

    /** Message number {@code index} (from 0): the same bytes for the same seed and index. */
    public byte[] message(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        int kind = random.nextInt(100);
        StringBuilder m = new StringBuilder(4096);
        String from = NAMES[random.nextInt(NAMES.length)];
        String to = NAMES[random.nextInt(NAMES.length)];
        m.append("Return-Path: <sender").append(index % 97).append("@example.org>\r\n");
        m.append("From: ").append(displayName(from)).append(" <sender").append(index % 97).append("@example.org>\r\n");
        m.append("To: ").append(displayName(to)).append(" <user@bench.test>\r\n");
        m.append("Subject: ").append(encodedWord(SUBJECTS[random.nextInt(SUBJECTS.length)] + " #" + index))
                .append("\r\n");
        // Dates spread over two years, not in index order, so SORT by date has work to do.
        m.append("Date: ").append(DATE.format(EPOCH.plusSeconds(random.nextLong(2L * 365 * 24 * 3600))))
                .append("\r\n");
        m.append("Message-ID: <").append(seed).append('.').append(index).append("@generator.bench.test>\r\n");
        m.append("MIME-Version: 1.0\r\n");
        boolean needle = index % NEEDLE_EVERY == NEEDLE_EVERY / 2;
        String text = paragraphs(random, kind < 60 ? 1 + random.nextInt(8) : 2 + random.nextInt(20), needle);
        if (kind < 60) {
            m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            m.append(text);
        } else if (kind < 85) {
            String boundary = "alt-" + index;
            m.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n\r\n");
            m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: 8bit\r\n\r\n").append(text);
            m.append("--").append(boundary).append("\r\nContent-Type: text/html; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: 8bit\r\n\r\n<html><body>\r\n");
            for (String paragraph : text.split("\r\n\r\n")) {
                m.append("<p>").append(paragraph).append("</p>\r\n");
            }
            m.append("</body></html>\r\n--").append(boundary).append("--\r\n");
        } else {
            String boundary = "mixed-" + index;
            m.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
            m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: 8bit\r\n\r\n").append(text);
            byte[] attachment = new byte[8 * 1024 + random.nextInt(kind < 97 ? 64 * 1024 : 320 * 1024)];
            random.nextBytes(attachment);
            String name = kind % 2 == 0 ? "report-" + index + ".pdf" : "photo-" + index + ".jpg";
            m.append("--").append(boundary).append("\r\nContent-Type: ")
                    .append(name.endsWith(".pdf") ? "application/pdf" : "image/jpeg")
                    .append("; name=\"").append(name).append("\"\r\n")
                    .append("Content-Disposition: attachment; filename=\"").append(name).append("\"\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n");
            m.append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(attachment)).append("\r\n");
            m.append("--").append(boundary).append("--\r\n");
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An mbox ("mboxrd") of messages 0 to count-1, for loading elsewhere. */
    byte[] mbox(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            String text = new String(message(i), StandardCharsets.UTF_8).replace("\r\n", "\n");
            out.writeBytes(("From sender@example.org Mon Jan  1 00:00:00 2024\n").getBytes(StandardCharsets.US_ASCII));
            for (String line : text.split("\n", -1)) {
                if (line.matches(">*From .*")) {
                    out.write('>');
                }
                out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static String paragraphs(SplittableRandom random, int count, boolean needle) {
        StringBuilder text = new StringBuilder();
        int needleAt = needle ? random.nextInt(count) : -1;
        for (int p = 0; p < count; p++) {
            int words = 20 + random.nextInt(80);
            int column = 0;
            for (int w = 0; w < words; w++) {
                String word = p == needleAt && w == words / 2 ? NEEDLE : WORDS[random.nextInt(WORDS.length)];
                if (column + word.length() > 72) {
                    text.append("\r\n");
                    column = 0;
                } else if (w > 0) {
                    text.append(' ');
                    column++;
                }
                text.append(word);
                column += word.length();
            }
            text.append(".\r\n\r\n");
        }
        return text.toString();
    }

    private static String displayName(String name) {
        return isAscii(name) ? "\"" + name + "\"" : encodedWord(name);
    }

    /** RFC 2047 §4.1 B-encoding of UTF-8 text, or the text itself when it is ASCII. */
    private static String encodedWord(String text) {
        if (isAscii(text)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }
}
