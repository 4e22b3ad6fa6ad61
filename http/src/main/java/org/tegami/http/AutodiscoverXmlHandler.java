package org.tegami.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Outlook's POX Autodiscover ([MS-OXDSCLI] §2.2.3/§2.2.4): {@code POST /autodiscover/autodiscover.xml} with the
 * address and the acceptable response schema.
 * <ul>
 *   <li>the "outlook" schema (or none) → an Account with an IMAP (993, SSL) and an SMTP (465, SSL) Protocol, the
 *       address as LoginName;</li>
 *   <li>the "mobilesync" schema (Exchange ActiveSync, which this server does not speak) and any other schema → the
 *       error response ErrorCode 601 "Provider is not available", so the device falls back to manual IMAP setup
 *       instead of trying ActiveSync;</li>
 *   <li>a body that is not such a request, or without a valid address → ErrorCode 600 "Invalid Request".</li>
 * </ul>
 * Errors are answered with status 200 and the error document, as Exchange does: clients read the document.
 */
final class AutodiscoverXmlHandler implements EndpointHandler {

    static final String REQUEST_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    static final String RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_SCHEMA =
            "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    static final String MOBILESYNC_SCHEMA =
            "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

    private final ClientSettings client;

    AutodiscoverXmlHandler(ClientSettings client) {
        this.client = client;
    }

    @Override
    public Response handle(Request request) {
        Document document = parse(request.body()).orElse(null);
        if (document == null) {
            return error(600, "Invalid Request");
        }
        Optional<EmailAddress> address = text(document, "EMailAddress").flatMap(EmailAddress::parse);
        String schema = text(document, "AcceptableResponseSchema").orElse(OUTLOOK_SCHEMA);
        if (address.isEmpty()) {
            return error(600, "Invalid Request");
        }
        if (!schema.equals(OUTLOOK_SCHEMA)) {
            return error(601, "Provider is not available");
        }
        return Response.ok(Response.XML, outlookResponse(address.get().toString()));
    }

    private String outlookResponse(String address) {
        String login = Markup.escape(address);
        String host = Markup.escape(client.hostname());
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="%s">
                  <Response xmlns="%s">
                    <User>
                      <DisplayName>%s</DisplayName>
                    </User>
                    <Account>
                      <AccountType>email</AccountType>
                      <Action>settings</Action>
                      <Protocol>
                        <Type>IMAP</Type>
                        <Server>%s</Server>
                        <Port>%d</Port>
                        <DomainRequired>off</DomainRequired>
                        <LoginName>%s</LoginName>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <AuthRequired>on</AuthRequired>
                      </Protocol>
                      <Protocol>
                        <Type>SMTP</Type>
                        <Server>%s</Server>
                        <Port>%d</Port>
                        <DomainRequired>off</DomainRequired>
                        <LoginName>%s</LoginName>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <AuthRequired>on</AuthRequired>
                        <UsePOPAuth>off</UsePOPAuth>
                        <SMTPLast>off</SMTPLast>
                      </Protocol>
                    </Account>
                  </Response>
                </Autodiscover>
                """.formatted(RESPONSE_SCHEMA, OUTLOOK_SCHEMA, login, host, client.imapsPort(), login, host,
                client.submissionsPort(), login);
    }

    /** [MS-OXDSCLI] §2.2.4.2.1.1: the generic error response. */
    private static Response error(int code, String message) {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="%s">
                  <Response>
                    <Error>
                      <ErrorCode>%d</ErrorCode>
                      <Message>%s</Message>
                      <DebugData />
                    </Error>
                  </Response>
                </Autodiscover>
                """.formatted(RESPONSE_SCHEMA, code, Markup.escape(message));
        return Response.ok(Response.XML, xml);
    }

    private static Optional<String> text(Document document, String localName) {
        NodeList nodes = document.getElementsByTagNameNS(REQUEST_SCHEMA, localName);
        if (nodes.getLength() == 0) {
            // Some clients omit the namespace; accept the element by its name alone.
            nodes = document.getElementsByTagNameNS("*", localName);
        }
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of(nodes.item(0).getTextContent().strip());
    }

    /** Parses without DTDs or external entities: the body comes from anyone (OWASP XXE prevention). */
    private static Optional<Document> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return Optional.of(builder.parse(new ByteArrayInputStream(body)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }
}
