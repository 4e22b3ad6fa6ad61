package org.tegami.smtp.protocol;

/** BDAT (RFC 3030 §2): a chunk of {@code size} octets follows the command line; {@code last} for BDAT … LAST. */
public record BdatCommand(long size, boolean last) implements SmtpCommand {
}
