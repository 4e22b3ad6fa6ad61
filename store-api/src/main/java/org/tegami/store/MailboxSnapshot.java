package org.tegami.store;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The state of a mailbox at one instant, as SELECT needs it: every message's UID, flags and MODSEQ in
 * ascending UID order, the next UID, UIDVALIDITY and HIGHESTMODSEQ. Taking it and reading later changes with
 * {@link MessageStore#changesSince} loses nothing: every change after the snapshot has a larger MODSEQ.
 *
 * <p>Held as primitive arrays, with one {@link Flags} instance per distinct flag set (a big mailbox has
 * few), so a snapshot of 100 000 messages is three arrays rather than 100 000 objects of each kind.
 */
public final class MailboxSnapshot {
    private final Mailbox mailbox;
    private final long[] uids;
    private final Flags[] flags;
    private final long[] modSeqs;
    private final int size;
    private final long uidNext;
    private final ModSeq highestModSeq;

    public MailboxSnapshot(Mailbox mailbox, List<MessageSummary> messages, long uidNext, ModSeq highestModSeq) {
        this(mailbox, builder(messages), uidNext, highestModSeq);
    }

    private MailboxSnapshot(Mailbox mailbox, Builder rows, long uidNext, ModSeq highestModSeq) {
        this.mailbox = mailbox;
        this.uids = rows.uids;
        this.flags = rows.flags;
        this.modSeqs = rows.modSeqs;
        this.size = rows.size;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
    }

    private static Builder builder(List<MessageSummary> messages) {
        Builder rows = new Builder();
        for (MessageSummary m : messages) {
            rows.add(m.uid().value(), m.flags(), m.modSeq().value());
        }
        return rows;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public long uidNext() {
        return uidNext;
    }

    public ModSeq highestModSeq() {
        return highestModSeq;
    }

    /** How many messages the mailbox held. */
    public int size() {
        return size;
    }

    /** The UID of the message at a 0-based index. */
    public long uidAt(int index) {
        return uids[index];
    }

    /** The flags of the message at a 0-based index; equal flag sets are the same instance. */
    public Flags flagsAt(int index) {
        return flags[index];
    }

    /** The MODSEQ of the message at a 0-based index. */
    public long modSeqAt(int index) {
        return modSeqs[index];
    }

    /** The messages as summaries, made on access. */
    public List<MessageSummary> messages() {
        return new Summaries();
    }

    private final class Summaries extends AbstractList<MessageSummary> implements RandomAccess {
        @Override
        public MessageSummary get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return new MessageSummary(new Uid(uids[index]), flags[index], new ModSeq(modSeqs[index]));
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Collects the rows of a snapshot, ascending UID, interning equal flag sets; builds one snapshot. */
    public static final class Builder {
        private long[] uids = new long[64];
        private Flags[] flags = new Flags[64];
        private long[] modSeqs = new long[64];
        private int size;
        private final Map<Flags, Flags> distinct = new HashMap<>();
        private final Map<String, Flags> byColumn = new HashMap<>();

        /** Adds a message. */
        public Builder add(long uid, Flags messageFlags, long modSeq) {
            Flags shared = distinct.putIfAbsent(messageFlags, messageFlags);
            append(uid, shared == null ? messageFlags : shared, modSeq);
            return this;
        }

        /**
         * Adds a message whose flags are stored as a column of text, parsed once per distinct value by
         * {@code parse}: the flags of most messages of a mailbox are one of a few sets.
         */
        public Builder add(long uid, String flagsColumn, java.util.function.Function<String, Flags> parse, long modSeq) {
            Flags parsed = byColumn.get(flagsColumn);
            if (parsed == null) {
                parsed = parse.apply(flagsColumn);
                Flags shared = distinct.putIfAbsent(parsed, parsed);
                parsed = shared == null ? parsed : shared;
                byColumn.put(flagsColumn, parsed);
            }
            append(uid, parsed, modSeq);
            return this;
        }

        private void append(long uid, Flags messageFlags, long modSeq) {
            if (size == uids.length) {
                int grown = size * 2;
                uids = Arrays.copyOf(uids, grown);
                flags = Arrays.copyOf(flags, grown);
                modSeqs = Arrays.copyOf(modSeqs, grown);
            }
            uids[size] = uid;
            flags[size] = messageFlags;
            modSeqs[size] = modSeq;
            size++;
        }

        public MailboxSnapshot build(Mailbox mailbox, long uidNext, ModSeq highestModSeq) {
            return new MailboxSnapshot(mailbox, this, uidNext, highestModSeq);
        }
    }
}
