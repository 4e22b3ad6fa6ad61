package org.tegami.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or one address). */
public final class Network {
    private final byte[] prefix;
    private final int bits;
    private final String text;

    private Network(byte[] prefix, int bits, String text) {
        this.prefix = prefix;
        this.bits = bits;
        this.text = text;
    }

    /** Parses {@code address[/bits]}; the address must be a literal (no name is looked up). */
    public static Network parse(String cidr) {
        String trimmed = cidr.strip();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (literal.isEmpty() || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP network such as 192.0.2.0/24 or 2001:db8::/32");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP network such as 192.0.2.0/24", e);
        }
        int max = address.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0 to " + max);
            }
        }
        return new Network(mask(address, bits), bits, trimmed);
    }

    /** Whether the address lies in this network; an address of the other family never does. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == prefix.length && Arrays.equals(mask(candidate, bits), prefix);
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.clamp(bits - i * 8L, 0, 8);
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.bits == bits && Arrays.equals(n.prefix, prefix);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(prefix) * 31 + bits;
    }

    @Override
    public String toString() {
        return text;
    }
}
