package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Element;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutodiscoverTest {

    private static final String OUTLOOK = AutodiscoverXmlHandler.OUTLOOK_SCHEMA;
    private static final String MOBILESYNC = AutodiscoverXmlHandler.MOBILESYNC_SCHEMA;

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theOutlookSchemaGetsImapAndSmtpOverTlsWithTheAddressAsLoginName() {
        Element account = outlookAccount(post("/autodiscover/autodiscover.xml", request(USER_ADDRESS, OUTLOOK)));
        assertEquals("email", Xml.text(account, "AccountType"));
        assertEquals("settings", Xml.text(account, "Action"));
        List<Element> protocols = Xml.children(account, "Protocol");
        assertEquals(2, protocols.size());
        assertProtocol(protocols.get(0), "IMAP", "10993");
        assertProtocol(protocols.get(1), "SMTP", "10465");
    }

    @Test
    void pathsAreMatchedInAnyCaseAsOutlookSendsThem() {
        Element account = outlookAccount(post("/AutoDiscover/AutoDiscover.xml", request(USER_ADDRESS, OUTLOOK)));
        assertProtocol(Xml.children(account, "Protocol").getFirst(), "IMAP", "10993");
    }

    @Test
    void theMobilesyncSchemaGetsProviderNotAvailable() {
        assertError(post("/autodiscover/autodiscover.xml", request(USER_ADDRESS, MOBILESYNC)), "601");
    }

    @Test
    void aBodyThatIsNotARequestGetsInvalidRequest() {
        assertError(post("/autodiscover/autodiscover.xml", "this is not xml"), "600");
        assertError(post("/autodiscover/autodiscover.xml", request("not an address", OUTLOOK)), "600");
    }

    @Test
    void aDoctypeIsRefused() {
        String withEntity = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>";
        assertError(post("/autodiscover/autodiscover.xml", withEntity), "600");
    }

    @Test
    void getIsNotAllowedOnThePoxEndpoint() {
        HttpResponse<String> response = server.get(server.httpsUri("/autodiscover/autodiscover.xml"));
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void jsonV1PointsToThePoxEndpoint() {
        HttpResponse<String> response = server.get(server.httpsUri(
                "/autodiscover/autodiscover.json?Email=alice%40example.org&Protocol=AutodiscoverV1"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        Map<String, String> json = FlatJson.parse(response.body());
        assertEquals("AutodiscoverV1", json.get("Protocol"));
        assertEquals("https://localhost:10443/autodiscover/autodiscover.xml", json.get("Url"));
    }

    @Test
    void jsonV1AlsoAnswersTheAddressInThePath() {
        HttpResponse<String> response = server.get(server.httpsUri(
                "/autodiscover/autodiscover.json/v1.0/alice@example.org?Protocol=AutodiscoverV1"));
        assertEquals(200, response.statusCode());
        assertEquals("AutodiscoverV1", FlatJson.parse(response.body()).get("Protocol"));
    }

    @Test
    void jsonWithAnotherProtocolIsA400WithAJsonError() {
        for (String query : List.of("?Email=alice%40example.org&Protocol=ActiveSync", "?Email=alice%40example.org")) {
            HttpResponse<String> response = server.get(server.httpsUri("/autodiscover/autodiscover.json" + query));
            assertEquals(400, response.statusCode());
            Map<String, String> json = FlatJson.parse(response.body());
            assertEquals("InvalidProtocol", json.get("ErrorCode"));
            assertTrue(json.get("ErrorMessage").contains("AutodiscoverV1"));
        }
    }

    private static final String USER_ADDRESS = TestHttpServer.USER;

    private static String request(String address, String schema) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request>
                    <EMailAddress>%s</EMailAddress>
                    <AcceptableResponseSchema>%s</AcceptableResponseSchema>
                  </Request>
                </Autodiscover>
                """.formatted(address, schema);
    }

    private HttpResponse<String> post(String path, String body) {
        return server.send(HttpRequest.newBuilder(server.httpsUri(path))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static Element outlookAccount(HttpResponse<String> response) {
        assertEquals(200, response.statusCode());
        Element root = Xml.parse(response.body()).getDocumentElement();
        assertEquals("Autodiscover", root.getLocalName());
        assertEquals(AutodiscoverXmlHandler.RESPONSE_SCHEMA, root.getNamespaceURI());
        Element answer = Xml.child(root, "Response");
        assertEquals(OUTLOOK, answer.getNamespaceURI());
        return Xml.child(answer, "Account");
    }

    private static void assertProtocol(Element protocol, String type, String port) {
        assertEquals(type, Xml.text(protocol, "Type"));
        assertEquals("localhost", Xml.text(protocol, "Server"));
        assertEquals(port, Xml.text(protocol, "Port"));
        assertEquals(USER_ADDRESS, Xml.text(protocol, "LoginName"));
        assertEquals("on", Xml.text(protocol, "SSL"));
        assertEquals("off", Xml.text(protocol, "SPA"));
        assertEquals("on", Xml.text(protocol, "AuthRequired"));
    }

    private static void assertError(HttpResponse<String> response, String code) {
        assertEquals(200, response.statusCode());
        Element root = Xml.parse(response.body()).getDocumentElement();
        Element error = Xml.child(Xml.child(root, "Response"), "Error");
        assertEquals(code, Xml.text(error, "ErrorCode"));
    }
}
