package org.tegami.imap.protocol;

/** LIST-EXTENDED selection options (RFC 5258 §3.1, RFC 6154 §5.1). */
public enum ListSelectOption {
    SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE
}
