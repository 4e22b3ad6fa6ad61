package org.tegami.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Line → record and line → reply (code and enhanced code) for every verb, parameter and address form. */
class SmtpCommandParserTest {

    static final SmtpCommandParser PARSER = new SmtpCommandParser(SmtpLimits.DEFAULTS);

    static SmtpParseResult parse(String line) {
        return PARSER.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    static SmtpCommand parsed(String line) {
        SmtpParseResult result = parse(line);
        return assertInstanceOf(SmtpParseResult.Parsed.class, result, () -> line + " -> " + result).command();
    }

    static Reply invalid(String line) {
        SmtpParseResult result = parse(line);
        return assertInstanceOf(SmtpParseResult.Invalid.class, result, () -> line + " -> " + result).reply();
    }

    static MailCommand mail(String path) {
        return new MailCommand(path, MailParameters.NONE);
    }

    static MailCommand mail(String path, MailParameters parameters) {
        return new MailCommand(path, parameters);
    }

    static RcptCommand rcpt(String path) {
        return new RcptCommand(path, RcptParameters.NONE);
    }

    static RcptCommand rcpt(String path, Set<DsnNotify> notify, String orcpt) {
        return new RcptCommand(path, new RcptParameters(notify, orcpt));
    }

    static MailParameters size(long size) {
        return new MailParameters(size, null, false, null, null, null, false);
    }

    static MailParameters body(BodyType body) {
        return new MailParameters(null, body, false, null, null, null, false);
    }

    static final MailParameters SMTPUTF8 = new MailParameters(null, null, true, null, null, null, false);

    static Stream<Arguments> goodLines() {
        return Stream.of(
                // EHLO / HELO / LHLO, RFC 5321 §4.1.1.1, RFC 2033 §4.1: taken as sent, leniently
                Arguments.of("EHLO mail.example.com", new EhloCommand("mail.example.com")),
                Arguments.of("ehlo mail.example.com", new EhloCommand("mail.example.com")),
                Arguments.of("EhLo [192.0.2.1]", new EhloCommand("[192.0.2.1]")),
                Arguments.of("EHLO [IPv6:2001:db8::1]", new EhloCommand("[IPv6:2001:db8::1]")),
                Arguments.of("EHLO my_laptop", new EhloCommand("my_laptop")),
                Arguments.of("EHLO localhost  ", new EhloCommand("localhost")),
                Arguments.of("EHLO  spaced", new EhloCommand("spaced")),
                Arguments.of("EHLO My Computer", new EhloCommand("My Computer")),
                Arguments.of("EHLO \u4f8b\u3048.jp", new EhloCommand("\u4f8b\u3048.jp")),
                Arguments.of("HELO relay.example.org", new HeloCommand("relay.example.org")),
                Arguments.of("helo x", new HeloCommand("x")),
                Arguments.of("LHLO lmtp.example.net", new LhloCommand("lmtp.example.net")),

                // MAIL, RFC 5321 §4.1.1.2
                Arguments.of("MAIL FROM:<alice@example.com>", mail("alice@example.com")),
                Arguments.of("mail from:<alice@example.com>", mail("alice@example.com")),
                Arguments.of("MAIL FROM: <alice@example.com>", mail("alice@example.com")),
                Arguments.of("MAIL FROM:<>", mail("")),
                Arguments.of("MAIL FROM:<> SIZE=100", mail("", size(100))),
                Arguments.of("MAIL FROM:<@a.example,@b.example:alice@example.com>", mail("alice@example.com")),
                Arguments.of("MAIL FROM:<@relay.example:alice@example.com>", mail("alice@example.com")),
                Arguments.of("MAIL FROM:<\"john doe\"@example.com>", mail("\"john doe\"@example.com")),
                Arguments.of("MAIL FROM:<\"a>b\\\"c\\\\\"@example.com>", mail("\"a>b\\\"c\\\\\"@example.com")),
                Arguments.of("MAIL FROM:<\"\"@example.com>", mail("\"\"@example.com")),
                Arguments.of("MAIL FROM:<a.b+tag@example.com>", mail("a.b+tag@example.com")),
                Arguments.of("MAIL FROM:<!#$%&'*+-/=?^_`{|}~@example.com>", mail("!#$%&'*+-/=?^_`{|}~@example.com")),
                Arguments.of("MAIL FROM:<taro..yamada.@docomo.ne.jp>", mail("taro..yamada.@docomo.ne.jp")),
                Arguments.of("MAIL FROM:<user@localhost>", mail("user@localhost")),
                Arguments.of("MAIL FROM:<user@[192.0.2.1]>", mail("user@[192.0.2.1]")),
                Arguments.of("MAIL FROM:<user@[IPv6:2001:db8::1]>", mail("user@[IPv6:2001:db8::1]")),
                Arguments.of("MAIL FROM:<user@[IPv6:::ffff:192.0.2.1]>", mail("user@[IPv6:::ffff:192.0.2.1]")),
                Arguments.of("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:7:8]>", mail("user@[IPv6:1:2:3:4:5:6:7:8]")),
                Arguments.of("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:192.0.2.1]>", mail("user@[IPv6:1:2:3:4:5:6:192.0.2.1]")),
                Arguments.of("MAIL FROM:<user@[x-tag:anything]>", mail("user@[x-tag:anything]")),
                Arguments.of("MAIL FROM:<a@b-c.example>", mail("a@b-c.example")),
                Arguments.of("MAIL FROM:<alice@example.com>   ", mail("alice@example.com")),
                Arguments.of("MAIL FROM:<alice@example.com>  SIZE=7", mail("alice@example.com", size(7))),
                // parameters: SIZE (RFC 1870)
                Arguments.of("MAIL FROM:<a@b> SIZE=0", mail("a@b", size(0))),
                Arguments.of("MAIL FROM:<a@b> size=52428800", mail("a@b", size(52428800))),
                Arguments.of("MAIL FROM:<a@b> SIZE=00000000000000000012", mail("a@b", size(12))),
                Arguments.of("MAIL FROM:<a@b> SIZE=99999999999999999999", mail("a@b", size(Long.MAX_VALUE))),
                // BODY (RFC 6152, RFC 3030)
                Arguments.of("MAIL FROM:<a@b> BODY=7BIT", mail("a@b", body(BodyType.SEVEN_BIT))),
                Arguments.of("MAIL FROM:<a@b> BODY=8bitmime", mail("a@b", body(BodyType.EIGHT_BIT_MIME))),
                Arguments.of("MAIL FROM:<a@b> BODY=BINARYMIME", mail("a@b", body(BodyType.BINARY_MIME))),
                // SMTPUTF8 (RFC 6531)
                Arguments.of("MAIL FROM:<a@b> SMTPUTF8", mail("a@b", SMTPUTF8)),
                Arguments.of("MAIL FROM:<\u00fcser@b\u00fccher.example> SMTPUTF8", mail("\u00fcser@b\u00fccher.example", SMTPUTF8)),
                Arguments.of("MAIL FROM:<\u7528\u6237@\u4f8b\u3048.jp> smtputf8", mail("\u7528\u6237@\u4f8b\u3048.jp", SMTPUTF8)),
                Arguments.of("MAIL FROM:<\"\u00e9 t\u00e9\"@b> SMTPUTF8", mail("\"\u00e9 t\u00e9\"@b", SMTPUTF8)),
                // RET, ENVID (RFC 3461), AUTH (RFC 4954 §5), REQUIRETLS (RFC 8689)
                Arguments.of("MAIL FROM:<a@b> RET=FULL", mail("a@b", new MailParameters(null, null, false, DsnReturn.FULL, null, null, false))),
                Arguments.of("MAIL FROM:<a@b> ret=hdrs", mail("a@b", new MailParameters(null, null, false, DsnReturn.HDRS, null, null, false))),
                Arguments.of("MAIL FROM:<a@b> ENVID=QQ314159", mail("a@b", new MailParameters(null, null, false, null, "QQ314159", null, false))),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+2Bb+3Dc+20d", mail("a@b", new MailParameters(null, null, false, null, "a+b=c d", null, false))),
                Arguments.of("MAIL FROM:<a@b> AUTH=<>", mail("a@b", new MailParameters(null, null, false, null, null, "<>", false))),
                Arguments.of("MAIL FROM:<a@b> AUTH=e+3Dmc2@example.com", mail("a@b", new MailParameters(null, null, false, null, null, "e=mc2@example.com", false))),
                Arguments.of("MAIL FROM:<a@b> REQUIRETLS", mail("a@b", new MailParameters(null, null, false, null, null, null, true))),
                Arguments.of("MAIL FROM:<a@b> SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=x AUTH=<> REQUIRETLS",
                        mail("a@b", new MailParameters(1000L, BodyType.EIGHT_BIT_MIME, true, DsnReturn.HDRS, "x", "<>", true))),

                // RCPT, RFC 5321 §4.1.1.3
                Arguments.of("RCPT TO:<bob@example.com>", rcpt("bob@example.com")),
                Arguments.of("rcpt to:<bob@example.com>", rcpt("bob@example.com")),
                Arguments.of("RCPT TO: <bob@example.com>", rcpt("bob@example.com")),
                Arguments.of("RCPT TO:<Postmaster>", rcpt("Postmaster")),
                Arguments.of("RCPT TO:<postmaster>", rcpt("postmaster")),
                Arguments.of("RCPT TO:<POSTMASTER>", rcpt("POSTMASTER")),
                Arguments.of("RCPT TO:<Postmaster@example.com>", rcpt("Postmaster@example.com")),
                Arguments.of("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", rcpt("userc@d.bar.org")),
                Arguments.of("RCPT TO:<\"quoted local\"@example.com>", rcpt("\"quoted local\"@example.com")),
                Arguments.of("RCPT TO:<\u00fc@example.com>", rcpt("\u00fc@example.com")),
                Arguments.of("RCPT TO:<b@c> NOTIFY=NEVER", rcpt("b@c", Set.of(DsnNotify.NEVER), null)),
                Arguments.of("RCPT TO:<b@c> NOTIFY=SUCCESS", rcpt("b@c", Set.of(DsnNotify.SUCCESS), null)),
                Arguments.of("RCPT TO:<b@c> notify=success,failure,delay",
                        rcpt("b@c", Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE, DsnNotify.DELAY), null)),
                Arguments.of("RCPT TO:<b@c> NOTIFY=FAILURE,DELAY", rcpt("b@c", Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), null)),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;b@c", rcpt("b@c", Set.of(), "rfc822;b@c")),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;Bob+20Smith+2Bx@c", rcpt("b@c", Set.of(), "rfc822;Bob Smith+x@c")),
                Arguments.of("RCPT TO:<b@c> NOTIFY=DELAY ORCPT=rfc822;b@c", rcpt("b@c", Set.of(DsnNotify.DELAY), "rfc822;b@c")),

