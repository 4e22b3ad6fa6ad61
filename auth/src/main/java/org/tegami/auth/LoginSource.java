package org.tegami.auth;

import java.net.InetAddress;
import org.tegami.store.LoginProtocol;

/** Where a login comes from: the protocol (which app passwords apply) and the client's address (for logs). */
public record LoginSource(LoginProtocol protocol, InetAddress address) {
}
