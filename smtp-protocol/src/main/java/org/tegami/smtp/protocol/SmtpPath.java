package org.tegami.smtp.protocol;

/**
 * Reads a Reverse-path or Forward-path (RFC 5321 §4.1.2) from a MAIL or RCPT argument, with the UTF-8
 * extensions of RFC 6531 §3.3 always allowed: the caller decides afterwards whether non-ASCII was permitted,
 * which lets MAIL see its SMTPUTF8 parameter (written after the path) first.
 *
 * <pre>
 * Path      = "&lt;" [ A-d-l ":" ] Mailbox "&gt;"
 * A-d-l     = At-domain *( "," At-domain )     ; source route: accepted and dropped (RFC 5321 §4.1.1.3, §C)
 * Mailbox   = Local-part "@" ( Domain / address-literal )
 * </pre>
 */
final class SmtpPath {

    /** RFC 5321 §4.5.3.1.1: the maximum total length of a user name or other local-part is 64 octets. */
    static final int MAX_LOCAL_PART_BYTES = 64;
    /** RFC 5321 §4.5.3.1.2: the maximum total length of a domain name or number is 255 octets. */
    static final int MAX_DOMAIN_BYTES = 255;
    /** RFC 5321 §4.5.3.1.3: the maximum total length of a reverse-path or forward-path is 256 octets, brackets included. */
    static final int MAX_PATH_BYTES = 256;
    /** RFC 1035 §2.3.4: labels are 63 octets or less. */
    static final int MAX_LABEL_BYTES = 63;

    /** Whose address is read; decides which replies a bad address gets. */
    enum Role {
        // RFC 3463 X.1.7: bad sender's mailbox address syntax; RFC 5321 §4.2.2 553: mailbox name not allowed
        SENDER(553, "5.1.7", "sender"),
        // RFC 3463 X.1.3: bad destination mailbox address syntax
        RECIPIENT(501, "5.1.3", "recipient");

        private final int syntaxCode;
        private final String enhancedCode;
        private final String word;

        Role(int syntaxCode, String enhancedCode, String word) {
            this.syntaxCode = syntaxCode;
            this.enhancedCode = enhancedCode;
            this.word = word;
        }

        ParseFailure syntaxError() {
            return new ParseFailure(syntaxCode, enhancedCode, "Bad " + word + " address syntax");
        }

        /** RFC 5321 §4.5.3.1.10: "501 Path too long". */
        ParseFailure tooLong(String what) {
            return new ParseFailure(501, enhancedCode, what + " too long");
        }
    }

    /** A path read: the mailbox without brackets or source route ({@code ""} for {@code <>}), and the index after "&gt;". */
    record Read(String mailbox, int end) {
    }

    private final String line;
    private final Role role;
    private int pos;

    private SmtpPath(String line, int start, Role role) {
        this.line = line;
        this.pos = start;
        this.role = role;
    }

    /** Reads the path starting at {@code start}, which must be "&lt;". */
    static Read read(String line, int start, Role role) {
        return new SmtpPath(line, start, role).readPath();
    }

    private Read readPath() {
        int pathStart = pos;
        expect('<');
        // RFC 5321 §4.1.1.2: Reverse-path = Path / "<>", the null reverse-path of notifications
        if (role == Role.SENDER && peek('>')) {
            pos++;
            return new Read("", pos);
        }
        // RFC 5321 §4.1.1.3: "<Postmaster>" without a domain, in any case (§2.4), is a valid forward-path
        if (role == Role.RECIPIENT && Ascii.startsWithIgnoreCase(line, pos, "POSTMASTER>")) {
            String postmaster = line.substring(pos, pos + 10);
            pos += 11;
            return new Read(postmaster, pos);
        }
        if (peek('@')) {
            readSourceRoute();
        }
        int localStart = pos;
        if (peek('"')) {
            readQuotedString();
        } else {
            readDotString();
        }
        int localEnd = pos;
        expect('@');
        int domainStart = pos;
        if (peek('[')) {
            readAddressLiteral();
        } else {
            readDomain();
        }
        int domainEnd = pos;
        expect('>');
        // RFC 5321 §4.5.3.1: size limits, counted in octets
        if (Ascii.utf8Length(line, localStart, localEnd) > MAX_LOCAL_PART_BYTES) {
            throw role.tooLong("Local part");
        }
        if (Ascii.utf8Length(line, domainStart, domainEnd) > MAX_DOMAIN_BYTES) {
            throw role.tooLong("Domain");
        }
        if (Ascii.utf8Length(line, pathStart, pos) > MAX_PATH_BYTES) {
            throw role.tooLong("Path");
        }
        return new Read(line.substring(localStart, domainEnd), pos);
    }

