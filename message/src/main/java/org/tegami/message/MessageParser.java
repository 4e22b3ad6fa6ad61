package org.tegami.message;

/**
 * Parses a stored message once, on arrival, into what FETCH and SEARCH need (Apache James mime4j).
 * Total: any byte sequence gives a result; malformed MIME is parsed as leniently as mail clients do.
 */
public final class MessageParser {
    private MessageParser() {
    }

    public static ParsedMessage parse(byte[] raw) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
