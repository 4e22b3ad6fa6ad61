package org.tegami.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two things of a TLS ClientHello that decide which certificate a connection gets: the server name
 * the client asked for (SNI, RFC 6066 §3) and the application protocols it offers (ALPN, RFC 7301 §3.1),
 * which tell an ACME TLS-ALPN-01 validation ({@code acme-tls/1}, RFC 8737 §3) from a mail client.
 *
 * @param serverName the requested host name, lower case and without a trailing dot
 * @param protocols  the offered ALPN protocol names, in the client's order
 */
public record ClientHello(Optional<String> serverName, List<String> protocols) {

    /** RFC 8737 §4: the ALPN protocol name of the TLS-ALPN-01 challenge. */
    public static final String ACME_TLS_PROTOCOL = "acme-tls/1";

    /** What a connection without a (readable) ClientHello asks for: nothing. */
    public static final ClientHello NONE = new ClientHello(Optional.empty(), List.of());

    private static final int SERVER_NAME_EXTENSION = 0;
    private static final int ALPN_EXTENSION = 16;
    private static final int HOST_NAME_TYPE = 0;

    public ClientHello {
        protocols = List.copyOf(protocols);
    }

    /** Whether this is an ACME server validating a TLS-ALPN-01 challenge (it offers only acme-tls/1). */
    public boolean isAcmeChallenge() {
        // RFC 8737 §3: the ACME server offers "acme-tls/1" and no other protocol, and sends SNI.
        return serverName.isPresent() && protocols.equals(List.of(ACME_TLS_PROTOCOL));
    }

    /**
     * Reads the body of a ClientHello handshake message (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), starting at
     * {@code legacy_version}, without moving the buffer's indexes. Anything malformed yields {@link #NONE}:
     * the TLS engine then rejects the handshake with the proper alert.
     */
    public static ClientHello parse(ByteBuf body) {
        if (body == null) {
            return NONE;
        }
        try {
            return read(body.duplicate());
        } catch (IndexOutOfBoundsException | MalformedException malformed) {
            return NONE;
        }
    }

    private static ClientHello read(ByteBuf in) {
        in.skipBytes(2 + 32);                       // legacy_version, random
        in.skipBytes(in.readUnsignedByte());        // legacy_session_id<0..32>
        in.skipBytes(in.readUnsignedShort());       // cipher_suites<2..2^16-2>
        in.skipBytes(in.readUnsignedByte());        // legacy_compression_methods<1..2^8-1>
        if (!in.isReadable()) {
            return NONE;                            // a TLS 1.2 ClientHello may have no extensions at all
        }
        ByteBuf extensions = in.readSlice(in.readUnsignedShort());
        Optional<String> serverName = Optional.empty();
        List<String> protocols = List.of();
        while (extensions.isReadable()) {
            int type = extensions.readUnsignedShort();
            ByteBuf data = extensions.readSlice(extensions.readUnsignedShort());
            if (type == SERVER_NAME_EXTENSION) {
                serverName = hostName(data);
            } else if (type == ALPN_EXTENSION) {
                protocols = protocolNames(data);
            }
        }
        return new ClientHello(serverName, protocols);
    }

    /** RFC 6066 §3: a ServerNameList; only the host_name entry (type 0) is defined. */
    private static Optional<String> hostName(ByteBuf data) {
        ByteBuf list = data.readSlice(data.readUnsignedShort());
        while (list.isReadable()) {
            int nameType = list.readUnsignedByte();
            ByteBuf name = list.readSlice(list.readUnsignedShort());
            if (nameType == HOST_NAME_TYPE) {
                String host = name.toString(StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                // RFC 6066 §3: "The hostname is represented ... without a trailing dot."; be lenient.
                if (host.endsWith(".")) {
                    host = host.substring(0, host.length() - 1);
                }
                if (host.isEmpty()) {
                    throw new MalformedException();
                }
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    /** RFC 7301 §3.1: a ProtocolNameList of non-empty 8-bit-length strings. */
    private static List<String> protocolNames(ByteBuf data) {
        ByteBuf list = data.readSlice(data.readUnsignedShort());
        List<String> names = new ArrayList<>();
        while (list.isReadable()) {
            int length = list.readUnsignedByte();
            if (length == 0) {
                throw new MalformedException();
            }
            names.add(list.readSlice(length).toString(StandardCharsets.US_ASCII));
        }
        return names;
    }

    private static final class MalformedException extends RuntimeException {
        MalformedException() {
            super(null, null, false, false);
        }
    }
}