                // DATA, BDAT (RFC 3030 §2), RSET, NOOP, QUIT, VRFY, HELP, STARTTLS
                Arguments.of("DATA", new DataCommand()),
                Arguments.of("data", new DataCommand()),
                Arguments.of("DATA ", new DataCommand()),
                Arguments.of("BDAT 0 LAST", new BdatCommand(0, true)),
                Arguments.of("BDAT 1000", new BdatCommand(1000, false)),
                Arguments.of("bdat 86 last", new BdatCommand(86, true)),
                Arguments.of("BDAT 9223372036854775807", new BdatCommand(Long.MAX_VALUE, false)),
                Arguments.of("RSET", new RsetCommand()),
                Arguments.of("NOOP", new NoopCommand()),
                Arguments.of("NOOP anything at all", new NoopCommand()),
                Arguments.of("QUIT", new QuitCommand()),
                Arguments.of("Quit", new QuitCommand()),
                Arguments.of("VRFY alice", new VrfyCommand("alice")),
                Arguments.of("VRFY Alice Smith <alice@example.com>", new VrfyCommand("Alice Smith <alice@example.com>")),
                Arguments.of("HELP", new HelpCommand()),
                Arguments.of("HELP MAIL", new HelpCommand()),
                Arguments.of("STARTTLS", new StartTlsCommand()),
                Arguments.of("starttls", new StartTlsCommand()),

