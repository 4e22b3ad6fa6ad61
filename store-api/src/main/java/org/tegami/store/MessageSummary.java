package org.tegami.store;

/** A message's UID, flags and MODSEQ: what a session keeps of every message it has selected. */
public record MessageSummary(Uid uid, Flags flags, ModSeq modSeq) {
}
