package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tegami.store.AccountId;
import org.tegami.store.Quota;

/**
 * QUOTA (RFC 9208) over TLS with limits set as the administrator sets them: APPEND exactly at the storage limit
 * passes and one octet over is refused with OVERQUOTA; MULTIAPPEND is all or nothing; COPY over the message
 * limit is refused while MOVE within the account passes; GETQUOTA, GETQUOTAROOT and STATUS DELETED-STORAGE
 * report the account's one root.
 */
class QuotaTest {

    private TestImapServer server;
    private ImapTestClient client;
    private AccountId alice;

    @BeforeEach
    void start() throws IOException {
        server = new TestImapServer();
        alice = server.store().accounts().findAccount(TestImapServer.USER).orElseThrow().id();
        client = ImapTestClient.tls(server.implicitTlsAddress());
        client.readLine();
        ok(client.command("l", "LOGIN " + TestImapServer.USER + " \"" + TestImapServer.PASSWORD + "\""));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private static List<String> ok(List<String> lines) {
        assertTrue(lines.getLast().matches("^\\S+ OK.*"), lines.toString());
        return lines;
    }

    /** A message of exactly {@code octets} octets. */
    private static byte[] message(String subject, int octets) {
        String head = "Subject: " + subject + "\r\n\r\n";
        assertTrue(octets >= head.length() + 2);
        return (head + "a".repeat(octets - head.length() - 2) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private List<String> append(String tag, String mailbox, byte[]... messages) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes((tag + " APPEND " + mailbox).getBytes(StandardCharsets.US_ASCII));
        for (byte[] m : messages) {
            command.writeBytes((" {" + m.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(m);
        }
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        client.sendRaw(command.toByteArray());
        return client.readUntilTagged(tag);
    }

    private long usedOctets() {
        return server.store().accounts().quotaUsage(alice).storageBytes();
    }

    @Test
    void anAppendExactlyAtTheLimitPassesAndOneOctetOverIsRefused() throws IOException {
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(usedOctets() + 3000, 0)));
        ok(append("a1", "INBOX", message("first", 1000)));
        List<String> over = append("a2", "INBOX", message("second", 2001));
        assertEquals("a2 NO [OVERQUOTA] Quota exceeded", over.getLast());
        assertEquals(1000, usedOctets() - (server.store().accounts().quota(alice).storageBytes() - 3000));
        ok(append("a3", "INBOX", message("second", 2000)));
        assertEquals(server.store().accounts().quota(alice).storageBytes(), usedOctets());
        assertEquals("a4 NO [OVERQUOTA] Quota exceeded", append("a4", "INBOX", message("third", 20)).getLast());
    }

    @Test
    void aMultiappendOverTheMessageLimitStoresNothing() throws IOException {
        long before = server.store().accounts().quotaUsage(alice).messages();
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(0, before + 2)));
        List<String> over = append("a1", "INBOX", message("one", 100), message("two", 100), message("three", 100));
        assertEquals("a1 NO [OVERQUOTA] Quota exceeded", over.getLast());
        assertEquals(before, server.store().accounts().quotaUsage(alice).messages());
        ok(append("a2", "INBOX", message("one", 100), message("two", 100)));
    }

    @Test
    void aCopyOverTheLimitIsRefusedAndAMoveWithinTheAccountPasses() throws IOException {
        ok(client.command("c", "CREATE Kept"));
        ok(append("a1", "INBOX", message("one", 100), message("two", 100)));
        long messages = server.store().accounts().quotaUsage(alice).messages();
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(0, messages)));
        ok(client.command("s", "SELECT INBOX"));
        assertEquals("k1 NO [OVERQUOTA] Quota exceeded", client.command("k1", "COPY 1 Kept").getLast());
        assertEquals("k2 NO [OVERQUOTA] Quota exceeded", client.command("k2", "UID COPY 1:* Kept").getLast());
        List<String> moved = ok(client.command("m", "MOVE 1 Kept"));
        assertTrue(moved.contains("* 1 EXPUNGE"), moved.toString());
        assertEquals(messages, server.store().accounts().quotaUsage(alice).messages());
        assertEquals(List.of("* STATUS Kept (MESSAGES 1)", "t OK STATUS completed"),
                client.command("t", "STATUS Kept (MESSAGES)"));
    }

    @Test
    void getQuotaAndGetQuotaRootReportTheAccountsOneRoot() throws IOException {
        ok(append("a1", "INBOX", message("one", 1500), message("two", 100)));
        long octets = usedOctets();
        long messages = server.store().accounts().quotaUsage(alice).messages();
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(10 * 1024, 50)));
        String quota = "* QUOTA \"\" (STORAGE " + Math.ceilDiv(octets, 1024) + " 10 MESSAGE " + messages + " 50)";
        assertEquals(List.of("* QUOTAROOT INBOX \"\"", quota, "r OK GETQUOTAROOT completed"),
                client.command("r", "GETQUOTAROOT inbox"));
        assertEquals(List.of(quota, "q OK GETQUOTA completed"), client.command("q", "GETQUOTA \"\""));
        assertEquals("q2 NO [NONEXISTENT] No such quota root", client.command("q2", "GETQUOTA other").getLast());
        assertEquals("r2 NO [NONEXISTENT] No such mailbox", client.command("r2", "GETQUOTAROOT Nowhere").getLast());
        assertEquals("s NO [NOPERM] Quotas are set by the administrator",
                client.command("s", "SETQUOTA \"\" (STORAGE 1000000)").getLast());
        assertEquals(new Quota(10 * 1024, 50), server.store().accounts().quota(alice));

        // Only the limited resource is listed; without any limit the mailbox has no quota root.
        server.store().accounts().setOwnQuota(alice, Optional.of(new Quota(0, 50)));
        assertEquals(List.of("* QUOTAROOT INBOX \"\"", "* QUOTA \"\" (MESSAGE " + messages + " 50)",
                "r3 OK GETQUOTAROOT completed"), client.command("r3", "GETQUOTAROOT INBOX"));
        server.store().accounts().setOwnQuota(alice, Optional.of(Quota.UNLIMITED));
        assertEquals(List.of("* QUOTAROOT INBOX", "r4 OK GETQUOTAROOT completed"),
                client.command("r4", "GETQUOTAROOT INBOX"));
        assertEquals("q3 NO [NONEXISTENT] No such quota root", client.command("q3", "GETQUOTA \"\"").getLast());
    }

    @Test
    void statusDeletedStorageCountsTheMessagesAnExpungeWouldRemove() throws IOException {
        ok(client.command("c", "CREATE Work"));
        ok(append("a1", "Work", message("one", 1500), message("two", 100), message("three", 3000)));
        assertEquals(List.of("* STATUS Work (DELETED 0 DELETED-STORAGE 0)", "t1 OK STATUS completed"),
                client.command("t1", "STATUS Work (DELETED DELETED-STORAGE)"));
        ok(client.command("s", "SELECT Work"));
        ok(client.command("f", "STORE 1:2 +FLAGS.SILENT (\\Deleted)"));
        // 1600 octets are 2 units of 1024, rounded up.
        assertEquals(List.of("* STATUS Work (DELETED 2 DELETED-STORAGE 2)", "t2 OK STATUS completed"),
                client.command("t2", "STATUS Work (DELETED DELETED-STORAGE)"));
    }
}
