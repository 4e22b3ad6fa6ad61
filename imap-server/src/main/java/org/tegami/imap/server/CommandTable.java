package org.tegami.imap.server;

import java.util.EnumSet;
import java.util.Set;
import org.tegami.auth.PasswordLogin;
import org.tegami.imap.protocol.AppendCommand;
import org.tegami.imap.protocol.AuthenticateCommand;
import org.tegami.imap.protocol.CapabilityCommand;
import org.tegami.imap.protocol.CheckCommand;
import org.tegami.imap.protocol.CloseCommand;
import org.tegami.imap.protocol.CopyCommand;
import org.tegami.imap.protocol.CreateCommand;
import org.tegami.imap.protocol.DeleteCommand;
import org.tegami.imap.protocol.EnableCommand;
import org.tegami.imap.protocol.ExamineCommand;
import org.tegami.imap.protocol.ExpungeCommand;
import org.tegami.imap.protocol.FetchCommand;
import org.tegami.imap.protocol.IdCommand;
import org.tegami.imap.protocol.CompressCommand;
import org.tegami.imap.protocol.IdleCommand;
import org.tegami.imap.protocol.ReplaceCommand;
import org.tegami.imap.protocol.SortCommand;
import org.tegami.imap.protocol.ThreadCommand;
import org.tegami.imap.protocol.UnauthenticateCommand;
import org.tegami.imap.protocol.ImapCommand;
import org.tegami.imap.protocol.ListCommand;
import org.tegami.imap.protocol.LoginCommand;
import org.tegami.imap.protocol.LogoutCommand;
import org.tegami.imap.protocol.LsubCommand;
import org.tegami.imap.protocol.MoveCommand;
import org.tegami.imap.protocol.NamespaceCommand;
import org.tegami.imap.protocol.NoopCommand;
import org.tegami.imap.protocol.RenameCommand;
import org.tegami.imap.protocol.SearchCommand;
import org.tegami.imap.protocol.SelectCommand;
import org.tegami.imap.protocol.StartTlsCommand;
import org.tegami.imap.protocol.StatusCommand;
import org.tegami.imap.protocol.StoreCommand;
import org.tegami.imap.protocol.SubscribeCommand;
import org.tegami.imap.protocol.UidExpungeCommand;
import org.tegami.imap.protocol.UnselectCommand;
import org.tegami.imap.protocol.UnsubscribeCommand;
import org.tegami.imap.server.SessionState.Kind;
import org.tegami.imap.server.command.AppendHandler;
import org.tegami.imap.server.command.AuthenticateHandler;
import org.tegami.imap.server.command.CapabilityHandler;
import org.tegami.imap.server.command.CheckHandler;
import org.tegami.imap.server.command.CloseHandler;
import org.tegami.imap.server.command.CopyHandler;
import org.tegami.imap.server.command.CreateHandler;
import org.tegami.imap.server.command.DeleteHandler;
import org.tegami.imap.server.command.EnableHandler;
import org.tegami.imap.server.command.ExamineHandler;
import org.tegami.imap.server.command.ExpungeHandler;
import org.tegami.imap.server.command.FetchHandler;
import org.tegami.imap.server.command.IdHandler;
import org.tegami.imap.server.command.CompressHandler;
import org.tegami.imap.server.command.IdleHandler;
import org.tegami.imap.server.command.ReplaceHandler;
import org.tegami.imap.server.command.SortHandler;
import org.tegami.imap.server.command.ThreadHandler;
import org.tegami.imap.server.command.UnauthenticateHandler;
import org.tegami.imap.server.command.ListHandler;
import org.tegami.imap.server.command.LoginHandler;
import org.tegami.imap.server.command.LogoutHandler;
import org.tegami.imap.server.command.LsubHandler;
import org.tegami.imap.server.command.MoveHandler;
import org.tegami.imap.server.command.NamespaceHandler;
import org.tegami.imap.server.command.NoopHandler;
import org.tegami.imap.server.command.RenameHandler;
import org.tegami.imap.server.command.SearchHandler;
import org.tegami.imap.server.command.SelectHandler;
import org.tegami.imap.server.command.StartTlsHandler;
import org.tegami.imap.server.command.StatusHandler;
import org.tegami.imap.server.command.StoreHandler;
import org.tegami.imap.server.command.SubscribeHandler;
import org.tegami.imap.server.command.UidExpungeHandler;
import org.tegami.imap.server.command.UnselectHandler;
import org.tegami.imap.server.command.UnsubscribeHandler;

