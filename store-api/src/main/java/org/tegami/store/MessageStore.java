package org.tegami.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages of a mailbox. Every method is one atomic operation: it either happens entirely and is
 * published on the {@link ChangeFeed}, or not at all. UID lists passed in must be ascending; UIDs that
 * no longer exist are ignored. Every change gives the messages it touches a new MODSEQ larger than any
 * before it in that mailbox, and every expunge is remembered with its MODSEQ.
 */
public interface MessageStore {

    /**
     * Appends messages to a mailbox, all or none (MULTIAPPEND, RFC 3502). On return each message's
     * bytes are on disk (file and directory fsynced) and the metadata is committed. Identical bytes are
     * stored once. {@code NONEXISTENT} if the mailbox is gone or not selectable.
     */
    List<Appended> append(MailboxId mailbox, List<NewMessage> messages);

    /**
     * The message with exactly this content (same SHA-256 of the bytes) that was added to the mailbox (by
     * append, copy or move) at or after {@code notBefore}, as timed by the store's clock, and is not
     * flagged {@code \Deleted}; the one with the highest UID if there are several. Returns its mailbox's
     * UIDVALIDITY, its UID and its current MODSEQ, as an APPENDUID (RFC 4315) would name it. Empty if there
     * is none. Lets a server recognise a message it filed itself when a client appends the same bytes.
     * {@code NONEXISTENT} if the mailbox is gone or not selectable.
     */
    Optional<Appended> findRecent(MailboxId mailbox, ContentId content, Instant notBefore);

    /**
     * Appends {@code message} to {@code destination} and expunges message {@code uid} of {@code source} (whatever
     * its flags) in one transaction (REPLACE, RFC 8508): either both happen or neither. The new message is durable
     * as {@link #append} makes it. A {@code uid} that no longer exists is not an error: the append still
     * happens and {@link Replaced#expunged()} is empty. {@code NONEXISTENT} if either mailbox is gone or not
     * selectable.
     */
    Replaced replace(MailboxId source, Uid uid, MailboxId destination, NewMessage message);

    /** Every message's summary, ascending UID, with the next UID and HIGHESTMODSEQ, read in one transaction. */
    MailboxSnapshot snapshot(MailboxId mailbox);

    /** Changes after {@code since}; see {@link MailboxDelta}. */
    MailboxDelta changesSince(MailboxId mailbox, ModSeq since);

    /**
     * The MODSEQ from which every expunge of the mailbox is still remembered: {@link #changesSince} lists
     * every UID expunged after {@code since} only when {@code since} is at least this value; for an older
     * {@code since} some expunges may be missing from it. {@link ModSeq#ZERO} while no expunge was ever
     * forgotten. It never decreases, so a caller that reads it after {@code changesSince} and finds its
     * {@code since} at or above it knows that delta was complete. {@code NONEXISTENT} if the mailbox is gone.
     */
    ModSeq expungeHorizon(MailboxId mailbox);

    /**
     * Forgets the remembered expunges of the mailbox except the newest {@code keep} (by MODSEQ; expunges
     * sharing the MODSEQ of the newest forgotten one are forgotten with it, so the horizon stays exact), and
     * raises {@link #expungeHorizon} to the MODSEQ of the newest one forgotten. Returns how many were
     * forgotten. {@code NONEXISTENT} if the mailbox is gone.
     */
    int forgetExpunges(MailboxId mailbox, int keep);

    /**
     * Claims the messages no session has yet seen as recent (RFC 3501 §2.3.2 {@code \Recent}): returns
     * their UIDs (ascending) and marks them claimed, atomically, so only one session gets each.
     */
    List<Uid> claimRecent(MailboxId mailbox);

    /** FETCH metadata of the given messages, ascending UID; with their parsed structure when asked. */
    List<MessageRecord> fetch(MailboxId mailbox, List<Uid> uids, boolean withStructure);

    /** The decoded header fields and body text stored for SEARCH. {@code NONEXISTENT} if unknown. */
    MessageText text(ContentId content);

    /**
     * Narrows a SEARCH for text (RFC 9051 §6.4.4 BODY, HEADER, TEXT): the UIDs, ascending, of the messages in
     * the mailbox whose {@link #text} may contain {@code needle} in {@code part}. "Contain" is SEARCH's test:
     * the needle lower-cased with {@link java.util.Locale#ROOT} is a substring of the body text, or of a header
     * field's name or value, each lower-cased the same way. Every message that contains it is among the
     * candidates; others may be too, so the caller checks each against its text. Empty when the store cannot
     * narrow the search for this needle (no index, or one that cannot find so short a needle): then every
     * message is a candidate. For a mailbox that is gone: no candidates, or {@code NONEXISTENT}.
     */
    Optional<List<Uid>> textCandidates(MailboxId mailbox, String needle, TextPart part);

    /**
     * The SORT DATE keys (RFC 5256 §3) of the given messages that exist, ascending UID: what
     * {@link #fetch} with structure gives as the sent date, or the INTERNALDATE without one, but without
     * reading each message's structure where the store keeps the key.
     */
    List<SortDate> sortDates(MailboxId mailbox, List<Uid> uids);

    /**
     * Updates flags of the given messages. When {@code unchangedSince} is not null, messages whose
     * MODSEQ is greater are left alone and reported in {@link FlagsUpdated#modified()} (RFC 7162 §3.1.3).
     * Messages whose flags do not actually change keep their MODSEQ.
     */
    FlagsUpdated updateFlags(MailboxId mailbox, List<Uid> uids, FlagUpdate mode, Flags flags, ModSeq unchangedSince);

    /** Copies messages with their flags and INTERNALDATE to another mailbox (content is shared, not copied). */
    Copied copy(MailboxId source, List<Uid> uids, MailboxId destination);

    /** Moves messages atomically: copied to the destination and expunged from the source in one transaction. */
    Copied move(MailboxId source, List<Uid> uids, MailboxId destination);

    /**
     * Expunges the messages flagged {@code \Deleted}, restricted to {@code uids} when not null
     * (UID EXPUNGE, RFC 4315). Returns the expunged UIDs, ascending.
     */
    List<Uid> expunge(MailboxId mailbox, List<Uid> uids);
}
