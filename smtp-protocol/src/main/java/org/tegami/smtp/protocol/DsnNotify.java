package org.tegami.smtp.protocol;

/** RFC 3461 NOTIFY conditions. NEVER excludes the others. */
public enum DsnNotify {
    NEVER, SUCCESS, FAILURE, DELAY
}