/**
 * Which handler runs each command and in which states it is allowed (RFC 9051 §6), checked once by the
 * session before dispatch. Also says whether EXPUNGE responses may be sent when the command completes:
 * not for FETCH, STORE and SEARCH by sequence number (RFC 9051 §7.5.1).
 */
final class CommandTable {

    private static final Set<Kind> ANY = EnumSet.of(Kind.NOT_AUTHENTICATED, Kind.AUTHENTICATED, Kind.SELECTED);
    private static final Set<Kind> NOT_AUTHENTICATED = EnumSet.of(Kind.NOT_AUTHENTICATED);
    private static final Set<Kind> AUTHENTICATED = EnumSet.of(Kind.AUTHENTICATED, Kind.SELECTED);
    private static final Set<Kind> SELECTED = EnumSet.of(Kind.SELECTED);

    /** A command's handler and the states it is valid in. */
    record Entry(Set<Kind> allowedIn, CommandHandler<? extends ImapCommand> handler) {

        @SuppressWarnings("unchecked")
        Outcome execute(ImapCommand command, CommandContext context) {
            return ((CommandHandler<ImapCommand>) handler).handle(command, context);
        }

        boolean allowsExpungeResponses(ImapCommand command) {
            return switch (command) {
                case FetchCommand f -> f.uid();
                case StoreCommand s -> s.uid();
                case SearchCommand s -> s.uid();
                case SortCommand s -> s.uid();
                case ThreadCommand t -> t.uid();
                default -> true;
            };
        }
    }

    /**
     * Whether a command names messages by sequence number (RFC 9586 §3.2): the non-UID forms of FETCH, STORE,
     * SEARCH, COPY and MOVE, and any SEARCH whose criteria hold a sequence set.
     */
    static boolean usesSequenceNumbers(ImapCommand command) {
        return switch (command) {
            case FetchCommand f -> !f.uid();
            case StoreCommand s -> !s.uid();
            case SearchCommand s -> !s.uid() || hasSequenceNumbers(s.key());
            case CopyCommand c -> !c.uid();
            case MoveCommand m -> !m.uid();
            case ReplaceCommand r -> !r.uid();
            case SortCommand s -> !s.uid() || hasSequenceNumbers(s.key());
            case ThreadCommand t -> !t.uid() || hasSequenceNumbers(t.key());
            default -> false;
        };
    }

    private static boolean hasSequenceNumbers(org.tegami.imap.protocol.SearchKey key) {
        return switch (key) {
            case org.tegami.imap.protocol.SearchKey.SequenceNumbers s -> true;
            case org.tegami.imap.protocol.SearchKey.Not n -> hasSequenceNumbers(n.key());
            case org.tegami.imap.protocol.SearchKey.Or o -> hasSequenceNumbers(o.left()) || hasSequenceNumbers(o.right());
            case org.tegami.imap.protocol.SearchKey.And a -> a.keys().stream().anyMatch(CommandTable::hasSequenceNumbers);
            default -> false;
        };
    }

