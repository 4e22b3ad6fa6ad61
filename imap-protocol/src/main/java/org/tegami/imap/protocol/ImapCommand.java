package org.tegami.imap.protocol;

/**
 * A parsed IMAP command: one record per command of RFC 9051 and RFC 3501 (and the extensions this
 * server offers). Records are produced by {@link CommandParser}; they hold values, never wire syntax.
 */
public sealed interface ImapCommand permits
        CapabilityCommand, NoopCommand, LogoutCommand, StartTlsCommand, AuthenticateCommand, LoginCommand,
        EnableCommand, SelectCommand, ExamineCommand, CreateCommand, DeleteCommand, RenameCommand,
        SubscribeCommand, UnsubscribeCommand, ListCommand, LsubCommand, NamespaceCommand, StatusCommand,
        AppendCommand, IdleCommand, CheckCommand, CloseCommand, UnselectCommand, ExpungeCommand,
        UidExpungeCommand, SearchCommand, FetchCommand, StoreCommand, CopyCommand, MoveCommand, IdCommand,
        CompressCommand, UnauthenticateCommand, ReplaceCommand, SortCommand, ThreadCommand,
        GetQuotaCommand, GetQuotaRootCommand, SetQuotaCommand, CancelUpdateCommand,
        NotifyCommand, GetMetadataCommand, SetMetadataCommand {

    /** The command's tag as sent. */
    String tag();
}
