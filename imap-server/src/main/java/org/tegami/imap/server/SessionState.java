package org.tegami.imap.server;

import org.tegami.store.Account;

/** The IMAP connection states of RFC 9051 §3, each carrying what it needs. */
public sealed interface SessionState {

    /** Before LOGIN/AUTHENTICATE succeeds. */
    record NotAuthenticated() implements SessionState {
    }

    record Authenticated(Account account) implements SessionState {
    }

    record Selected(Account account, SelectedMailbox mailbox) implements SessionState {
    }

    /** After LOGOUT or BYE; nothing more is read. */
    record LoggedOut() implements SessionState {
    }

    /** The state's kind, for the command table. */
    enum Kind { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGGED_OUT }

    default Kind kind() {
        return switch (this) {
            case NotAuthenticated n -> Kind.NOT_AUTHENTICATED;
            case Authenticated a -> Kind.AUTHENTICATED;
            case Selected s -> Kind.SELECTED;
            case LoggedOut l -> Kind.LOGGED_OUT;
        };
    }
}
