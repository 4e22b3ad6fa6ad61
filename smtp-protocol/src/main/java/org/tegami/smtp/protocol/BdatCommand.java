package org.tegami.smtp.protocol;

/** BDAT (RFC 3030 §2): a chunk of {@code size} octets follows the command line; {@code last} for BDAT … LAST. */
public record BdatCommand(long size, boolean last) implements SmtpCommand {

    /**
     * {@code argument}: the text after "BDAT ". bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ],
     * chunk-size = 1*DIGIT, end-marker = "LAST" (RFC 3030 §2). A size beyond a long is rejected: no server
     * could read it.
     */
    static BdatCommand parse(String argument) {
        String[] words = argument.split(" +");
        if (argument.isEmpty() || words.length > 2) {
            throw syntax();
        }
        boolean last = false;
        if (words.length == 2) {
            if (!Ascii.upper(words[1]).equals("LAST")) {
                throw syntax();
            }
            last = true;
        }
        String digits = words[0];
        long size = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Ascii.isDigit(c) || size > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw syntax();
            }
            size = size * 10 + (c - '0');
        }
        return new BdatCommand(size, last);
    }

    private static ParseFailure syntax() {
        return new ParseFailure(501, "5.5.4", "Syntax: BDAT size [LAST]");
    }
}
