package org.tegami.imap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Properties;
import org.eclipse.angus.mail.imap.AppendUID;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Angus Mail (Jakarta Mail), the Java world's IMAP client, against a real server over IMAPS and STARTTLS. */
class AngusMailClientTest {

    private TestImapServer server;

    @BeforeEach
    void start() {
        server = new TestImapServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Session session() {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.trust", "*");
        props.put("mail.imaps.ssl.checkserveridentity", "false");
        props.put("mail.imap.ssl.trust", "*");
        props.put("mail.imap.ssl.checkserveridentity", "false");
        props.put("mail.debug", System.getProperty("mail.debug", "false"));
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        props.put("mail.imaps.timeout", "10000");
        props.put("mail.imap.timeout", "10000");
        return Session.getInstance(props);
    }

    private Store connect(String protocol, int port) throws MessagingException {
        Store store = session().getStore(protocol);
        store.connect("127.0.0.1", port, TestImapServer.USER, TestImapServer.PASSWORD);
        return store;
    }

    private MimeMessage message(Session session, String subject, boolean withAttachment) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("Carol Example <carol@example.net>"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.org");
        m.setSubject(subject, "UTF-8");
        if (withAttachment) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Bonjour, voilà le fichier.", "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(new byte[] {0, 1, 2, 3, (byte) 0xff}, "application/octet-stream");
            file.setFileName("data.bin");
            Multipart multipart = new MimeMultipart("mixed", text, file);
            m.setContent(multipart);
        } else {
            m.setText("Plain body for " + subject, "UTF-8");
        }
        m.saveChanges();
        return m;
    }

