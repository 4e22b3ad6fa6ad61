package org.tegami.imap.protocol;

/**
 * ESEARCH result options (RFC 9051 §6.4.4, RFC 4731), SAVE (RFC 5182), and the context options of RFC 5267 §4:
 * CONTEXT (a hint that the criteria will be used again, §4.2) and UPDATE (keep the result up to date with
 * unsolicited ADDTO/REMOVEFROM, §4.3). PARTIAL (RFC 9394) carries a range and is a field of the command.
 */
public enum SearchReturnOption {
    MIN, MAX, ALL, COUNT, SAVE, CONTEXT, UPDATE;

    /** Whether the option asks for result data in the ESEARCH answer (CONTEXT, UPDATE and SAVE do not). */
    public boolean returnsData() {
        return this == MIN || this == MAX || this == ALL || this == COUNT;
    }
}
