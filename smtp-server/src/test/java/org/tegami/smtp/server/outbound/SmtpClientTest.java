package org.tegami.smtp.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tegami.smtp.protocol.Reply;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SmtpClientTest {

    private static String stuffed(String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SmtpClient.writeDotStuffed(content.getBytes(StandardCharsets.UTF_8), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesStartingWithADotGetAnother() throws Exception {
        assertEquals("..a\r\nb.\r\n..\r\n...x\r\n", stuffed(".a\r\nb.\r\n.\r\n..x\r\n"));
    }

    @Test
    void contentIsEndedWithCrlf() throws Exception {
        assertEquals("a\r\n", stuffed("a"));
        assertEquals("a\r\n", stuffed("a\r"));
        assertEquals("\r\n", stuffed(""));
        assertEquals("..\r\n", stuffed("."));
    }

    /** Reads the reply a server sends as {@code wire}. */
    private static Reply replyFor(String wire) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(wire.getBytes(StandardCharsets.UTF_8));
                    s.shutdownOutput(); // the reply ends where the connection does
                } catch (IOException e) {
                    // the client is gone
                }
            });
            try (SmtpClient client = SmtpClient.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    Duration.ofSeconds(2), Duration.ofSeconds(2))) {
                return client.readReply();
            } finally {
                writer.join();
            }
        }
    }

    @Test
    void multiLineReplyWithEnhancedCodes() throws Exception {
        Reply reply = replyFor("550-5.1.1 The email account that you tried to reach\r\n550 5.1.1 does not exist\r\n");

        assertEquals(new Reply(550, "5.1.1", List.of("The email account that you tried to reach", "does not exist")),
                reply);
    }

    @Test
    void replyWithoutEnhancedCode() throws Exception {
        Reply reply = replyFor("220 mx.example.net ESMTP ready\r\n");

        assertEquals(220, reply.code());
        assertNull(reply.enhancedCode());
        assertEquals(List.of("mx.example.net ESMTP ready"), reply.lines());
    }

    @Test
    void anEnhancedCodeOfAnotherClassIsText() throws Exception {
        Reply reply = replyFor("451 5.0.0 odd\n");

        assertNull(reply.enhancedCode());
        assertEquals(List.of("5.0.0 odd"), reply.lines());
    }

    @Test
    void malformedRepliesAreErrors() {
        assertThrows(IOException.class, () -> replyFor("hello\r\n"));
        assertThrows(IOException.class, () -> replyFor("250-a\r\n251 b\r\n"));
        assertThrows(IOException.class, () -> replyFor("250-never ends\r\n"));
        assertThrows(IOException.class, () -> replyFor("250-x\r\n".repeat(SmtpClient.MAX_REPLY_LINES + 1)));
        assertThrows(IOException.class, () -> replyFor("250 " + "x".repeat(SmtpClient.MAX_REPLY_LINE_BYTES) + "\r\n"));
    }

    @Test
    void xtextEncodesPlusEqualsAndNonPrintables() {
        assertEquals("a+2Bb+3Dc+20d+C3+A9", SmtpDelivery.xtext("a+b=c dé"));
    }
}
