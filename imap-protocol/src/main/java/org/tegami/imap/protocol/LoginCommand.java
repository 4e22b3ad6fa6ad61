package org.tegami.imap.protocol;

/** LOGIN (RFC 9051 §6.2.3): user name and password as astrings decoded as UTF-8. */
public record LoginCommand(String tag, String userName, String password) implements ImapCommand {
    @Override
    public String toString() {
        return "LoginCommand[tag=" + tag + ", userName=" + userName + ", password=***]";
    }

    /** RFC 9051 §9: login = "LOGIN" SP userid SP password; both are astrings. */
    static LoginCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing user name");
        String userName = in.readAstring("Missing user name");
        in.expectSpace("Missing password");
        String password = in.readAstring("Missing password");
        return new LoginCommand(tag, userName, password);
    }
}
