package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Many pipelined commands in one write are all answered, in order, while input reading is throttled. */
class PipeliningTest {

    @Test
    void aThousandPipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (TestImapServer server = new TestImapServer();
             ImapTestClient client = ImapTestClient.tls(server.implicitTlsAddress())) {
            client.readLine();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                burst.append("n").append(i).append(" NOOP\r\n");
            }
            client.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                assertEquals("n" + i + " OK NOOP completed", client.readLine());
            }
        }
    }
}
