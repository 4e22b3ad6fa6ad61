package org.tegami.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of every workload: {@code --quick} ones for development (the whole comparison in under
 * three minutes), full ones for the published run. Fields may be overridden one by one.
 *
 * @param seconds          measured time of each timed workload, in seconds
 * @param steadyClients    the client counts {@code steady} runs with, one run per count
 * @param sessionClients   clients of {@code sessions}
 * @param appendClients    clients of {@code append-durable}
 * @param handshakeClients clients of {@code tls-handshakes}
 * @param idleSessions     K of {@code idle-scale}
 * @param sessionsPerAddress sessions per loopback source address in {@code idle-scale}
 * @param bigMessages      messages in the big mailbox
 * @param perClient        messages in each per-client INBOX
 * @param submissionClients clients of {@code submission}
 * @param bigRepeats       times each big-mailbox operation runs per round (the median is kept)
 */
record Profile(double seconds, List<Integer> steadyClients, int sessionClients, int appendClients,
               int handshakeClients, int idleSessions, int sessionsPerAddress, int bigMessages, int perClient,
               int submissionClients, int bigRepeats) {

    static final List<String> ALL = List.of("sessions", "steady", "idle-scale", "append-durable", "big-mailbox",
            "tls-handshakes", "submission");

    static Profile quick() {
        return new Profile(2, List.of(10), 4, 4, 4, 50, 10_000, 1_000, 20, 4, 3);
    }

    static Profile full() {
        return new Profile(10, List.of(10, 100), 10, 10, 8, 1_000, 10_000, 100_000, 50, 10, 1);
    }

    /** The most per-client accounts any workload uses. */
    int accounts() {
        int max = Math.max(sessionClients, Math.max(appendClients, submissionClients * 2));
        for (int c : steadyClients) {
            max = Math.max(max, c);
        }
        return max;
    }

    Filler filler(MessageGenerator generator) {
        return new Filler(accounts(), perClient, bigMessages, 4, generator);
    }

    /** The workloads named (each of {@link #ALL}); {@code steady} gives one per client count. */
    List<Workload> workloads(List<String> names, MessageGenerator generator) {
        List<Workload> result = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "sessions" -> result.add(new SessionsWorkload(sessionClients, seconds, generator));
                case "steady" -> steadyClients.forEach(c -> result.add(new SteadyWorkload(c, seconds, generator)));
                case "idle-scale" -> result.add(new IdleScaleWorkload(idleSessions, sessionsPerAddress, 32,
                        // Ten seconds, or a second per thousand sessions for many of them.
                        Math.max(10, idleSessions / 1000.0), generator));
                case "append-durable" -> result.add(new AppendDurableWorkload(appendClients, seconds, generator));
                case "big-mailbox" -> result.add(new BigMailboxWorkload(bigMessages, bigRepeats));
                case "tls-handshakes" -> result.add(new TlsHandshakesWorkload(handshakeClients, seconds));
                case "submission" -> result.add(new SubmissionWorkload(submissionClients, seconds, generator));
                default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + ALL);
            }
        }
        return result;
    }
}
