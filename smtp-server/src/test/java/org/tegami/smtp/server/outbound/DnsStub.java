package org.tegami.smtp.server.outbound;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server on a loopback UDP port that answers from records the test configures: MX for outbound
 * delivery, and SRV and CNAME for the doctor's checks. Shared with the server's tests (test-jar).
 */
public final class DnsStub implements AutoCloseable {

    private static final long TTL = 60;

    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Thread server;

    public DnsStub() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = Thread.ofVirtual().name("dns-stub").start(this::serve);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public DnsStub mx(String domain, int preference, String target) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, preference, name(target)));
    }

    /** RFC 7505: "MX 0 .". */
    public DnsStub nullMx(String domain) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, 0, Name.root));
    }

    public DnsStub a(String host, String address) {
        return add(new ARecord(name(host), DClass.IN, TTL, InetAddress.ofLiteral(address)));
    }

    public DnsStub aaaa(String host, String address) {
        return add(new AAAARecord(name(host), DClass.IN, TTL, InetAddress.ofLiteral(address)));
    }

    public DnsStub srv(String name, int priority, int port, String target) {
        return add(new SRVRecord(name(name), DClass.IN, TTL, priority, 1, port, name(target)));
    }

    public DnsStub cname(String alias, String target) {
        return add(new CNAMERecord(name(alias), DClass.IN, TTL, name(target)));
    }

    /** Questions about this name get SERVFAIL. */
    public DnsStub servfail(String domain) {
        servfail.add(name(domain));
        return this;
    }

    /** Questions about this name get no answer at all (the resolver times out). */
    public DnsStub silent(String domain) {
        silent.add(name(domain));
        return this;
    }

    private DnsStub add(Record record) {
        records.computeIfAbsent(record.getName(), n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                if (question == null || silent.contains(question.getName())) {
                    continue;
                }
                byte[] answer = answer(query, question).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query, Record question) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (servfail.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        List<Record> known = records.get(name);
        if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        List<Record> matching = new ArrayList<>();
        for (Record r : known) {
            // A CNAME answers every question about its name, as a real server's would (RFC 1034 §3.6.2).
            if (r.getType() == question.getType() || question.getType() == Type.ANY || r.getType() == Type.CNAME) {
                matching.add(r);
            }
        }
        matching.forEach(r -> response.addRecord(r, Section.ANSWER));
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
