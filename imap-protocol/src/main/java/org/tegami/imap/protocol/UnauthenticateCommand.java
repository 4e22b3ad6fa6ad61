package org.tegami.imap.protocol;

/** UNAUTHENTICATE (RFC 8437 §3): back to the not-authenticated state, keeping the connection and its TLS. */
public record UnauthenticateCommand(String tag) implements ImapCommand {
}
