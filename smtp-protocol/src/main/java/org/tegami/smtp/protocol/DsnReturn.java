package org.tegami.smtp.protocol;

/** RFC 3461 RET: return the full message or only its headers in a failure notice. */
public enum DsnReturn {
    FULL, HDRS
}
