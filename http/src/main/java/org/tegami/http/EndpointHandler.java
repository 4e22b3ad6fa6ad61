package org.tegami.http;

/**
 * One endpoint. Handlers run on a virtual thread (they may read the store), never on a Netty event loop, and
 * answer every request; an unexpected exception becomes a 500 in the dispatcher.
 */
interface EndpointHandler {
    Response handle(Request request);
}
