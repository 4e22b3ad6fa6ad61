package org.tegami.imap.protocol;

/** LOGIN (RFC 9051 §6.2.3): user name and password as astrings decoded as UTF-8. */
public record LoginCommand(String tag, String userName, String password) implements ImapCommand {
    @Override
    public String toString() {
        return "LoginCommand[tag=" + tag + ", userName=" + userName + ", password=***]";
    }
}