    private final Entry capability = new Entry(ANY, new CapabilityHandler());
    private final Entry noop = new Entry(ANY, new NoopHandler());
    private final Entry logout = new Entry(ANY, new LogoutHandler());
    private final Entry id = new Entry(ANY, new IdHandler());
    private final Entry startTls = new Entry(NOT_AUTHENTICATED, new StartTlsHandler());
    private final Entry authenticate = new Entry(NOT_AUTHENTICATED, new AuthenticateHandler());
    private final Entry login;
    private final Entry enable = new Entry(AUTHENTICATED, new EnableHandler());
    private final Entry select = new Entry(AUTHENTICATED, new SelectHandler());
    private final Entry examine = new Entry(AUTHENTICATED, new ExamineHandler());
    private final Entry create = new Entry(AUTHENTICATED, new CreateHandler());
    private final Entry delete = new Entry(AUTHENTICATED, new DeleteHandler());
    private final Entry rename = new Entry(AUTHENTICATED, new RenameHandler());
    private final Entry subscribe = new Entry(AUTHENTICATED, new SubscribeHandler());
    private final Entry unsubscribe = new Entry(AUTHENTICATED, new UnsubscribeHandler());
    private final Entry list = new Entry(AUTHENTICATED, new ListHandler());
    private final Entry lsub = new Entry(AUTHENTICATED, new LsubHandler());
    private final Entry namespace = new Entry(AUTHENTICATED, new NamespaceHandler());
    private final Entry status = new Entry(AUTHENTICATED, new StatusHandler());
    private final Entry append = new Entry(AUTHENTICATED, new AppendHandler());
    private final Entry idle = new Entry(AUTHENTICATED, new IdleHandler());
    private final Entry compress = new Entry(AUTHENTICATED, new CompressHandler());
    private final Entry unauthenticate = new Entry(AUTHENTICATED, new UnauthenticateHandler());
    private final Entry check = new Entry(SELECTED, new CheckHandler());
    private final Entry close = new Entry(SELECTED, new CloseHandler());
    private final Entry unselect = new Entry(SELECTED, new UnselectHandler());
    private final Entry expunge = new Entry(SELECTED, new ExpungeHandler());
    private final Entry uidExpunge = new Entry(SELECTED, new UidExpungeHandler());
    private final Entry search = new Entry(SELECTED, new SearchHandler());
    private final Entry fetch = new Entry(SELECTED, new FetchHandler());
    private final Entry store = new Entry(SELECTED, new StoreHandler());
    private final Entry copy = new Entry(SELECTED, new CopyHandler());
    private final Entry move = new Entry(SELECTED, new MoveHandler());
    private final Entry replace = new Entry(SELECTED, new ReplaceHandler());
    private final Entry sort = new Entry(SELECTED, new SortHandler());
    private final Entry thread = new Entry(SELECTED, new ThreadHandler());
    private final Entry getQuota = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.GetQuotaHandler());
    private final Entry getQuotaRoot = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.GetQuotaRootHandler());
    // RFC 5465 §3.1: NOTIFY is valid in the authenticated and selected states.
    private final Entry notify = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.NotifyHandler());
    private final Entry setQuota = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.SetQuotaHandler());
    // RFC 5267 §5: CANCELUPDATE is a command-select.
    private final Entry cancelUpdate = new Entry(SELECTED, new org.tegami.imap.server.command.CancelUpdateHandler());
    private final Entry getMetadata = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.GetMetadataHandler());
    private final Entry setMetadata = new Entry(AUTHENTICATED, new org.tegami.imap.server.command.SetMetadataHandler());

    CommandTable(PasswordLogin passwords) {
        this.login = new Entry(NOT_AUTHENTICATED, new LoginHandler(passwords));
    }

    Entry entry(ImapCommand command) {
        return switch (command) {
            case CapabilityCommand c -> capability;
            case NoopCommand c -> noop;
            case LogoutCommand c -> logout;
            case IdCommand c -> id;
            case StartTlsCommand c -> startTls;
            case AuthenticateCommand c -> authenticate;
            case LoginCommand c -> login;
            case EnableCommand c -> enable;
            case SelectCommand c -> select;
            case ExamineCommand c -> examine;
            case CreateCommand c -> create;
            case DeleteCommand c -> delete;
            case RenameCommand c -> rename;
            case SubscribeCommand c -> subscribe;
            case UnsubscribeCommand c -> unsubscribe;
            case ListCommand c -> list;
            case LsubCommand c -> lsub;
            case NamespaceCommand c -> namespace;
            case StatusCommand c -> status;
            case AppendCommand c -> append;
            case IdleCommand c -> idle;
            case CompressCommand c -> compress;
            case UnauthenticateCommand c -> unauthenticate;
            case ReplaceCommand c -> replace;
            case SortCommand c -> sort;
            case ThreadCommand c -> thread;
            case CheckCommand c -> check;
            case CloseCommand c -> close;
            case UnselectCommand c -> unselect;
            case ExpungeCommand c -> expunge;
            case UidExpungeCommand c -> uidExpunge;
            case SearchCommand c -> search;
            case FetchCommand c -> fetch;
            case StoreCommand c -> store;
            case CopyCommand c -> copy;
            case MoveCommand c -> move;
            case org.tegami.imap.protocol.GetQuotaCommand c -> getQuota;
            case org.tegami.imap.protocol.GetQuotaRootCommand c -> getQuotaRoot;
            case org.tegami.imap.protocol.SetQuotaCommand c -> setQuota;
            case org.tegami.imap.protocol.CancelUpdateCommand c -> cancelUpdate;
            case org.tegami.imap.protocol.NotifyCommand c -> notify;
            case org.tegami.imap.protocol.GetMetadataCommand c -> getMetadata;
            case org.tegami.imap.protocol.SetMetadataCommand c -> setMetadata;
        };
    }
}
