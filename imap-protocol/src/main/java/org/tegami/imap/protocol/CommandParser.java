package org.tegami.imap.protocol;

/**
 * Turns one frame from {@link CommandFramer} into a typed {@link ImapCommand} or a syntax error,
 * following the formal syntax of RFC 9051 §9 (and RFC 3501 for IMAP4rev1-only commands). Pure and
 * total: any byte sequence gives a {@link ParseResult}, never an exception.
 *
 * <p>Each command's grammar lives with its record (a package-private {@code parse} method); FETCH items and
 * SEARCH keys have their own readers ({@link FetchItemParser}, {@link SearchKeyParser}); the tokens they
 * share are read by {@link CommandReader}.
 */
public final class CommandParser {

    private final ImapLimits limits;

    public CommandParser(ImapLimits limits) {
        this.limits = limits;
    }

    public ParseResult parse(byte[] frame) {
        CommandReader in = new CommandReader(frame, limits);
        String tag = in.readTag();
        if (tag == null) {
            return new ParseResult.Invalid(null, frame.length == 0 ? "Empty command" : "Missing or invalid tag");
        }
        try {
            // RFC 9051 §9: command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
            in.expectSpace("Missing command");
            ImapCommand command = parseCommand(tag, in.readWord("Missing command"), in);
            in.expectEnd();
            return new ParseResult.Parsed(command);
        } catch (ParseFailure failure) {
            return new ParseResult.Invalid(tag, failure.getMessage());
        }
    }

    private static ImapCommand parseCommand(String tag, String name, CommandReader in) {
        return switch (name) {
            // RFC 9051 §9: command-any
            case "CAPABILITY" -> new CapabilityCommand(tag);
            case "LOGOUT" -> new LogoutCommand(tag);
            case "NOOP" -> new NoopCommand(tag);
            case "ID" -> IdCommand.parse(tag, in);
            // command-nonauth
            case "STARTTLS" -> new StartTlsCommand(tag);
            case "AUTHENTICATE" -> AuthenticateCommand.parse(tag, in);
            case "LOGIN" -> LoginCommand.parse(tag, in);
            // command-auth
            case "ENABLE" -> EnableCommand.parse(tag, in);
            case "SELECT" -> SelectCommand.parse(tag, in);
            case "EXAMINE" -> ExamineCommand.parse(tag, in);
            case "CREATE" -> CreateCommand.parse(tag, in);
            case "DELETE" -> DeleteCommand.parse(tag, in);
            case "RENAME" -> RenameCommand.parse(tag, in);
            case "SUBSCRIBE" -> SubscribeCommand.parse(tag, in);
            case "UNSUBSCRIBE" -> UnsubscribeCommand.parse(tag, in);
            case "LIST" -> ListCommand.parse(tag, in);
            case "LSUB" -> LsubCommand.parse(tag, in);
            case "NAMESPACE" -> new NamespaceCommand(tag);
            case "STATUS" -> StatusCommand.parse(tag, in);
            case "APPEND" -> AppendCommand.parse(tag, in);
            case "IDLE" -> new IdleCommand(tag);
            // RFC 9208 §9: getquota, getquotaroot and setquota are command-auth
            case "GETQUOTA" -> GetQuotaCommand.parse(tag, in);
            case "GETQUOTAROOT" -> GetQuotaRootCommand.parse(tag, in);
            case "SETQUOTA" -> SetQuotaCommand.parse(tag, in);
            // RFC 5464 §5: getmetadata and setmetadata are command-auth
            case "GETMETADATA" -> GetMetadataCommand.parse(tag, in);
            case "SETMETADATA" -> SetMetadataCommand.parse(tag, in);
            // RFC 5465 §8: notify is a command-auth
            case "NOTIFY" -> NotifyCommand.parse(tag, in);
            // RFC 4978 §4: compress is a command-auth
            case "COMPRESS" -> CompressCommand.parse(tag, in);
            // RFC 8437 §5: unauthenticate is a command-auth and a command-select
            case "UNAUTHENTICATE" -> new UnauthenticateCommand(tag);
            // command-select
            case "CHECK" -> new CheckCommand(tag);
            case "CLOSE" -> new CloseCommand(tag);
            case "UNSELECT" -> new UnselectCommand(tag);
            case "EXPUNGE" -> new ExpungeCommand(tag);
            case "SEARCH" -> SearchCommand.parse(tag, false, in);
            // RFC 5267 §5: command-select =/ "CANCELUPDATE" 1*(SP quoted)
            case "CANCELUPDATE" -> CancelUpdateCommand.parse(tag, in);
            // RFC 5256 §5
            case "SORT" -> SortCommand.parse(tag, false, in);
            case "THREAD" -> ThreadCommand.parse(tag, false, in);
            case "FETCH" -> FetchCommand.parse(tag, false, in);
            case "STORE" -> StoreCommand.parse(tag, false, in);
            case "COPY" -> CopyCommand.parse(tag, false, in);
            case "MOVE" -> MoveCommand.parse(tag, false, in);
            // RFC 8508 §6
            case "REPLACE" -> ReplaceCommand.parse(tag, false, in);
            case "UID" -> parseUidCommand(tag, in);
            default -> throw in.fail("Unknown command");
        };
    }

    /** RFC 9051 §9: uid = "UID" SP (copy / move / fetch / search / store / uid-expunge). */
    private static ImapCommand parseUidCommand(String tag, CommandReader in) {
        in.expectSpace("Missing command after UID");
        return switch (in.readWord("Missing command after UID")) {
            case "SEARCH" -> SearchCommand.parse(tag, true, in);
            case "FETCH" -> FetchCommand.parse(tag, true, in);
            case "STORE" -> StoreCommand.parse(tag, true, in);
            case "COPY" -> CopyCommand.parse(tag, true, in);
            case "MOVE" -> MoveCommand.parse(tag, true, in);
            case "EXPUNGE" -> UidExpungeCommand.parse(tag, in);
            case "REPLACE" -> ReplaceCommand.parse(tag, true, in);
            case "SORT" -> SortCommand.parse(tag, true, in);
            case "THREAD" -> ThreadCommand.parse(tag, true, in);
            default -> throw in.fail("Unknown UID command");
        };
    }
}
