package org.tegami.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses one SMTP/LMTP command line (without CRLF) following RFC 5321 §4.1 and the parameter grammar of
 * the extensions offered. Pure and total: any input gives a result, never an exception.
 *
 * <p>Verbs are case-insensitive (RFC 5321 §2.4). Spaces are tolerated in runs and at the end of the line,
 * which the grammar's single SP does not allow but clients send. The MAIL and RCPT grammars live with their
 * records; addresses are read by {@link SmtpPath}, parameters by {@link EsmtpParameter}.
 */
public final class SmtpCommandParser {

    /**
     * RFC 5321 §4.5.3.1.10: "500 Line too long". Also for the line framer, which should refuse an overlong line
     * before it is buffered.
     */
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.6", "Line too long");

    /**
     * RFC 6531 §3.5 and RFC 5248 X.6.7: a non-ASCII address in a transaction without SMTPUTF8. The parser sends it
     * for MAIL; the server sends it for a RCPT whose {@link RcptCommand#requiresSmtpUtf8()} is true.
     */
    public static final Reply NON_ASCII_ADDRESS =
            Reply.of(553, "5.6.7", "Non-ASCII addresses require the SMTPUTF8 parameter");

    private final SmtpLimits limits;

    public SmtpCommandParser(SmtpLimits limits) {
        this.limits = limits;
    }

    public SmtpParseResult parse(byte[] line) {
        // RFC 5321 §4.5.3.1.4: the command line limit, in octets without CRLF
        if (line.length > limits.maxCommandLineBytes()) {
            return new SmtpParseResult.Invalid(LINE_TOO_LONG);
        }
        // RFC 5321 §2.3.8 and §4.1.1: commands are printable text; NUL, CR, LF, TAB, DEL and other controls are not
        for (byte b : line) {
            if ((b & 0xFF) < 0x20 || b == 0x7F) {
                return invalid(501, "5.5.2", "Control characters are not allowed");
            }
        }
        String text = decodeUtf8(line);
        if (text == null) {
            // RFC 6531 §3.3: only well-formed UTF-8 (RFC 3629) beyond ASCII
            return invalid(501, "5.5.2", "Invalid UTF-8");
        }
        int verbEnd = text.indexOf(' ');
        if (verbEnd < 0) {
            verbEnd = text.length();
        }
        String verb = Ascii.upper(text.substring(0, verbEnd));
        int argumentStart = skipSpaces(text, verbEnd);
        String argument = text.substring(argumentStart, Math.max(argumentStart, trimEnd(text)));
        if (verb.isEmpty()) {
            return invalid(500, "5.5.2", "Syntax error");
        }
        try {
            return new SmtpParseResult.Parsed(parseCommand(verb, argument));
        } catch (ParseFailure failure) {
            return new SmtpParseResult.Invalid(failure.reply());
        }
    }

    private static SmtpCommand parseCommand(String verb, String argument) {
        return switch (verb) {
            // RFC 5321 §4.1.1.1; LHLO: RFC 2033 §4.1
            case "EHLO" -> new EhloCommand(greetingDomain(argument, "EHLO"));
            case "HELO" -> new HeloCommand(greetingDomain(argument, "HELO"));
            case "LHLO" -> new LhloCommand(greetingDomain(argument, "LHLO"));
            case "MAIL" -> MailCommand.parse(argument);
            case "RCPT" -> RcptCommand.parse(argument);
            // RFC 5321 §4.1.1.4: data = "DATA" CRLF
            case "DATA" -> noArgument(argument, new DataCommand());
            case "BDAT" -> BdatCommand.parse(argument);
            // RFC 5321 §4.1.1.5: rset = "RSET" CRLF
            case "RSET" -> noArgument(argument, new RsetCommand());
            // RFC 5321 §4.1.1.9: noop = "NOOP" [ SP String ] CRLF; the string is ignored
            case "NOOP" -> new NoopCommand();
            // RFC 5321 §4.1.1.10: quit = "QUIT" CRLF
            case "QUIT" -> noArgument(argument, new QuitCommand());
            // RFC 5321 §4.1.1.6: vrfy = "VRFY" SP String CRLF
            case "VRFY" -> {
                if (argument.isEmpty()) {
                    throw new ParseFailure(501, "5.5.4", "Syntax: VRFY address");
                }
                yield new VrfyCommand(argument);
            }
            // RFC 5321 §4.1.1.8: help = "HELP" [ SP String ] CRLF
            case "HELP" -> new HelpCommand();
            // RFC 3207 §4: STARTTLS takes no parameters
            case "STARTTLS" -> noArgument(argument, new StartTlsCommand());
            case "AUTH" -> AuthCommand.parse(argument);
            // RFC 5321 §4.2.4: 500 for an unrecognised command; RFC 3463 X.5.1 invalid command
            default -> throw new ParseFailure(500, "5.5.1", "Unrecognized command");
        };
    }

    /**
     * RFC 5321 §4.1.1.1: ehlo = "EHLO" SP ( Domain / address-literal ). Taken leniently, as sent: clients send
     * bare host names, underscores, even spaces, and refusing them gains nothing; an empty one is refused.
     */
    private static String greetingDomain(String argument, String verb) {
        if (argument.isEmpty()) {
            throw new ParseFailure(501, "5.5.4", "Syntax: " + verb + " domain");
        }
        return argument;
    }

    private static SmtpCommand noArgument(String argument, SmtpCommand command) {
        if (!argument.isEmpty()) {
            throw new ParseFailure(501, "5.5.4", "No arguments allowed");
        }
        return command;
    }

    private static SmtpParseResult invalid(int code, String enhancedCode, String text) {
        return new SmtpParseResult.Invalid(Reply.of(code, enhancedCode, text));
    }

    static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    /** Strict UTF-8: malformed sequences, overlong forms and surrogates are errors, not replacement characters. */
    private static String decodeUtf8(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
