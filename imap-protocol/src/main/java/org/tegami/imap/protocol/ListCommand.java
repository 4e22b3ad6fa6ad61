package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * LIST (RFC 9051 §6.3.9) including LIST-EXTENDED (RFC 5258): selection options, the reference name,
 * one or more mailbox patterns (several only in the parenthesised extended form), and return options.
 * {@code extended} is true when the command used any extended syntax (selection options, a pattern list,
 * or RETURN).
 */
public record ListCommand(
        String tag,
        Set<ListSelectOption> selectOptions,
        String reference,
        List<String> patterns,
        ListReturnOptions returnOptions,
        boolean extended) implements ImapCommand {
    public ListCommand {
        selectOptions = Set.copyOf(selectOptions);
        patterns = List.copyOf(patterns);
    }

    /**
     * RFC 9051 §9 / RFC 5258 §6: list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts];
     * mbox-or-pat = list-mailbox / patterns; patterns = "(" list-mailbox *(SP list-mailbox) ")".
     */
    static ListCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing reference name");
        boolean extended = false;
        Set<ListSelectOption> selectOptions = EnumSet.noneOf(ListSelectOption.class);
        if (in.peek() == '(') {
            extended = true;
            parseSelectOptions(in, selectOptions);
            in.expectSpace("Missing reference name");
        }
        String reference = in.readAstring("Missing reference name");
        in.expectSpace("Missing mailbox pattern");
        List<String> patterns = new ArrayList<>();
        if (in.tryConsume('(')) {
            extended = true;
            in.enterNesting();
            do {
                patterns.add(in.readListMailbox());
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid mailbox patterns");
            in.leaveNesting();
        } else {
            patterns.add(in.readListMailbox());
        }
        ListReturnOptions returnOptions = ListReturnOptions.NONE;
        if (in.tryConsume(' ')) {
            if (!in.tryWord("RETURN")) {
                throw in.fail("Expected RETURN options");
            }
            extended = true;
            returnOptions = parseReturnOptions(in);
        }
        return new ListCommand(tag, selectOptions, reference, patterns, returnOptions, extended);
    }

    /** RFC 5258 §6: list-select-opts = "(" [list-select-opt *(SP list-select-opt)] ")". */
    private static void parseSelectOptions(CommandReader in, Set<ListSelectOption> options) {
        in.expect('(', "Invalid selection options");
        in.enterNesting();
        if (!in.tryConsume(')')) {
            do {
                options.add(switch (in.readWord("Invalid selection option")) {
                    case "SUBSCRIBED" -> ListSelectOption.SUBSCRIBED;
                    case "REMOTE" -> ListSelectOption.REMOTE;
                    case "RECURSIVEMATCH" -> ListSelectOption.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ListSelectOption.SPECIAL_USE; // RFC 6154 §5.1
                    default -> throw in.fail("Unknown selection option");
                });
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid selection options");
        }
        in.leaveNesting();
        // RFC 5258 §3.1: RECURSIVEMATCH alone (or only with REMOTE) MUST be answered with BAD.
        if (options.contains(ListSelectOption.RECURSIVEMATCH)
                && !options.contains(ListSelectOption.SUBSCRIBED)
                && !options.contains(ListSelectOption.SPECIAL_USE)) {
            throw in.fail("RECURSIVEMATCH needs another selection option");
        }
    }

    /** RFC 5258 §6: list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")". */
    private static ListReturnOptions parseReturnOptions(CommandReader in) {
        in.expectSpace("Missing return options");
        in.expect('(', "Invalid return options");
        in.enterNesting();
        boolean subscribed = false;
        boolean children = false;
        boolean specialUse = false;
        List<StatusItem> status = null;
        List<String> metadata = List.of();
        if (!in.tryConsume(')')) {
            do {
                switch (in.readWord("Invalid return option")) {
                    case "SUBSCRIBED" -> subscribed = true;
                    case "CHILDREN" -> children = true;
                    case "SPECIAL-USE" -> specialUse = true; // RFC 6154 §5.2
                    case "STATUS" -> { // RFC 5819 §2
                        in.expectSpace("Missing status items");
                        status = StatusCommand.parseItems(in);
                    }
                    case "METADATA" -> { // RFC 9590
                        in.expectSpace("Missing metadata entries");
                        metadata = parseMetadataEntries(in);
                    }
                    default -> throw in.fail("Unknown return option");
                }
            } while (in.tryConsume(' '));
            in.expect(')', "Invalid return options");
        }
        in.leaveNesting();
        return new ListReturnOptions(subscribed, children, specialUse, status, metadata);
    }

    /**
     * RFC 9590: the METADATA return option names the entries wanted, as a parenthesised list of RFC 5464 entry
     * names (a single name without parentheses, RFC 5464's other form of {@code entries}, is accepted too).
     * Entry names are checked as everywhere else (RFC 5464 §3.2: an invalid one is BAD); duplicates count once.
     */
    private static List<String> parseMetadataEntries(CommandReader in) {
        return List.copyOf(new LinkedHashSet<>(MetadataEntries.readEntries(in)));
    }
}
