package org.tegami.imap.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * GETMETADATA (RFC 5464 §4.2): entries of a mailbox, or of the server when {@code mailbox} is empty.
 * {@code maxSize} is the MAXSIZE option (§4.2.1), {@code depth} the DEPTH option (§4.2.2, default 0);
 * {@code entries} are lower-cased, valid entry names (§3.2), each once, in the order sent.
 */
public record GetMetadataCommand(String tag, String mailbox, OptionalLong maxSize, Depth depth, List<String> entries)
        implements ImapCommand {

    /** RFC 5464 §4.2.2: how far below each named entry to look. */
    public enum Depth {
        /** Only the entry itself. */
        ZERO,
        /** The entry and its children. */
        ONE,
        /** The entry and everything below it. */
        INFINITY
    }

    public GetMetadataCommand {
        entries = List.copyOf(entries);
    }

    /**
     * RFC 5464 §5: getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries. The RFC's own
     * examples (§4.2.1, §4.2.2) put the options after the mailbox, and clients follow them, so both places are
     * accepted (once). The options come after the mailbox when the list after it starts with an option name
     * rather than an entry name, which always starts with "/" or is a string.
     */
    static GetMetadataCommand parse(String tag, CommandReader in) {
        in.expectSpace("Missing mailbox name");
        Options options = null;
        if (in.peek() == '(') {
            options = readOptions(in);
            in.expectSpace("Missing mailbox name");
        }
        String mailbox = in.readMailbox();
        in.expectSpace("Missing metadata entries");
        if (options == null && in.peek() == '(' && in.peek(1) != '/' && in.peek(1) != '"' && in.peek(1) != '{'
                && in.peek(1) != '~') {
            options = readOptions(in);
            in.expectSpace("Missing metadata entries");
        }
        List<String> entries = new ArrayList<>(MetadataEntries.readEntries(in));
        // RFC 5464 §4.4.1 examples also show entries after the first without parentheses; accept them too.
        while (in.tryConsume(' ')) {
            entries.add(MetadataEntries.read(in));
        }
        Options given = options == null ? new Options(OptionalLong.empty(), Depth.ZERO) : options;
        return new GetMetadataCommand(tag, mailbox, given.maxSize(), given.depth(),
                List.copyOf(new LinkedHashSet<>(entries)));
    }

    private record Options(OptionalLong maxSize, Depth depth) {
    }

    /**
     * RFC 5464 §5: getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")";
     * maxsize-opt = "MAXSIZE" SP number; scope-opt = "DEPTH" SP ("0" / "1" / "infinity").
     */
    private static Options readOptions(CommandReader in) {
        in.expect('(', "Expected ( before the options");
        OptionalLong maxSize = OptionalLong.empty();
        Depth depth = null;
        do {
            String option = in.readWord("Missing option name");
            in.expectSpace("Missing option value");
            switch (option) {
                case "MAXSIZE" -> {
                    if (maxSize.isPresent()) {
                        throw in.fail("MAXSIZE given twice");
                    }
                    maxSize = OptionalLong.of(in.readNumber("Invalid MAXSIZE"));
                }
                case "DEPTH" -> {
                    if (depth != null) {
                        throw in.fail("DEPTH given twice");
                    }
                    depth = switch (in.readWord("Invalid DEPTH")) {
                        case "0" -> Depth.ZERO;
                        case "1" -> Depth.ONE;
                        case "INFINITY" -> Depth.INFINITY;
                        default -> throw in.fail("DEPTH must be 0, 1 or infinity");
                    };
                }
                default -> throw in.fail("Unknown GETMETADATA option " + option);
            }
        } while (in.tryConsume(' '));
        in.expect(')', "Expected ) after the options");
        return new Options(maxSize, depth == null ? Depth.ZERO : depth);
    }
}
