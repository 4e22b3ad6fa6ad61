package org.tegami.auth;

import java.security.SecureRandom;

/**
 * Random passwords from an alphabet without look-alikes: for new accounts 20 characters (about 115 bits),
 * and app passwords.
 */
public final class PasswordGenerator {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 20;

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    /**
     * An app password: four groups of four characters joined by {@code -} (16 characters, about 93 bits),
     * easy to read out and type on a phone. The dashes are not part of the secret; see
     * {@link AppPasswordIssuer#compact}.
     */
    public String appPassword() {
        StringBuilder sb = new StringBuilder(19);
        for (int group = 0; group < 4; group++) {
            if (group > 0) {
                sb.append('-');
            }
            for (int i = 0; i < 4; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    public String generate() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
