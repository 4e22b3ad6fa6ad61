package org.tegami.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Just enough of an IMAP server on a loopback port to be diagnosed: a greeting, CAPABILITY and
 * LOGOUT, either in clear text or over TLS with a certificate the test chooses.
 */
final class FakeImapServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    private FakeImapServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = Thread.ofVirtual().name("fake-imap").start(this::accept);
    }

    /** Speaks IMAP in clear text, as if someone pointed the IMAPS port at the STARTTLS listener. */
    static FakeImapServer plain() throws IOException {
        return new FakeImapServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Speaks IMAP over TLS with a self-signed certificate for {@code name}, valid from {@code from} to {@code until}. */
    static FakeImapServer tls(String name, Instant from, Instant until) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(until), subject, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] password = "test".toCharArray();
        keyStore.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        ServerSocket server = context.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeImapServer(server);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            write(out, "* OK fake IMAP ready");
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.split(" ", 3);
                String tag = words[0];
                String command = words.length > 1 ? words[1] : "";
                if (command.equalsIgnoreCase("CAPABILITY")) {
                    write(out, "* CAPABILITY IMAP4rev1 AUTH=PLAIN");
                    write(out, tag + " OK done");
                } else if (command.equalsIgnoreCase("LOGOUT")) {
                    write(out, "* BYE bye");
                    write(out, tag + " OK done");
                    return;
                } else {
                    write(out, tag + " BAD not here");
                }
            }
        } catch (IOException e) {
            // the client hung up, as the doctor does after a failed handshake
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join();
    }
}
