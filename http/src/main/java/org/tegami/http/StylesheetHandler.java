package org.tegami.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /setup.css}, the one stylesheet of the pages; a file rather than inline styles, so the
 * Content-Security-Policy needs no {@code 'unsafe-inline'}.
 */
final class StylesheetHandler implements EndpointHandler {

    private final byte[] stylesheet;

    StylesheetHandler() {
        try (InputStream in = StylesheetHandler.class.getResourceAsStream("setup.css")) {
            if (in == null) {
                throw new IllegalStateException("setup.css is missing from the module");
            }
            stylesheet = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Response handle(Request request) {
        return new Response(200, "text/css; charset=utf-8", java.util.Map.of(), stylesheet);
    }
}