    @Test
    void imapsAppendFetchSearchFlagMoveAndDelete() throws Exception {
        Store store = connect("imaps", server.implicitTlsAddress().getPort());
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Session session = session();
            MimeMessage first = message(session, "Première réunion", false);
            MimeMessage second = message(session, "Report with attachment", true);
            AppendUID[] uids = inbox.appendUIDMessages(new Message[] {first, second});
            assertEquals(2, uids.length);
            assertEquals(uids[0].uid + 1, uids[1].uid);
            assertEquals(inbox.getUIDValidity(), uids[0].uidvalidity);
            assertEquals(2, inbox.getMessageCount());

            Message fetched = inbox.getMessageByUID(uids[0].uid);
            assertEquals("Première réunion", fetched.getSubject());
            assertEquals("carol@example.net", ((InternetAddress) fetched.getFrom()[0]).getAddress());
            assertEquals("Plain body for Première réunion", ((String) fetched.getContent()).trim());

            Message withFile = inbox.getMessageByUID(uids[1].uid);
            Multipart parts = (Multipart) withFile.getContent();
            assertEquals(2, parts.getCount());
            assertEquals("data.bin", parts.getBodyPart(1).getFileName());
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            parts.getBodyPart(1).getInputStream().transferTo(data);
            assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 0xff}, data.toByteArray());

            ByteArrayOutputStream original = new ByteArrayOutputStream();
            second.writeTo(original);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            withFile.writeTo(stored);
            assertArrayEquals(original.toByteArray(), stored.toByteArray());

            Message[] found = inbox.search(new SubjectTerm("attachment"));
            assertEquals(1, found.length);
            assertEquals(uids[1].uid, inbox.getUID(found[0]));

            inbox.setFlags(new Message[] {fetched}, new Flags(Flags.Flag.FLAGGED), true);
            fetched.setFlags(new Flags("$Label1"), true);
            assertTrue(inbox.getMessageByUID(uids[0].uid).isSet(Flags.Flag.FLAGGED));
            assertTrue(Arrays.asList(inbox.getMessageByUID(uids[0].uid).getFlags().getUserFlags()).contains("$Label1"));

            Folder projects = store.getFolder("Projects");
            assertTrue(projects.create(Folder.HOLDS_MESSAGES));
            inbox.moveMessages(new Message[] {withFile}, projects);
            // A separate Folder object asks the server (STATUS) instead of the open folder's cache.
            assertEquals(1, store.getFolder("INBOX").getMessageCount());
            assertEquals(1, projects.getMessageCount());

            fetched.setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);

            Folder[] all = store.getDefaultFolder().list("*");
            assertTrue(Arrays.stream(all).anyMatch(f -> f.getFullName().equals("Projects")));
            assertTrue(Arrays.stream(all).anyMatch(f -> f.getFullName().equals("Sent")));
            assertTrue(projects.delete(true));
        } finally {
            store.close();
        }
    }

    @Test
    void starttlsLoginOnTheCleartextPort() throws Exception {
        Store store = connect("imap", server.startTlsAddress().getPort());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThrows(AuthenticationFailedException.class, () -> {
            Store store = session().getStore("imaps");
            store.connect("127.0.0.1", server.implicitTlsAddress().getPort(), TestImapServer.USER, "wrong");
        });
    }

    @Test
    void uidFolderView() throws Exception {
        Store store = connect("imaps", server.implicitTlsAddress().getPort());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {message(session(), "one", false), message(session(), "two", false)});
            UIDFolder uidFolder = (UIDFolder) inbox;
            Message[] byUid = uidFolder.getMessagesByUID(1, UIDFolder.LASTUID);
            assertEquals(2, byUid.length);
            assertEquals("two", byUid[1].getSubject());
            inbox.close(false);
            inbox.open(Folder.READ_ONLY);
            assertEquals(3, uidFolder.getUIDNext());
            inbox.close(false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            store.close();
        }
    }
    /**
     * CONDSTORE and QRESYNC as Angus Mail uses them: open with {@link ResyncData#CONDSTORE} to learn
     * HIGHESTMODSEQ, then, after another client flagged one message and expunged another, reopen with the saved
     * UIDVALIDITY and MODSEQ: Angus reports the vanished UID and the changed message, and
     * {@code getMessagesByUIDChangedSince} (FETCH CHANGEDSINCE) finds only the changed one.
     */
    @Test
    void condstoreAndQresyncResyncData() throws Exception {
        long uidValidity;
        long modSeq;
        try (Store store = connect("imaps", server.implicitTlsAddress().getPort())) {
            assertTrue(((org.eclipse.angus.mail.imap.IMAPStore) store).hasCapability("QRESYNC"));
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {message(session(), "one", false), message(session(), "two", false),
                    message(session(), "three", false)});
            inbox.open(Folder.READ_WRITE, ResyncData.CONDSTORE);
            uidValidity = inbox.getUIDValidity();
            modSeq = inbox.getHighestModSeq();
            assertTrue(modSeq > 0);
            assertEquals(modSeq, ((IMAPMessage) inbox.getMessageByUID(3)).getModSeq());
            inbox.close(false);
        }
        try (Store other = connect("imaps", server.implicitTlsAddress().getPort())) {
            Folder inbox = other.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            ((UIDFolder) inbox).getMessageByUID(2).setFlag(Flags.Flag.FLAGGED, true);
            ((UIDFolder) inbox).getMessageByUID(3).setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        }
        try (Store store = connect("imaps", server.implicitTlsAddress().getPort())) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            List<MailEvent> events = inbox.open(Folder.READ_WRITE, new ResyncData(uidValidity, modSeq));
            long[] vanished = events.stream().filter(e -> e instanceof MessageVanishedEvent)
                    .flatMapToLong(e -> Arrays.stream(((MessageVanishedEvent) e).getUIDs())).toArray();
            assertArrayEquals(new long[] {3}, vanished);
            List<Long> changed = events.stream().filter(e -> e instanceof MessageChangedEvent)
                    .map(e -> {
                        try {
                            return inbox.getUID(((MessageChangedEvent) e).getMessage());
                        } catch (MessagingException x) {
                            throw new IllegalStateException(x);
                        }
                    }).toList();
            assertEquals(List.of(2L), changed);
            assertEquals(2, inbox.getMessageCount());
            IMAPMessage flagged = (IMAPMessage) inbox.getMessageByUID(2);
            assertTrue(flagged.isSet(Flags.Flag.FLAGGED));
            assertTrue(flagged.getModSeq() > modSeq);
            assertTrue(inbox.getHighestModSeq() > modSeq);
            Message[] since = inbox.getMessagesByUIDChangedSince(1, UIDFolder.MAXUID, modSeq);
            assertEquals(1, since.length);
            assertEquals(2, inbox.getUID(since[0]));
            inbox.close(false);
        }
    }
}
