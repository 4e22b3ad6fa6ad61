package org.tegami.message;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient RFC 5322 §3.4 address-list parser producing IMAP envelope addresses. Display names are
 * kept as raw text (encoded words untouched, quotes and escapes removed, whitespace runs collapsed),
 * because IMAP sends them as they were written. Broken addresses are reported the way Dovecot does:
 * a missing local part as {@value #MISSING_MAILBOX}, a missing domain as {@value #MISSING_DOMAIN}
 * (a {@code null} host would read as group syntax).
 */
final class AddressListParser {
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    static final String MISSING_DOMAIN = "MISSING_DOMAIN";

    private enum Kind { WORD, COMMENT, SPECIAL, DOMAIN_LITERAL }

    /** A lexical token; {@code spaceBefore} records folding white space or a comment in front of it. */
    private record Token(Kind kind, String text, boolean spaceBefore) {
        boolean is(char special) {
            return kind == Kind.SPECIAL && text.charAt(0) == special;
        }
    }

    private final List<Token> tokens;
    private final List<Address> addresses = new ArrayList<>();
    private int position;

    private AddressListParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Address> parse(String value) {
        AddressListParser parser = new AddressListParser(tokenize(value));
        parser.parseList();
        return parser.addresses;
    }

    private void parseList() {
        while (position < tokens.size()) {
            int before = position;
            Token token = tokens.get(position);
            if (token.is(',') || token.is(';') || token.is('>') || token.kind() == Kind.COMMENT) {
                position++;
                continue;
            }
            parseAddress(false);
            if (position == before) {
                position++;
            }
        }
    }

    /** address = mailbox / group (RFC 5322 §3.4). */
    private void parseAddress(boolean inGroup) {
        List<Token> phrase = new ArrayList<>();
        String comment = null;
        while (position < tokens.size()) {
            Token token = tokens.get(position);
            if (token.kind() == Kind.COMMENT) {
                comment = token.text();
            } else if (token.is('<') || token.is('@') || token.is(',') || token.is(';') || token.is('>')
                    || (token.is(':') && !inGroup)) {
                break;
            } else {
                phrase.add(token);
            }
            position++;
        }
        Token next = position < tokens.size() ? tokens.get(position) : null;
        if (next != null && next.is(':')) {
            parseGroup(phraseText(phrase));
        } else if (next != null && next.is('<')) {
            position++;
            parseAngleAddress(phrase.isEmpty() ? comment : phraseText(phrase), inGroup);
        } else if (next != null && next.is('@')) {
            position++;
            DomainAndComment domain = readDomain(inGroup);
            add(domain.comment() != null ? domain.comment() : comment, null, joined(phrase), domain.domain());
        } else if (!phrase.isEmpty()) {
            // A bare word list without '@': Dovecot reports it as a mailbox with a missing domain.
            add(null, null, phraseText(phrase), null);
        }
    }

    /** group = display-name ":" [group-list] ";" — IMAP marks its start and end with NIL-host entries. */
    private void parseGroup(String name) {
        position++;
        addresses.add(new Address(null, null, name, null));
        while (position < tokens.size()) {
            Token token = tokens.get(position);
            if (token.is(';')) {
                position++;
                break;
            }
            int before = position;
            if (token.is(',') || token.is('>') || token.kind() == Kind.COMMENT) {
                position++;
                continue;
            }
            parseAddress(true);
            if (position == before) {
                position++;
            }
        }
        addresses.add(new Address(null, null, null, null));
    }

    /** angle-addr = "<" [obs-route] addr-spec ">"; obs-route = obs-domain-list ":" (RFC 5322 §4.4). */
    private void parseAngleAddress(String name, boolean inGroup) {
        String route = null;
        if (position < tokens.size() && tokens.get(position).is('@')) {
            StringBuilder routeText = new StringBuilder();
            while (position < tokens.size() && !tokens.get(position).is(':') && !tokens.get(position).is('>')) {
                Token token = tokens.get(position++);
                if (token.kind() != Kind.COMMENT) {
                    routeText.append(token.text());
                }
            }
            if (position < tokens.size() && tokens.get(position).is(':')) {
                position++;
                route = routeText.toString();
            }
        }
        List<Token> localPart = new ArrayList<>();
        while (position < tokens.size() && !tokens.get(position).is('@') && !tokens.get(position).is('>')
                && !tokens.get(position).is(',')) {
            Token token = tokens.get(position++);
            if (token.kind() != Kind.COMMENT) {
                localPart.add(token);
            }
        }
        String domain = null;
        if (position < tokens.size() && tokens.get(position).is('@')) {
            position++;
            StringBuilder domainText = new StringBuilder();
            while (position < tokens.size() && !tokens.get(position).is('>') && !tokens.get(position).is(',')) {
                Token token = tokens.get(position++);
                if (token.kind() != Kind.COMMENT) {
                    domainText.append(token.text());
                }
            }
            domain = domainText.toString();
        }
        if (position < tokens.size() && tokens.get(position).is('>')) {
            position++;
        }
        String trailingComment = skipToSeparator(inGroup);
        add(name != null ? name : trailingComment, route, joined(localPart), domain);
    }

    private record DomainAndComment(String domain, String comment) {
    }

    /** Reads a domain after '@' up to the next separator, with the last comment seen (a name, for Dovecot). */
    private DomainAndComment readDomain(boolean inGroup) {
        StringBuilder domain = new StringBuilder();
        String comment = null;
        while (position < tokens.size()) {
            Token token = tokens.get(position);
            if (token.is(',') || (inGroup && token.is(';'))) {
                break;
            }
            if (token.kind() == Kind.COMMENT) {
                comment = token.text();
            } else if (token.is('<') || token.is('>')) {
                String trailing = skipToSeparator(inGroup);
                comment = trailing != null ? trailing : comment;
                break;
            } else {
                domain.append(token.text());
            }
            position++;
        }
        return new DomainAndComment(domain.toString(), comment);
    }

    /** Skips whatever follows an address up to the next ',' (or ';' inside a group); returns its last comment. */
    private String skipToSeparator(boolean inGroup) {
        String comment = null;
        while (position < tokens.size()) {
            Token token = tokens.get(position);
            if (token.is(',') || (inGroup && token.is(';'))) {
                break;
            }
            if (token.kind() == Kind.COMMENT) {
                comment = token.text();
            }
            position++;
        }
        return comment;
    }

    private void add(String name, String route, String mailbox, String host) {
        String displayName = name == null || name.isEmpty() ? null : name;
        addresses.add(new Address(
                displayName,
                route,
                mailbox == null || mailbox.isEmpty() ? MISSING_MAILBOX : mailbox,
                host == null || host.isEmpty() ? MISSING_DOMAIN : host));
    }

    /** A display name: words separated by single spaces where the header had white space. */
    private static String phraseText(List<Token> phrase) {
        StringBuilder text = new StringBuilder();
        for (Token token : phrase) {
            if (token.spaceBefore() && !text.isEmpty()) {
                text.append(' ');
            }
            text.append(token.text());
        }
        return text.toString();
    }

    /** A local part or domain: RFC 5322 §4.4 allows CFWS around the dots, which is dropped. */
    private static String joined(List<Token> parts) {
        StringBuilder text = new StringBuilder();
        for (Token token : parts) {
            text.append(token.text());
        }
        return text.toString();
    }

    private static List<Token> tokenize(String value) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        boolean space = false;
        int length = value.length();
        while (i < length) {
            char c = value.charAt(i);
            if (HeaderText.isWhitespace(c)) {
                space = true;
                i++;
            } else if (c == '(') {
                // RFC 5322 §3.2.2: comments nest and may contain quoted-pairs.
                StringBuilder comment = new StringBuilder();
                int depth = 0;
                while (i < length) {
                    char d = value.charAt(i++);
                    if (d == '\\' && i < length) {
                        comment.append(value.charAt(i++));
                        continue;
                    }
                    if (d == '(' && depth++ == 0) {
                        continue;
                    }
                    if (d == ')' && --depth == 0) {
                        break;
                    }
                    comment.append(d);
                }
                tokens.add(new Token(Kind.COMMENT, HeaderText.trimWhitespace(comment.toString()), space));
                space = true;
            } else if (c == '"') {
                // RFC 5322 §3.2.4: the quotes and backslashes are not part of the value.
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < length) {
                    char d = value.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && i < length) {
                        d = value.charAt(i++);
                    }
                    quoted.append(d);
                }
                tokens.add(new Token(Kind.WORD, quoted.toString(), space));
                space = false;
            } else if (c == '[') {
                int end = value.indexOf(']', i);
                end = end < 0 ? length : end + 1;
                tokens.add(new Token(Kind.DOMAIN_LITERAL, value.substring(i, end), space));
                i = end;
                space = false;
            } else if ("<>:;@,.".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c), space));
                i++;
                space = false;
            } else {
                int start = i;
                while (i < length && !HeaderText.isWhitespace(value.charAt(i))
                        && "()\"[<>:;@,.".indexOf(value.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, value.substring(start, i), space));
                space = false;
            }
        }
        return tokens;
    }
}
