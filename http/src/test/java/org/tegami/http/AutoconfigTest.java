package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoconfigTest {

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void answersImapAndSmtpWithImplicitTlsFirstThenStartTls() {
        HttpResponse<String> response = server.get(server.httpsUri(
                "/mail/config-v1.1.xml?emailaddress=alice%40example.org"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
        Element provider = provider(response.body());
        assertEquals("example.org", provider.getAttribute("id"));

        List<Element> incoming = Xml.children(provider, "incomingServer");
        assertEquals(2, incoming.size());
        assertServer(incoming.get(0), "imap", "10993", "SSL");
        assertServer(incoming.get(1), "imap", "10143", "STARTTLS");
        List<Element> outgoing = Xml.children(provider, "outgoingServer");
        assertEquals(2, outgoing.size());
        assertServer(outgoing.get(0), "smtp", "10465", "SSL");
        assertServer(outgoing.get(1), "smtp", "10587", "STARTTLS");
    }

    @Test
    void listsEveryLocalDomainWithTheAskedOneFirst() {
        Element provider = provider(server.get(server.httpsUri(
                "/mail/config-v1.1.xml?emailaddress=alice%40example.org")).body());
        List<String> domains = Xml.children(provider, "domain").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("example.org", "example.net"), domains);
    }

    @Test
    void withoutAnAddressFallsBackToTheFirstLocalDomain() {
        HttpResponse<String> response = server.get(server.httpsUri("/mail/config-v1.1.xml"));
        assertEquals(200, response.statusCode());
        Element provider = provider(response.body());
        assertEquals("example.net", provider.getAttribute("id"));
        assertServer(Xml.children(provider, "incomingServer").getFirst(), "imap", "10993", "SSL");
    }

    @Test
    void anAddressOfAnotherDomainGetsTheSameSettingsUnderALocalDomain() {
        Element provider = provider(server.get(server.httpsUri(
                "/mail/config-v1.1.xml?emailaddress=someone%40elsewhere.test")).body());
        assertEquals("example.net", provider.getAttribute("id"));
    }

    @Test
    void theDomainComesFromTheAutoconfigHostNameWhenNoAddressIsGiven() {
        try (RawHttp connection = new RawHttp(server.httpAddress())) {
            RawHttp.Reply reply = connection.exchange("GET /mail/config-v1.1.xml HTTP/1.1\r\n"
                    + "Host: autoconfig.example.org\r\n\r\n");
            assertEquals(200, reply.status());
            assertEquals("example.org", provider(reply.body()).getAttribute("id"));
        }
    }

    @Test
    void theWellKnownPathAnswersTheSame() {
        HttpResponse<String> response = server.get(server.httpsUri(
                "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=alice%40example.org"));
        assertEquals(200, response.statusCode());
        Element provider = provider(response.body());
        assertEquals("example.org", provider.getAttribute("id"));
        assertServer(Xml.children(provider, "outgoingServer").getFirst(), "smtp", "10465", "SSL");
    }

    @Test
    void isServedOverPlainHttpWithoutRedirect() {
        for (String path : List.of("/mail/config-v1.1.xml?emailaddress=alice%40example.org",
                "/.well-known/autoconfig/mail/config-v1.1.xml")) {
            HttpResponse<String> response = server.get(server.httpUri(path));
            assertEquals(200, response.statusCode(), path);
            assertEquals("clientConfig", Xml.parse(response.body()).getDocumentElement().getTagName());
            assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
        }
    }

    private static Element provider(String body) {
        Document document = Xml.parse(body);
        assertEquals("clientConfig", document.getDocumentElement().getTagName());
        assertEquals("1.1", document.getDocumentElement().getAttribute("version"));
        return Xml.child(document.getDocumentElement(), "emailProvider");
    }

    private static void assertServer(Element server, String type, String port, String socketType) {
        assertEquals(type, server.getAttribute("type"));
        assertEquals("localhost", Xml.text(server, "hostname"));
        assertEquals(port, Xml.text(server, "port"));
        assertEquals(socketType, Xml.text(server, "socketType"));
        assertEquals("password-cleartext", Xml.text(server, "authentication"));
        assertEquals("%EMAILADDRESS%", Xml.text(server, "username"));
    }
}
