package org.tegami.connection;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers as a load balancer sends them, written out byte by byte from the
 * specification (independently of the decoder under test).
 */
public final class ProxyHeaders {
    /** Version 2 signature (spec §2.2). */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {
    }

    /** {@code PROXY TCP4|TCP6 source destination sport dport\r\n} (spec §2.1). */
    public static byte[] v1(String source, int sourcePort, String destination, int destinationPort) {
        String family = source.contains(":") ? "TCP6" : "TCP4";
        return ("PROXY " + family + " " + source + " " + destination + " " + sourcePort + " " + destinationPort + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A binary PROXY command over TCP/IPv4 or TCP/IPv6 (spec §2.2). */
    public static byte[] v2(String source, int sourcePort, String destination, int destinationPort) {
        try {
            InetAddress from = InetAddress.getByName(source);
            InetAddress to = InetAddress.getByName(destination);
            boolean v4 = from instanceof Inet4Address;
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes(V2_SIGNATURE);
            header.write(0x21); // version 2, PROXY
            header.write(v4 ? 0x11 : 0x21); // AF_INET or AF_INET6, STREAM
            int length = v4 ? 12 : 36;
            header.write(length >> 8);
            header.write(length & 0xff);
            header.writeBytes(from.getAddress());
            header.writeBytes(to.getAddress());
            header.write(sourcePort >> 8);
            header.write(sourcePort & 0xff);
            header.write(destinationPort >> 8);
            header.write(destinationPort & 0xff);
            return header.toByteArray();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A binary LOCAL command, as a balancer's health check sends it: no address (spec §2.2). */
    public static byte[] v2Local() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(V2_SIGNATURE);
        header.write(0x20); // version 2, LOCAL
        header.write(0x00); // AF_UNSPEC
        header.write(0);
        header.write(0);
        return header.toByteArray();
    }
}
