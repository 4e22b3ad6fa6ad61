package org.tegami.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Where commands read and write: standard streams, and a way to ask for a secret without echoing it
 * when a person is at a terminal. Tests pass their own streams and no prompt.
 *
 * @param secretPrompt present only when stdin and stdout are an interactive terminal
 */
public record Terminal(PrintWriter out, PrintWriter err, BufferedReader in, Optional<SecretPrompt> secretPrompt) {

    /** Asks for a secret; returns null at end of input. */
    @FunctionalInterface
    public interface SecretPrompt {
        String readSecret(String prompt);
    }

    public static Terminal system() {
        Console console = System.console();
        // Since JDK 22 System.console() exists even when redirected; isTerminal() tells the real story.
        Optional<SecretPrompt> prompt = console != null && console.isTerminal()
                ? Optional.of(text -> {
                    char[] secret = console.readPassword("%s", text);
                    return secret == null ? null : new String(secret);
                })
                : Optional.empty();
        Charset charset = Charset.defaultCharset();
        return new Terminal(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), prompt);
    }
}
