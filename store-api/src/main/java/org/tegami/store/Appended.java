package org.tegami.store;

/** The outcome of a durable append: the destination's UIDVALIDITY and the new message's UID and MODSEQ (RFC 4315 APPENDUID). */
public record Appended(UidValidity uidValidity, Uid uid, ModSeq modSeq) {
}
