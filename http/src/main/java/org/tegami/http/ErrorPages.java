package org.tegami.http;

import java.util.Set;
import java.util.TreeSet;

/** The small HTML pages of error statuses; they never echo request data. */
final class ErrorPages {
    private ErrorPages() {
    }

    static Response page(int status, String title, String text) {
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$d %2$s</title><link rel="stylesheet" href="/setup.css"></head>
                <body><main><h1>%1$d %2$s</h1><p>%3$s</p><p><a href="/">Mail setup</a></p></main></body>
                </html>
                """.formatted(status, Markup.escape(title), Markup.escape(text));
        return Response.of(status, Response.HTML, html);
    }

    static Response notFound() {
        return page(404, "Not Found", "There is nothing at this address.");
    }

    /** RFC 9110 §15.5.6: a 405 names the allowed methods. */
    static Response methodNotAllowed(Set<String> allowed) {
        return page(405, "Method Not Allowed", "This address does not accept that method.")
                .withHeader("Allow", String.join(", ", new TreeSet<>(allowed)));
    }

    static Response badRequest(String text) {
        return page(400, "Bad Request", text);
    }

    static Response serverError() {
        return page(500, "Internal Server Error", "Something went wrong on the server.");
    }
}
