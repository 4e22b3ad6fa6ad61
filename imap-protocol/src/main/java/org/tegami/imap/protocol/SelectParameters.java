package org.tegami.imap.protocol;

/**
 * The parameters of SELECT and EXAMINE (RFC 9051 §9 {@code select-params}): CONDSTORE (RFC 7162 §3.1.8) and
 * QRESYNC (RFC 7162 §3.2.5). {@code qresync} is {@code null} when absent.
 */
public record SelectParameters(boolean condstore, Qresync qresync) {

    public static final SelectParameters NONE = new SelectParameters(false, null);

    /**
     * RFC 7162 §3.2.5: the client's UIDVALIDITY and last known MODSEQ, with optionally the UIDs it knows
     * ({@code knownUids}, {@code null} when absent) and sequence-match data ({@code knownSequences} and
     * {@code knownSequenceUids}, both {@code null} when absent).
     */
    public record Qresync(long uidValidity, long modSeq, SequenceSet knownUids, SequenceSet knownSequences,
                          SequenceSet knownSequenceUids) {
    }

    /**
     * RFC 9051 §9: select-params = SP "(" select-param *(SP select-param) ")";
     * RFC 7162 §7: select-param =/ condstore-param / "QRESYNC" SP "(" uidvalidity SP mod-sequence-value
     * [SP known-uids] [SP seq-match-data] ")"; seq-match-data = "(" known-sequence-set SP known-uid-set ")".
     */
    static SelectParameters parse(CommandReader in) {
        if (in.peek() != ' ') {
            return NONE;
        }
        in.expectSpace("Invalid SELECT parameters");
        in.expect('(', "Invalid SELECT parameters");
        boolean condstore = false;
        Qresync qresync = null;
        do {
            switch (in.readWord("Invalid SELECT parameter")) {
                case "CONDSTORE" -> condstore = true;
                case "QRESYNC" -> {
                    if (qresync != null) {
                        throw in.fail("QRESYNC given twice");
                    }
                    in.expectSpace("Missing QRESYNC data");
                    qresync = parseQresync(in);
                }
                default -> throw in.fail("Unknown SELECT parameter");
            }
        } while (in.tryConsume(' '));
        in.expect(')', "Invalid SELECT parameters");
        return new SelectParameters(condstore, qresync);
    }

    private static Qresync parseQresync(CommandReader in) {
        in.expect('(', "Invalid QRESYNC data");
        in.enterNesting();
        long uidValidity = in.readNzNumber("Invalid UIDVALIDITY in QRESYNC");
        in.expectSpace("Missing MODSEQ in QRESYNC");
        long modSeq = in.readModSeq("Invalid MODSEQ in QRESYNC");
        SequenceSet knownUids = null;
        SequenceSet knownSequences = null;
        SequenceSet knownSequenceUids = null;
        if (in.tryConsume(' ')) {
            if (in.peek() != '(') {
                knownUids = in.readUidSet("Invalid known UIDs in QRESYNC");
            }
            if (knownUids == null || in.tryConsume(' ')) {
                in.expect('(', "Invalid sequence match data in QRESYNC");
                in.enterNesting();
                knownSequences = in.readUidSet("Invalid sequence match data in QRESYNC");
                in.expectSpace("Invalid sequence match data in QRESYNC");
                knownSequenceUids = in.readUidSet("Invalid sequence match data in QRESYNC");
                in.expect(')', "Invalid sequence match data in QRESYNC");
                in.leaveNesting();
            }
        }
        in.expect(')', "Invalid QRESYNC data");
        in.leaveNesting();
        return new Qresync(uidValidity, modSeq, knownUids, knownSequences, knownSequenceUids);
    }
}
