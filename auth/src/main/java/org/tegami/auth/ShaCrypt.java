package org.tegami.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * SHA-256-crypt ({@code $5$}) and SHA-512-crypt ({@code $6$}) as glibc and Dovecot write them, following
 * Ulrich Drepper's specification "Unix crypt using SHA-256 and SHA-512" (the numbered steps below are
 * that document's). Only verification is needed: new hashes are always Argon2id.
 */
final class ShaCrypt {

    /** The two variants: the prefix, the digest and the order in which the final digest bytes are encoded. */
    enum Variant {
        SHA256("$5$", "SHA-256", 43, new int[][] {
                {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
                {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}}),
        SHA512("$6$", "SHA-512", 86, new int[][] {
                {0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48},
                {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13},
                {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19},
                {62, 20, 41}});

        final String prefix;
        final String digest;
        final int encodedLength;
        final int[][] order;

        Variant(String prefix, String digest, int encodedLength, int[][] order) {
            this.prefix = prefix;
            this.digest = digest;
            this.encodedLength = encodedLength;
            this.order = order;
        }
    }

    /** The specification's default and bounds for {@code rounds=}. */
    static final int DEFAULT_ROUNDS = 5000;
    static final int MIN_ROUNDS = 1000;
    /**
     * The specification allows 999,999,999 rounds; more than this is refused so that a stored hash cannot
     * turn a login into minutes of CPU. Dovecot and glibc default to 5000.
     */
    static final int MAX_ROUNDS = 1_000_000;
    private static final int MAX_SALT_CHARS = 16;
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String ROUNDS = "rounds=";

    /** A parsed crypt string: the rounds as written (if written), the salt and the encoded hash. */
    record Parsed(Variant variant, Optional<Integer> rounds, String salt, String hash) {
    }

    private ShaCrypt() {
    }

    /** Parses {@code $5$[rounds=N$]salt$hash} or the {@code $6$} form; empty when malformed or too costly. */
    static Optional<Parsed> parse(String text) {
        for (Variant variant : Variant.values()) {
            if (!text.startsWith(variant.prefix)) {
                continue;
            }
            String rest = text.substring(variant.prefix.length());
            Optional<Integer> rounds = Optional.empty();
            if (rest.startsWith(ROUNDS)) {
                int end = rest.indexOf('$');
                if (end < 0) {
                    return Optional.empty();
                }
                String digits = rest.substring(ROUNDS.length(), end);
                if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Optional.empty();
                }
                int value = Integer.parseInt(digits);
                if (value > MAX_ROUNDS) {
                    return Optional.empty();
                }
                rounds = Optional.of(value);
                rest = rest.substring(end + 1);
            }
            int dollar = rest.lastIndexOf('$');
            if (dollar < 0) {
                return Optional.empty();
            }
            String salt = rest.substring(0, dollar);
            String hash = rest.substring(dollar + 1);
            if (salt.length() > MAX_SALT_CHARS || salt.indexOf('$') >= 0 || hash.length() != variant.encodedLength
                    || !hash.chars().allMatch(c -> ITOA64.indexOf(c) >= 0)) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(variant, rounds, salt, hash));
        }
        return Optional.empty();
    }

    /** Whether the password matches the crypt string; constant-time comparison, false when malformed. */
    static boolean verify(String password, String cryptString) {
        Optional<Parsed> parsed = parse(cryptString);
        if (parsed.isEmpty()) {
            return false;
        }
        Parsed p = parsed.get();
        String candidate = encodedHash(p.variant(), password.getBytes(StandardCharsets.UTF_8),
                p.salt().getBytes(StandardCharsets.UTF_8), p.rounds().orElse(DEFAULT_ROUNDS));
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                p.hash().getBytes(StandardCharsets.US_ASCII));
    }

    /** The whole crypt string for a password and salt, as the specification's reference code prints it. */
    static String crypt(Variant variant, String password, String salt, Optional<Integer> rounds) {
        String s = salt.length() > MAX_SALT_CHARS ? salt.substring(0, MAX_SALT_CHARS) : salt;
        int effective = rounds.map(r -> Math.max(MIN_ROUNDS, r)).orElse(DEFAULT_ROUNDS);
        return variant.prefix + (rounds.isPresent() ? ROUNDS + effective + "$" : "") + s + "$"
                + encodedHash(variant, password.getBytes(StandardCharsets.UTF_8),
                        s.getBytes(StandardCharsets.UTF_8), effective);
    }

    private static String encodedHash(Variant variant, byte[] p, byte[] s, int requestedRounds) {
        // Rounds below the minimum are raised to it (specification, "rounds=" paragraph).
        int rounds = Math.max(MIN_ROUNDS, requestedRounds);
        MessageDigest md = digest(variant);
        // Steps 4-8: digest B = H(P || S || P).
        md.update(p);
        md.update(s);
        md.update(p);
        byte[] b = md.digest();
        int size = b.length;
        // Steps 1-3, 9-12: digest A.
        md.update(p);
        md.update(s);
        repeat(md, b, p.length);
        for (int n = p.length; n > 0; n >>>= 1) {
            md.update((n & 1) != 0 ? b : p);
        }
        byte[] c = md.digest();
        // Steps 13-16: the P sequence from digest DP = H(P repeated |P| times).
        for (int i = 0; i < p.length; i++) {
            md.update(p);
        }
        byte[] pSeq = sequence(md.digest(), p.length);
        // Steps 17-20: the S sequence from digest DS = H(S repeated 16 + A[0] times).
        for (int i = 0; i < 16 + (c[0] & 0xff); i++) {
            md.update(s);
        }
        byte[] sSeq = sequence(md.digest(), s.length);
        // Step 21: the rounds.
        for (int i = 0; i < rounds; i++) {
            md.update((i & 1) != 0 ? pSeq : c);
            if (i % 3 != 0) {
                md.update(sSeq);
            }
            if (i % 7 != 0) {
                md.update(pSeq);
            }
            md.update((i & 1) != 0 ? c : pSeq);
            c = md.digest();
        }
        // Step 22: the custom base64 encoding, bytes taken in the variant's order.
        StringBuilder out = new StringBuilder(variant.encodedLength);
        for (int[] group : variant.order) {
            encode(out, c[group[0]], c[group[1]], c[group[2]], 4);
        }
        if (size == 32) {
            encode(out, (byte) 0, c[31], c[30], 3);
        } else {
            encode(out, (byte) 0, (byte) 0, c[63], 2);
        }
        return out.toString();
    }

    private static void repeat(MessageDigest md, byte[] block, int length) {
        int n = length;
        for (; n > block.length; n -= block.length) {
            md.update(block);
        }
        md.update(block, 0, n);
    }

    private static byte[] sequence(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }

    private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest digest(Variant variant) {
        try {
            return MessageDigest.getInstance(variant.digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + variant.digest, e);
        }
    }
}
