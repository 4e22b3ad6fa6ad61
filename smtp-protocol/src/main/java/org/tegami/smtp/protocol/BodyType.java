package org.tegami.smtp.protocol;

/** MAIL BODY= values: 7BIT, 8BITMIME (RFC 6152), BINARYMIME (RFC 3030). */
public enum BodyType {
    SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME
}
