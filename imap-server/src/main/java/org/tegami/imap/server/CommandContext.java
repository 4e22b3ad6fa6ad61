package org.tegami.imap.server;

import java.net.InetAddress;
import org.tegami.auth.SaslMechanism;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.store.Account;
import org.tegami.store.MailStore;

/** What a command handler may see and do: the session's state, the store, and the response stream. */
public interface CommandContext {

    /**
     * The messages of a mailbox as the store holds them now, for SELECT and EXAMINE. Sessions of one server get
     * a state shared with the others that have the mailbox selected; this default reads a snapshot of its own.
     */
    default MailboxState currentState(org.tegami.store.Mailbox mailbox) {
        return MailboxState.of(store().messages().snapshot(mailbox.id()));
    }

    SessionState state();

    void setState(SessionState state);

    /** The authenticated account; only called by handlers of authenticated commands. */
    Account account();

    /** The selected mailbox; only called by handlers of selected-state commands. */
    SelectedMailbox selected();

    MailStore store();

    ImapSettings settings();

    /** Whether the client enabled IMAP4rev2 (RFC 9051 §6.3.1); otherwise IMAP4rev1 rules apply. */
    boolean imap4rev2();

    void enableImap4rev2();

    /**
     * Whether a CONDSTORE enabling command was seen (RFC 7162 §3.1): from then on SELECT reports HIGHESTMODSEQ
     * and every FETCH response the client did not ask for carries UID and MODSEQ.
     */
    boolean condstore();

    void enableCondstore();

    /**
     * Whether the client sent ENABLE UIDONLY (RFC 9586): message sequence numbers are refused, FETCH responses
     * are UIDFETCH responses, and VANISHED replaces EXPUNGE.
     */
    boolean uidOnly();

    void enableUidOnly();

    /**
     * Starts a FETCH response for a message: {@code * seq FETCH (}, or {@code * uid UIDFETCH (} once UIDONLY
     * is enabled (RFC 9586 §3.3).
     */
    default org.tegami.imap.protocol.ResponseWriter fetchResponse(int seq, long uid) {
        return startFetchResponse(response(), seq, uid);
    }

    /** Like {@link #fetchResponse(int, long)}, appended to a writer that may already hold other responses. */
    default org.tegami.imap.protocol.ResponseWriter startFetchResponse(org.tegami.imap.protocol.ResponseWriter w,
                                                                       int seq, long uid) {
        return uidOnly() ? w.raw("* ").number(uid).raw(" UIDFETCH (") : w.raw("* ").number(seq).raw(" FETCH (");
    }

    /**
     * Whether the client sent ENABLE UTF8=ACCEPT (RFC 6855 §3): mailbox names are UTF-8 as in IMAP4rev2, and
     * APPEND takes the UTF8 form.
     */
    boolean utf8Accept();

    void enableUtf8Accept();

    /** Whether the client sent ENABLE QRESYNC (RFC 7162 §3.2.3): VANISHED replaces EXPUNGE; CONDSTORE comes with it. */
    boolean qresync();

    void enableQresync();

    boolean tls();

    InetAddress clientAddress();

    /** The CAPABILITY list for the current state, without the leading {@code CAPABILITY} atom. */
    String capabilities();

    /** Mailbox-name encoding for this client (UTF-8 in IMAP4rev2, modified UTF-7 otherwise). */
    MailboxNames names();

    /** A writer for one untagged response; the caller writes {@code * ...} and CRLF, then {@link #send}. */
    ResponseWriter response();

    /** Queues a complete response for the client (blocking while the client is not reading). */
    void send(ResponseWriter response);

    /**
     * Reports what other sessions changed in the selected mailbox (EXISTS, RECENT, FETCH FLAGS and, when
     * {@code allowExpunge}, EXPUNGE), per RFC 9051 §7.
     */
    void reportUpdates(boolean allowExpunge);

    /** Starts TLS on a cleartext connection after the tagged OK is sent (RFC 9051 §6.2.1). */
    void startTls(String tag);

    /** Whether COMPRESS DEFLATE is in effect on this connection (RFC 4978). */
    boolean compressing();

    /** Sends the tagged OK for COMPRESS, then deflates all output and inflates all input (RFC 4978 §3). */
    void startCompression(String tag);

    /** Enters IDLE (RFC 9051 §6.3.13); the session answers the tag when DONE arrives. */
    void beginIdle(String tag);

    /** Looks up a SASL mechanism offered now, or null. */
    SaslMechanism mechanism(String name);

    /** Runs a SASL exchange to its end; the session reads the client's responses. */
    void beginSasl(String tag, SaslMechanism mechanism, byte[] initialResponse);

    /** Completes a successful login: state, throttle bookkeeping, literal limits. */
    void loggedIn(Account account);

    /** Waits out the login delay for a failure from this client (per-address throttle). */
    void loginFailed();

    /**
     * Back to the not-authenticated state (RFC 8437 §3): no mailbox, no account, no enabled extension, the
     * change feed left; TLS and COMPRESS stay.
     */
    void unauthenticate();

    /**
     * Tells the client how far a long command has got (RFC 9585): {@code done} of {@code goal} units. Cheap to
     * call often: the session sends {@code * OK [INPROGRESS ...]} at most once per progress interval, none in
     * the command's first interval, and flushes it at once.
     */
    void progress(String tag, long done, long goal);

    /** The session's NOTIFY state (RFC 5465). */
    org.tegami.imap.server.notify.Notifier notifier();

    /** Ends the session after the current response (LOGOUT). */
    void logout();
}
