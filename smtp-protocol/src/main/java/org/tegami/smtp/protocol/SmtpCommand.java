package org.tegami.smtp.protocol;

/** A parsed SMTP or LMTP command, one record per verb. Produced by {@link SmtpCommandParser}. */
public sealed interface SmtpCommand permits EhloCommand, HeloCommand, LhloCommand, MailCommand, RcptCommand,
        DataCommand, BdatCommand, RsetCommand, NoopCommand, QuitCommand, VrfyCommand, HelpCommand, StartTlsCommand,
        AuthCommand {
}
