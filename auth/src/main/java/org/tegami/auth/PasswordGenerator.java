package org.tegami.auth;

import java.security.SecureRandom;

/** Random passwords for new accounts: 20 characters from an alphabet without look-alikes (about 115 bits). */
public final class PasswordGenerator {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 20;

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    public String generate() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
