package org.tegami.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tegami.auth.PasswordSchemes;
import org.tegami.store.AccountDirectory;

/**
 * Reads an account list exported from another mail server and checks every line before anything is
 * created: a Dovecot passwd-file ({@code user:{SCHEME}hash[:uid:gid:…]}, "passwd-file" in the Dovecot
 * documentation) or a CSV file ({@code address,hash}, RFC 4180, with an optional header line). Hashes
 * are kept as they are ({@link PasswordSchemes}); no password is ever printed.
 */
public final class AccountImport {

    /** The two file formats. */
    public enum Format {
        PASSWD, CSV
    }

    /** One account to create, from line {@code line} of the file. */
    public record Entry(int line, MailAddress address, PasswordSchemes.StoredHash hash) {
    }

    /** A line that cannot be imported, and why (never containing the hash). */
    public record Problem(int line, String message) {
    }

    /** The accounts to create when {@code problems} is empty. */
    public record Plan(Format format, List<Entry> entries, List<Problem> problems) {
    }

    private AccountImport() {
    }

    /** The format of the first line that is neither blank nor a {@code #} comment: a ':' before any ','. */
    public static Format detect(List<String> lines) {
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int colon = text.indexOf(':');
            int comma = text.indexOf(',');
            return colon >= 0 && (comma < 0 || colon < comma) ? Format.PASSWD : Format.CSV;
        }
        return Format.PASSWD;
    }

    /** Parses and validates every line against the directory; the plan lists every problem found. */
    public static Plan plan(List<String> lines, Format format, AccountDirectory directory) {
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean firstData = true;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String text = lines.get(i).strip();
            if (i == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a byte-order mark written by spreadsheet programs
            }
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean header = firstData && format == Format.CSV && isHeader(text);
            firstData = false;
            if (header) {
                continue;
            }
            Optional<String[]> fields = format == Format.PASSWD ? passwdFields(text) : csvFields(text);
            if (fields.isEmpty()) {
                problems.add(new Problem(number, format == Format.PASSWD
                        ? "expected user:{SCHEME}hash[:uid:gid:…]" : "expected address,password-hash"));
                continue;
            }
            String user = fields.get()[0];
            String hashText = fields.get()[1];
            MailAddress address;
            try {
                if (user.indexOf('@') < 0) {
                    throw new IllegalArgumentException("user '" + user + "' is not a whole e-mail address "
                            + "(Tegami logs users in with local@domain)");
                }
                address = MailAddress.parse(user);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(number, e.getMessage()));
                continue;
            }
            PasswordSchemes.StoredHash hash;
            try {
                hash = PasswordSchemes.recognise(hashText);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(number, address + ": " + e.getMessage()));
                continue;
            }
            Integer earlier = seen.putIfAbsent(address.toString(), number);
            if (earlier != null) {
                problems.add(new Problem(number, address + " is already on line " + earlier));
                continue;
            }
            if (directory.findAccount(address.toString()).isPresent()) {
                problems.add(new Problem(number, "user " + address + " already exists"));
                continue;
            }
            entries.add(new Entry(number, address, hash));
        }
        return new Plan(format, List.copyOf(entries), List.copyOf(problems));
    }

    private static boolean isHeader(String text) {
        String first = text.split(",", 2)[0].strip().replace("\"", "").toLowerCase(Locale.ROOT);
        return first.indexOf('@') < 0;
    }

    /** {@code user:password[:uid:gid:gecos:home:shell:extra]}; the password field holds no ':'. */
    private static Optional<String[]> passwdFields(String text) {
        String[] fields = text.split(":", -1);
        if (fields.length < 2 || fields[0].isBlank() || fields[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {fields[0].strip(), fields[1]});
    }

    /** {@code address,hash}: two fields, either of which may be double-quoted (RFC 4180 §2). */
    private static Optional<String[]> csvFields(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (!(wasQuoted && Character.isWhitespace(c))) {
                if (wasQuoted) {
                    return Optional.empty(); // text after a closing quote
                }
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        // An Argon2 hash holds commas (m=…,t=…,p=…): an unquoted hash is the rest of the line.
        if (fields.size() > 2 && !text.contains("\"")) {
            int comma = text.indexOf(',');
            fields = List.of(text.substring(0, comma).strip(), text.substring(comma + 1).strip());
        }
        if (fields.size() != 2 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {fields.get(0), fields.get(1)});
    }
}
