package org.tegami.server.doctor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether a TCP port is reachable, and if not, which of the usual reasons it is: nothing listens
 * (the host answers with a reset), a firewall drops the packets (no answer at all), or there is no
 * route to the host.
 */
public final class PortCheck {

    private final Duration timeout;

    public PortCheck(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connects to the first address that answers; on failure reports why the first address failed. */
    Optional<Socket> connect(String host, List<InetAddress> addresses, Service service, Diagnosis diagnosis) {
        IOException first = null;
        InetAddress firstAddress = null;
        for (InetAddress address : addresses) {
            try {
                Socket socket = open(address, service.port());
                diagnosis.add(CheckResult.ok("port " + service.port(), service.label() + " on " + host + " ("
                        + address.getHostAddress() + ") accepts connections"));
                return Optional.of(socket);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                    firstAddress = address;
                }
            }
        }
        if (first != null) {
            diagnosis.add(failure(host, firstAddress, service, first));
        }
        return Optional.empty();
    }

    /** A connected socket whose reads time out like its connect, so no check can hang. */
    Socket open(InetAddress address, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), Math.toIntExact(timeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private CheckResult failure(String host, InetAddress address, Service service, IOException error) {
        int port = service.port();
        String where = " of " + host + " (" + address.getHostAddress() + ")";
        String check = "port " + port;
        return switch (error) {
            // A reset means the host is up and no firewall dropped the packet: nobody is listening.
            case ConnectException e when String.valueOf(e.getMessage()).contains("refused") ->
                    CheckResult.fail(check, "nothing listens on port " + port + where,
                            "start the mail server, or enable its " + service.label() + " listener (on Tegami: "
                                    + service.tegamiListener() + " enabled = true; with --port-offset the port moves)");
            // No answer at all within the timeout: the usual sign of a firewall that drops packets.
            case SocketTimeoutException e -> CheckResult.fail(check, "no answer from port " + port + where + " within "
                            + timeout.toSeconds() + " s: a firewall may be blocking port " + port,
                    "open TCP port " + port + " in the server's firewall and the provider's security group");
            case NoRouteToHostException e -> CheckResult.fail(check, "no route to " + host + " ("
                            + address.getHostAddress() + ") for port " + port + ": " + e.getMessage(),
                    "check the address in DNS and that a firewall does not reject port " + port);
            default -> CheckResult.fail(check, "cannot connect to port " + port + where + ": " + error.getMessage(),
                    "check the address in DNS and that the server is up");
        };
    }
}
