package org.tegami.smtp.server;

/** What the frame decoder hands to the session. */
sealed interface SmtpInput {

    /** A command line (or SASL response line), without its line end. */
    record Line(byte[] bytes) implements SmtpInput {
    }

    /** A line longer than the limit; its bytes were discarded up to the next line end. */
    record LineTooLong() implements SmtpInput {
    }

    /** A BDAT command line and the octets that followed it; {@code data} is null when they exceeded the limit. */
    record Chunk(byte[] line, byte[] data) implements SmtpInput {
    }

    /** The message after DATA, dot-stuffing removed. */
    record Message(byte[] data, boolean tooLarge, boolean bareLineEnding) implements SmtpInput {
    }
}
