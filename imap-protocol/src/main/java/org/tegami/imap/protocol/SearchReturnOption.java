package org.tegami.imap.protocol;

/** ESEARCH result options (RFC 9051 §6.4.4, RFC 4731) and SAVE (RFC 5182). */
public enum SearchReturnOption {
    MIN, MAX, ALL, COUNT, SAVE
}