                // AUTH, RFC 4954 §4
                Arguments.of("AUTH PLAIN", new AuthCommand("PLAIN", null)),
                Arguments.of("auth plain", new AuthCommand("PLAIN", null)),
                Arguments.of("AUTH PLAIN =", new AuthCommand("PLAIN", "=")),
                Arguments.of("AUTH PLAIN AGFsaWNlAHNlY3JldA==", new AuthCommand("PLAIN", "AGFsaWNlAHNlY3JldA==")),
                Arguments.of("AUTH LOGIN YWxpY2U=", new AuthCommand("LOGIN", "YWxpY2U=")),
                Arguments.of("AUTH XOAUTH2 YWJj", new AuthCommand("XOAUTH2", "YWJj")),
                Arguments.of("AUTH SCRAM-SHA-256", new AuthCommand("SCRAM-SHA-256", null)),
                Arguments.of("AUTH ABCDEFGHIJ_KLMNOPQR", new AuthCommand("ABCDEFGHIJ_KLMNOPQR", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodLines")
    void parsesGoodLines(String line, SmtpCommand expected) {
        assertEquals(expected, parsed(line));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                // unknown verbs, RFC 5321 §4.2.4
                Arguments.of("FOO", 500, "5.5.1"),
                Arguments.of("MAILFROM:<a@b>", 500, "5.5.1"),
                Arguments.of("EXPN list", 500, "5.5.1"),
                Arguments.of("TURN", 500, "5.5.1"),
                Arguments.of("QU\u0131T", 500, "5.5.1"),
                Arguments.of("", 500, "5.5.2"),
                Arguments.of(" QUIT", 500, "5.5.2"),
                // controls and invalid UTF-8
                Arguments.of("QUIT\u0000", 501, "5.5.2"),
                Arguments.of("NOOP a\u0000b", 501, "5.5.2"),
                Arguments.of("MAIL FROM:<a@b>\r", 501, "5.5.2"),
                Arguments.of("MAIL FROM:<a@b>\nRCPT TO:<c@d>", 501, "5.5.2"),
                Arguments.of("EHLO\thost", 501, "5.5.2"),
                Arguments.of("NOOP \u007f", 501, "5.5.2"),
                Arguments.of("NOOP \u001b[31m", 501, "5.5.2"),
                // greetings need a domain
                Arguments.of("EHLO", 501, "5.5.4"),
                Arguments.of("EHLO   ", 501, "5.5.4"),
                Arguments.of("HELO", 501, "5.5.4"),
                Arguments.of("LHLO", 501, "5.5.4"),
                // MAIL syntax
                Arguments.of("MAIL", 501, "5.5.2"),
                Arguments.of("MAIL TO:<a@b>", 501, "5.5.2"),
                Arguments.of("MAIL FROM", 501, "5.5.2"),
                Arguments.of("MAIL FROM:", 501, "5.5.2"),
                Arguments.of("MAIL FROM<a@b>", 501, "5.5.2"),
                Arguments.of("MAIL FR\u0131M:<a@b>", 501, "5.5.2"),
                Arguments.of("MAIL FROM:<a@b>SIZE=1", 501, "5.5.2"),
                Arguments.of("MAIL FROM:a@b", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<@b>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b.>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@.b>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b..c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@-b.c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b-.c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b_c.d>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a b@c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@b@c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a(b)@c>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<\"a@b>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<\"a\\", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[192.0.2.256]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[192.0.2]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:1:2:3:4:5:6:7]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:1:2:3:4:5:6:7:8:9]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:1::2::3]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:1:2:3:4::5:6:7]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:12345::1]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[IPv6:g::1]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[1.2.3.4.5]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[tag-:x]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[tag:a[b]>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<a@[192.0.2.1>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<@a,b:c@d>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<@a:>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<@[192.0.2.1]:c@d>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<Postmaster>", 553, "5.1.7"),
                Arguments.of("MAIL FROM:<<a@b>>", 553, "5.1.7"),
                // MAIL parameters
                Arguments.of("MAIL FROM:<a@b> SIZE", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=-1", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=1k", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=999999999999999999999", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=1 SIZE=2", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=1 size=1", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> BODY=8BIT", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> BODY", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SMTPUTF8=yes", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SMTPUTF8 SMTPUTF8", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> RET=ALL", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+2", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+2b", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+ZZ", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+0D+0AX-Injected:+20yes", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+00", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+C3+A9", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID==", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> AUTH=", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> AUTH=a+0Ab", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> REQUIRETLS=1", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> REQUIRETLS REQUIRETLS", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> X-UNKNOWN", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> NOTIFY=NEVER", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> -X", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> =X", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> X_Y", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=1=2", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=\u00e9", 501, "5.5.4"),
                // UTF-8 in MAIL without SMTPUTF8, RFC 6531 §3.4/§3.5
                Arguments.of("MAIL FROM:<\u00fcser@example.com>", 553, "5.6.7"),
                Arguments.of("MAIL FROM:<user@b\u00fccher.example>", 553, "5.6.7"),
                Arguments.of("MAIL FROM:<user@b\u00fccher.example> SIZE=10", 553, "5.6.7"),
                Arguments.of("MAIL FROM:<\"\u00e9\"@b>", 553, "5.6.7"),
                // RCPT syntax
                Arguments.of("RCPT", 501, "5.5.2"),
                Arguments.of("RCPT FROM:<a@b>", 501, "5.5.2"),
                Arguments.of("RCPT TO:", 501, "5.5.2"),
                Arguments.of("RCPT TO:<>", 501, "5.1.3"),
                Arguments.of("RCPT TO:b@c", 501, "5.1.3"),
                Arguments.of("RCPT TO:<b>", 501, "5.1.3"),
                Arguments.of("RCPT TO:<b@c.>", 501, "5.1.3"),
                Arguments.of("RCPT TO:<Postmaster", 501, "5.1.3"),
                Arguments.of("RCPT TO:<Postmasters>", 501, "5.1.3"),
                Arguments.of("RCPT TO:<Po\u017ftmaster>", 501, "5.1.3"),
                Arguments.of("RCPT TO:<@a:>", 501, "5.1.3"),
                Arguments.of("RCPT TO:<b@c>x", 501, "5.5.2"),
                // RCPT parameters
                Arguments.of("RCPT TO:<b@c> NOTIFY=NEVER,SUCCESS", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY=SUCCESS,NEVER", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY=", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY=SUCCESS,", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY=ALWAYS", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> NOTIFY=DELAY NOTIFY=DELAY", 555, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=b@c", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=;b@c", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;b+0Dc", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=rf(c);b", 501, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;b ORCPT=rfc822;b", 555, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> SIZE=10", 555, "5.5.4"),
                Arguments.of("RCPT TO:<b@c> SMTPUTF8", 555, "5.5.4"),
                // verbs without arguments
                Arguments.of("DATA x", 501, "5.5.4"),
                Arguments.of("RSET x", 501, "5.5.4"),
                Arguments.of("QUIT now", 501, "5.5.4"),
                Arguments.of("STARTTLS x", 501, "5.5.4"),
                // BDAT
                Arguments.of("BDAT", 501, "5.5.4"),
                Arguments.of("BDAT LAST", 501, "5.5.4"),
                Arguments.of("BDAT -1", 501, "5.5.4"),
                Arguments.of("BDAT 1 FIRST", 501, "5.5.4"),
                Arguments.of("BDAT 1 LAST x", 501, "5.5.4"),
                Arguments.of("BDAT 1x", 501, "5.5.4"),
                Arguments.of("BDAT 9223372036854775808", 501, "5.5.4"),
                // VRFY needs an argument
                Arguments.of("VRFY", 501, "5.5.4"),
                // AUTH
                Arguments.of("AUTH", 501, "5.5.4"),
                Arguments.of("AUTH PLAIN a b", 501, "5.5.4"),
                Arguments.of("AUTH PL@IN", 501, "5.5.4"),
                Arguments.of("AUTH ABCDEFGHIJKLMNOPQRSTU", 501, "5.5.4"),
                Arguments.of("AUTH PLAIN abc", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN abc!", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN ab=c", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN ====", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN ==", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN YR==", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN YWJ=", 501, "5.5.2"),
                Arguments.of("AUTH PLAIN YWxpY2U", 501, "5.5.2"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("badLines")
    void rejectsBadLines(String line, int code, String enhancedCode) {
        Reply reply = invalid(line);
        assertEquals(code, reply.code(), () -> line + " -> " + reply);
        assertEquals(enhancedCode, reply.enhancedCode(), () -> line + " -> " + reply);
    }

    @Test
    void invalidUtf8IsASyntaxError() {
        byte[][] lines = {
            {'M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', (byte) 0xFF, '@', 'b', '>'},
            {'N', 'O', 'O', 'P', ' ', (byte) 0xC3},
            {'E', 'H', 'L', 'O', ' ', (byte) 0xC0, (byte) 0xAF},
            {'E', 'H', 'L', 'O', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80},
        };
        for (byte[] line : lines) {
            Reply reply = assertInstanceOf(SmtpParseResult.Invalid.class, PARSER.parse(line)).reply();
            assertEquals(501, reply.code());
            assertEquals("5.5.2", reply.enhancedCode());
        }
    }

    @Test
    void rcptReportsWhetherItNeedsSmtpUtf8() {
        assertTrue(((RcptCommand) parsed("RCPT TO:<\u00fc@example.com>")).requiresSmtpUtf8());
        assertTrue(((RcptCommand) parsed("RCPT TO:<u@\u4f8b\u3048.jp>")).requiresSmtpUtf8());
        assertFalse(((RcptCommand) parsed("RCPT TO:<u@example.com>")).requiresSmtpUtf8());
        assertFalse(((RcptCommand) parsed("RCPT TO:<@b\u00fccher.example:u@example.com>")).requiresSmtpUtf8());
        assertEquals(553, SmtpCommandParser.NON_ASCII_ADDRESS.code());
        assertEquals("5.6.7", SmtpCommandParser.NON_ASCII_ADDRESS.enhancedCode());
    }

    // Limits: each at the limit and one past it.

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void commandLineLimitInBytes() {
        SmtpCommandParser parser = new SmtpCommandParser(new SmtpLimits(512, 1000, 100));
        String atLimit = "NOOP " + repeat('x', 512 - 5);
        assertEquals(512, atLimit.length());
        assertInstanceOf(SmtpParseResult.Parsed.class, parser.parse(atLimit.getBytes(StandardCharsets.US_ASCII)));
        Reply reply = assertInstanceOf(SmtpParseResult.Invalid.class,
                parser.parse((atLimit + "x").getBytes(StandardCharsets.US_ASCII))).reply();
        assertEquals(500, reply.code());
        assertEquals("5.5.6", reply.enhancedCode());
        assertEquals(SmtpCommandParser.LINE_TOO_LONG, reply);
        // the limit counts octets, not characters: 2-octet characters reach it at half the length
        String utf8 = "NOOP " + repeat('\u00e9', (512 - 5) / 2);
        assertInstanceOf(SmtpParseResult.Parsed.class, parser.parse(utf8.getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(SmtpParseResult.Invalid.class, parser.parse((utf8 + "\u00e9").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void localPartLimitIs64Octets() {
        assertEquals(mail(repeat('a', 64) + "@b"), parsed("MAIL FROM:<" + repeat('a', 64) + "@b>"));
        Reply mailReply = invalid("MAIL FROM:<" + repeat('a', 65) + "@b>");
        assertEquals(501, mailReply.code());
        assertEquals("5.1.7", mailReply.enhancedCode());
        Reply rcptReply = invalid("RCPT TO:<" + repeat('a', 65) + "@b>");
        assertEquals(501, rcptReply.code());
        assertEquals("5.1.3", rcptReply.enhancedCode());
        // counted in octets: 32 two-octet characters are at the limit, 33 are past it
        assertNotNull(parsed("MAIL FROM:<" + repeat('\u00e9', 32) + "@b> SMTPUTF8"));
        assertEquals("5.1.7", invalid("MAIL FROM:<" + repeat('\u00e9', 33) + "@b> SMTPUTF8").enhancedCode());
        // a quoted local part counts its quotes
        assertNotNull(parsed("RCPT TO:<\"" + repeat('a', 62) + "\"@b>"));
        assertEquals("5.1.3", invalid("RCPT TO:<\"" + repeat('a', 63) + "\"@b>").enhancedCode());
    }

    /** A domain of exactly {@code octets} octets, in labels of at most 63. */
    static String domain(int octets) {
        StringBuilder sb = new StringBuilder();
        while (octets - sb.length() > 63) {
            sb.append(repeat('d', 50)).append('.');
        }
        sb.append(repeat('d', octets - sb.length()));
        assertEquals(octets, sb.length());
        return sb.toString();
    }

    @Test
    void domainLimitIs255Octets() {
        // A mailbox domain reaches the path limit (256) first: with "<a@" and ">" it can be 252 octets.
        assertNotNull(parsed("RCPT TO:<a@" + domain(252) + ">"));
        // The domain is checked on its own before the path, which shows in the reply text.
        assertEquals("Path too long", invalid("RCPT TO:<\"\"@" + domain(255) + ">").lines().getFirst());
        Reply rcptReply = invalid("RCPT TO:<\"\"@" + domain(256) + ">");
        assertEquals(501, rcptReply.code());
        assertEquals("5.1.3", rcptReply.enhancedCode());
        assertEquals("Domain too long", rcptReply.lines().getFirst());
        Reply mailReply = invalid("MAIL FROM:<a@" + domain(256) + ">");
        assertEquals(501, mailReply.code());
        assertEquals("5.1.7", mailReply.enhancedCode());
        assertEquals("Domain too long", mailReply.lines().getFirst());
    }

    @Test
    void pathLimitIs256Octets() {
        // "<" + 64 + "@" + 189 + ">" = 256
        String atLimit = "<" + repeat('a', 64) + "@" + domain(189) + ">";
        assertEquals(256, atLimit.length());
        assertEquals(mail(atLimit.substring(1, 255)), parsed("MAIL FROM:" + atLimit));
        assertEquals(rcpt(atLimit.substring(1, 255)), parsed("RCPT TO:" + atLimit));
        String past = "<" + repeat('a', 64) + "@" + domain(190) + ">";
        Reply mailReply = invalid("MAIL FROM:" + past);
        assertEquals(501, mailReply.code());
        assertEquals("5.1.7", mailReply.enhancedCode());
        assertEquals("Path too long", mailReply.lines().getFirst());
        Reply rcptReply = invalid("RCPT TO:" + past);
        assertEquals(501, rcptReply.code());
        assertEquals("5.1.3", rcptReply.enhancedCode());
        // a source route counts towards the path
        String routed = "<@" + domain(60) + ":" + repeat('a', 64) + "@" + domain(127) + ">";
        assertEquals(256, routed.length());
        assertNotNull(parsed("RCPT TO:" + routed));
        assertEquals("Path too long", invalid("RCPT TO:<@" + domain(60) + ":" + repeat('a', 64) + "@" + domain(128) + ">")
                .lines().getFirst());
    }

    @Test
    void labelLimitIs63Octets() {
        assertNotNull(parsed("RCPT TO:<a@" + repeat('d', 63) + ".example>"));
        assertEquals("5.1.3", invalid("RCPT TO:<a@" + repeat('d', 64) + ".example>").enhancedCode());
    }

    @Test
    void envelopeIdLimitIs100Characters() {
        assertEquals("x".repeat(100), ((MailCommand) parsed("MAIL FROM:<a@b> ENVID=" + repeat('x', 100))).parameters().envelopeId());
        assertEquals("5.5.4", invalid("MAIL FROM:<a@b> ENVID=" + repeat('x', 101)).enhancedCode());
    }

    @Test
    void originalRecipientLimitIs500Characters() {
        String atLimit = "rfc822;" + repeat('x', 500 - 7);
        assertEquals(atLimit, ((RcptCommand) parsed("RCPT TO:<a@b> ORCPT=" + atLimit)).parameters().originalRecipient());
        assertEquals("5.5.4", invalid("RCPT TO:<a@b> ORCPT=" + atLimit + "x").enhancedCode());
    }

    @Test
    void mechanismLimitIs20Characters() {
        assertEquals(new AuthCommand(repeat('M', 20), null), parsed("AUTH " + repeat('M', 20)));
        assertEquals("5.5.4", invalid("AUTH " + repeat('M', 21)).enhancedCode());
    }

    @Test
    void sizeParameterHasAtMost20Digits() {
        assertEquals(size(1), ((MailCommand) parsed("MAIL FROM:<a@b> SIZE=" + "0".repeat(19) + "1")).parameters());
        assertEquals("5.5.4", invalid("MAIL FROM:<a@b> SIZE=" + "0".repeat(20) + "1").enhancedCode());
    }

    @Test
    void everyReplyHasAnEnhancedCodeMatchingItsClass() {
        badLines().forEach(arguments -> {
            Reply reply = invalid((String) arguments.get()[0]);
            assertNotNull(reply.enhancedCode());
            assertEquals(String.valueOf(reply.code()).charAt(0), reply.enhancedCode().charAt(0));
        });
    }

    @Test
    void anyBytesGiveAResult() {
        Random random = new Random(5321);
        byte[] alphabet = "MAILFROMRCPTTO:<>@\"\\.,[] =+;BDATAUTH0123456789\u00e9".getBytes(StandardCharsets.UTF_8);
        String[] prefixes = {"MAIL FROM:", "RCPT TO:", "EHLO ", "BDAT ", "AUTH ", "", "MAIL FROM:<a@b> "};
        for (int i = 0; i < 20_000; i++) {
            byte[] prefix = prefixes[random.nextInt(prefixes.length)].getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[prefix.length + random.nextInt(40)];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            for (int j = prefix.length; j < line.length; j++) {
                line[j] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            assertNotNull(PARSER.parse(line));
        }
    }
}