    /** RFC 5321 §4.1.2: A-d-l ":" — each At-domain is checked, then the route is dropped (RFC 5321 §C). */
    private void readSourceRoute() {
        while (true) {
            expect('@');
            readDomain();
            if (peek(',')) {
                pos++;
            } else {
                expect(':');
                return;
            }
        }
    }

    /**
     * RFC 5321 §4.1.2: Dot-string = Atom *("." Atom), read leniently as atext and dots in any order: deployed
     * mailboxes (notably older mobile-carrier addresses) have leading, trailing or doubled dots.
     */
    private void readDotString() {
        int start = pos;
        while (pos < line.length() && (isAtext(line.charAt(pos)) || line.charAt(pos) == '.')) {
            pos++;
        }
        if (pos == start) {
            throw role.syntaxError();
        }
    }

    /** RFC 5321 §4.1.2: Quoted-string = DQUOTE *QcontentSMTP DQUOTE; RFC 6531 §3.3 adds UTF8-non-ascii to qtextSMTP. */
    private void readQuotedString() {
        expect('"');
        while (true) {
            if (pos >= line.length()) {
                throw role.syntaxError();
            }
            char c = line.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                // quoted-pairSMTP = %d92 %d32-126
                if (pos + 1 >= line.length() || line.charAt(pos + 1) < 32 || line.charAt(pos + 1) > 126) {
                    throw role.syntaxError();
                }
                pos += 2;
            } else if ((c >= 32 && c <= 126) || c >= 0x80) {
                // qtextSMTP = %d32-33 / %d35-91 / %d93-126 (the quote and backslash are handled above)
                pos++;
            } else {
                throw role.syntaxError();
            }
        }
    }

    /**
     * RFC 5321 §4.1.2: Domain = sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str];
     * RFC 6531 §3.3: sub-domain =/ U-label.
     */
    private void readDomain() {
        while (true) {
            int labelStart = pos;
            while (pos < line.length() && isLabelChar(line.charAt(pos))) {
                pos++;
            }
            if (pos == labelStart || line.charAt(labelStart) == '-' || line.charAt(pos - 1) == '-'
                    || Ascii.utf8Length(line, labelStart, pos) > MAX_LABEL_BYTES) {
                throw role.syntaxError();
            }
            if (!peek('.')) {
                return;
            }
            pos++;
        }
    }

    /** RFC 5321 §4.1.3: address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]". */
    private void readAddressLiteral() {
        expect('[');
        int close = line.indexOf(']', pos);
        if (close < 0 || !AddressLiteral.isValid(line.substring(pos, close))) {
            throw role.syntaxError();
        }
        pos = close + 1;
    }

    private boolean peek(char c) {
        return pos < line.length() && line.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw role.syntaxError();
        }
        pos++;
    }

    /** RFC 5321 §4.1.2 atext (RFC 5322 §3.2.3); RFC 6531 §3.3: atext =/ UTF8-non-ascii. */
    static boolean isAtext(char c) {
        return Ascii.isAlphaDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || c >= 0x80;
    }

    private static boolean isLabelChar(char c) {
        return Ascii.isAlphaDigit(c) || c == '-' || c >= 0x80;
    }
}
