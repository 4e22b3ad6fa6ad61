package org.tegami.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.tegami.auth.PasswordGenerator;

/**
 * Where a new password comes from: one line on stdin ({@code --password-stdin}, for scripts), else
 * typed twice at the terminal, else generated and shown once. Generating is also what happens when
 * the person just presses Enter at the prompt.
 */
public final class PasswordSource {

    /** The password, and whether it was generated (and so must be shown). */
    public record Password(String value, boolean generated) {
    }

    private final Terminal terminal;
    private final PasswordGenerator generator;

    public PasswordSource(Terminal terminal, PasswordGenerator generator) {
        this.terminal = terminal;
        this.generator = generator;
    }

    public Password obtain(MailAddress address, boolean fromStdin) {
        if (fromStdin) {
            return new Password(readStdinLine(), false);
        }
        if (terminal.secretPrompt().isPresent()) {
            Terminal.SecretPrompt prompt = terminal.secretPrompt().get();
            String first = prompt.readSecret("Password for " + address + " (Enter to generate one): ");
            if (first == null || first.isEmpty()) {
                return new Password(generator.generate(), true);
            }
            String second = prompt.readSecret("Repeat the password: ");
            if (!first.equals(second)) {
                throw new CommandFailure("the passwords do not match; nothing was changed");
            }
            return new Password(first, false);
        }
        return new Password(generator.generate(), true);
    }

    private String readStdinLine() {
        try {
            String line = terminal.in().readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("--password-stdin: no password on standard input");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
