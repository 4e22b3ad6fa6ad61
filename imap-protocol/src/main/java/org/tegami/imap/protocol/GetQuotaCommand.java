package org.tegami.imap.protocol;

/** GETQUOTA (RFC 9208 §4.1.1): the usage and limits of one quota root, named as sent. */
public record GetQuotaCommand(String tag, String root) implements ImapCommand {

    /** RFC 9208 §9: getquota = "GETQUOTA" SP quota-root-name; quota-root-name = astring. */
    static GetQuotaCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing quota root");
        return new GetQuotaCommand(tag, in.readAstring("Missing quota root"));
    }
}
