package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppleProfileTest {

    private final TestHttpServer server = new TestHttpServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void isAnAttachmentOfTheAppleMediaType() {
        HttpResponse<String> response = fetch("alice%40example.org");
        assertEquals(200, response.statusCode());
        assertEquals("application/x-apple-aspen-config", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"alice@example.org.mobileconfig\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void holdsAConfigurationWithOneManagedMailPayload() {
        Map<String, Object> profile = plist(fetch("alice%40example.org").body());
        assertEquals("Configuration", profile.get("PayloadType"));
        assertEquals(1L, profile.get("PayloadVersion"));
        UUID.fromString((String) profile.get("PayloadUUID"));
        assertTrue(((String) profile.get("PayloadIdentifier")).startsWith("localhost.mail."));

        List<?> content = (List<?>) profile.get("PayloadContent");
        assertEquals(1, content.size());
        Map<?, ?> mail = (Map<?, ?>) content.getFirst();
        assertEquals("com.apple.mail.managed", mail.get("PayloadType"));
        assertEquals("EmailTypeIMAP", mail.get("EmailAccountType"));
        assertEquals("alice@example.org", mail.get("EmailAddress"));
        assertEquals("localhost", mail.get("IncomingMailServerHostName"));
        assertEquals(10993L, mail.get("IncomingMailServerPortNumber"));
        assertEquals(true, mail.get("IncomingMailServerUseSSL"));
        assertEquals("alice@example.org", mail.get("IncomingMailServerUsername"));
        assertEquals("EmailAuthPassword", mail.get("IncomingMailServerAuthentication"));
        assertEquals("localhost", mail.get("OutgoingMailServerHostName"));
        assertEquals(10465L, mail.get("OutgoingMailServerPortNumber"));
        assertEquals(true, mail.get("OutgoingMailServerUseSSL"));
        assertEquals("alice@example.org", mail.get("OutgoingMailServerUsername"));
        assertEquals("EmailAuthPassword", mail.get("OutgoingMailServerAuthentication"));
        assertEquals(true, mail.get("OutgoingPasswordSameAsIncomingPassword"));
        assertFalse(mail.containsKey("IncomingPassword"));
        assertFalse(mail.containsKey("OutgoingPassword"));
        UUID.fromString((String) mail.get("PayloadUUID"));
        assertNotEquals(profile.get("PayloadUUID"), mail.get("PayloadUUID"));
    }

    @Test
    void identifiersAreStablePerAddressAndDifferBetweenAddresses() {
        Map<String, Object> first = plist(fetch("alice%40example.org").body());
        Map<String, Object> again = plist(fetch("alice%40example.org").body());
        Map<String, Object> other = plist(fetch("bob%40example.org").body());
        assertEquals(first.get("PayloadUUID"), again.get("PayloadUUID"));
        assertEquals(first.get("PayloadIdentifier"), again.get("PayloadIdentifier"));
        assertEquals(mailPayload(first).get("PayloadUUID"), mailPayload(again).get("PayloadUUID"));
        assertNotEquals(first.get("PayloadUUID"), other.get("PayloadUUID"));
        assertNotEquals(first.get("PayloadIdentifier"), other.get("PayloadIdentifier"));
        assertNotEquals(mailPayload(first).get("PayloadUUID"), mailPayload(other).get("PayloadUUID"));
    }

    @Test
    void markupInTheAddressIsEscaped() {
        // Dot-atom text allows & and ' ; the plist must still parse and carry them verbatim.
        Map<String, Object> profile = plist(fetch("o'neil%26co%40example.org").body());
        assertEquals("o'neil&co@example.org", mailPayload(profile).get("EmailAddress"));
    }

    @Test
    void withoutAValidAddressIsABadRequest() {
        assertEquals(400, server.get(server.httpsUri("/apple/profile.mobileconfig")).statusCode());
        assertEquals(400, fetch("%3Cscript%3E%40example.org").statusCode());
    }

    private HttpResponse<String> fetch(String encodedAddress) {
        return server.get(server.httpsUri("/apple/profile.mobileconfig?emailaddress=" + encodedAddress));
    }

    private static Map<?, ?> mailPayload(Map<String, Object> profile) {
        return (Map<?, ?>) ((List<?>) profile.get("PayloadContent")).getFirst();
    }

    /** Reads the top-level dict of a property list (Apple's plist DTD: dict, array, string, integer, true, false). */
    private static Map<String, Object> plist(String xml) {
        Document document = Xml.parse(xml);
        assertEquals("plist", document.getDocumentElement().getTagName());
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value(Xml.child(document.getDocumentElement(), "dict"));
        return dict;
    }

    private static Object value(Element element) {
        return switch (element.getTagName()) {
            case "string" -> element.getTextContent();
            case "integer" -> Long.parseLong(element.getTextContent().strip());
            case "true" -> true;
            case "false" -> false;
            case "array" -> {
                List<Object> items = new ArrayList<>();
                for (Element item : elements(element)) {
                    items.add(value(item));
                }
                yield items;
            }
            case "dict" -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                List<Element> children = elements(element);
                for (int i = 0; i < children.size(); i += 2) {
                    assertEquals("key", children.get(i).getTagName());
                    Object previous = entries.put(children.get(i).getTextContent(), value(children.get(i + 1)));
                    assertEquals(null, previous, "duplicate key " + children.get(i).getTextContent());
                }
                yield entries;
            }
            default -> throw new AssertionError("unexpected plist element " + element.getTagName());
        };
    }

    private static List<Element> elements(Element parent) {
        List<Element> found = new ArrayList<>();
        for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                found.add(element);
            }
        }
        return found;
    }
}
