package org.tegami.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The load generator's command line: make accounts, fill mailboxes, run workloads, compare two servers. */
@Command(name = "tegami-bench", mixinStandardHelpOptions = true,
        subcommands = {Bench.AccountsCommand.class, Bench.MboxCommand.class, Bench.MaildirCommand.class,
                Bench.FillCommand.class,
                Bench.RunCommand.class, Bench.CompareCommand.class},
        description = "Benchmarks IMAP servers over TLS, side by side.")
public final class Bench {

    /** The seed of every generated message: both servers get the same bytes. */
    public static final long SEED = 20261128L;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    /** Sizes shared by the commands that run or prepare workloads. */
    static final class Sizes {
        @Option(names = "--quick", description = "small sizes: the whole comparison in under three minutes")
        boolean quick;

        @Option(names = "--seconds", description = "measured seconds per timed workload")
        Double seconds;

        @Option(names = "--idle-sessions", description = "K of idle-scale")
        Integer idleSessions;

        @Option(names = "--big-messages", description = "messages in the big mailbox")
        Integer bigMessages;

        @Option(names = "--steady-clients", split = ",", description = "client counts of steady")
        List<Integer> steadyClients;

        @Option(names = "--clients", description = "clients of sessions, append-durable, tls-handshakes and submission")
        Integer clients;

        @Option(names = "--timeout-seconds", defaultValue = "60", description = "longest wait for one reply")
        int timeoutSeconds;

        Profile profile() {
            Profile p = quick ? Profile.quick() : Profile.full();
            return new Profile(seconds != null ? seconds : p.seconds(),
                    steadyClients != null ? steadyClients : p.steadyClients(),
                    clients != null ? clients : p.sessionClients(), clients != null ? clients : p.appendClients(),
                    clients != null ? clients : p.handshakeClients(),
                    idleSessions != null ? idleSessions : p.idleSessions(), p.sessionsPerAddress(),
                    bigMessages != null ? bigMessages : p.bigMessages(), p.perClient(),
                    clients != null ? clients : p.submissionClients(), p.bigRepeats());
        }

        ClientTransport transport() {
            return new ClientTransport(2, Duration.ofSeconds(timeoutSeconds));
        }
    }

    /**
     * A server given as {@code name=tegami,imaps=HOST:PORT[,submissions=HOST:PORT][,pid=N]
     * [,domain=D][,password=P]}.
     */
    static Target target(String spec) {
        Map<String, String> fields = new HashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value in '" + part + "'");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        if (!fields.containsKey("imaps")) {
            throw new IllegalArgumentException("a target needs imaps=HOST:PORT: " + spec);
        }
        return new Target(fields.getOrDefault("name", "server"), address(fields.get("imaps")),
                fields.containsKey("submissions") ? address(fields.get("submissions")) : null,
                fields.getOrDefault("domain", "bench.test"), fields.getOrDefault("password", "bench-password"),
                fields.containsKey("pid") ? OptionalLong.of(Long.parseLong(fields.get("pid"))) : OptionalLong.empty());
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Command(name = "accounts", description = "Writes the accounts with one Argon2id hash each, as a Dovecot "
            + "passwd-file and as a CSV for 'tegami user import'.")
    static final class AccountsCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Sizes sizes = new Sizes();

        @Option(names = "--domain", defaultValue = "bench.test")
        String domain;

        @Option(names = "--password", defaultValue = "bench-password")
        String password;

        @Option(names = "--passwd", required = true, description = "Dovecot passwd-file to write")
        Path passwd;

        @Option(names = "--csv", required = true, description = "CSV (address,hash) to write")
        Path csv;

        @Override
        public Integer call() throws IOException {
            Target target = new Target("accounts", new InetSocketAddress(0), null, domain, password, OptionalLong.empty());
            StringBuilder p = new StringBuilder();
            StringBuilder c = new StringBuilder("address,hash\n");
            for (String address : Accounts.addresses(target, sizes.profile().accounts())) {
                String hash = Accounts.hashFor(target, address, password);
                p.append(address).append(":{ARGON2ID}").append(hash).append("::::::\n");
                c.append(address).append(',').append(hash).append('\n');
            }
            Files.writeString(passwd, p);
            Files.writeString(csv, c);
            return 0;
        }
    }

    @Command(name = "mbox", description = "Writes the generated messages as an mbox.")
    static final class MboxCommand implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "1000")
        int count;

        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws IOException {
            Files.write(out, new MessageGenerator(SEED).mbox(count));
            return 0;
        }
    }

    @Command(name = "maildir", description = "Writes the big mailbox's messages as a Maildir (for Dovecot), "
            + "much faster than appending 100 000 messages over IMAP.")
    static final class MaildirCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Sizes sizes = new Sizes();

        @Option(names = "--out", required = true, description = "the Maildir (cur, new and tmp are made in it)")
        Path out;

        @Override
        public Integer call() throws IOException {
            MessageGenerator generator = new MessageGenerator(SEED);
            int count = sizes.profile().bigMessages();
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(out.resolve(sub));
            }
            for (int i = 0; i < count; i++) {
                // Maildir files end lines with LF alone, as Dovecot's own do.
                byte[] message = new String(generator.message(i), StandardCharsets.UTF_8).replace("\r\n", "\n")
                        .getBytes(StandardCharsets.UTF_8);
                // Maildir names: unique part, then ",S=<size>" (which Dovecot reads instead of a stat) and
                // the info ":2," with no flags, in cur/ so the messages are neither \Recent nor \Seen.
                Files.write(out.resolve("cur").resolve(String.format("1764000000.M%06dP1.bench,S=%d:2,", i,
                        message.length)), message);
            }
            System.out.println("wrote " + count + " messages to " + out);
            return 0;
        }
    }

    @Command(name = "fill", description = "Fills a server's accounts with the generated messages over IMAP.")
    static final class FillCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Sizes sizes = new Sizes();

        @Option(names = "--target", required = true)
        String target;

        @Option(names = "--big-from-maildir", description = "the big mailbox was written with 'maildir': only check it")
        boolean bigFromMaildir;

        @Override
        public Integer call() throws InterruptedException {
            Target t = target(target);
            long start = System.nanoTime();
            try (ClientTransport transport = sizes.transport()) {
                sizes.profile().filler(new MessageGenerator(SEED)).fill(t, transport, !bigFromMaildir);
            }
            System.out.printf("filled %s in %.1f s%n", t.name(), (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }

    @Command(name = "run", description = "Runs workloads once against one server and prints their figures.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Sizes sizes = new Sizes();

        @Option(names = "--target", required = true)
        String target;

        @Option(names = "--json", description = "also write the figures as JSON to this file")
        Path json;

        @Parameters(description = "workloads: ${COMPLETION-CANDIDATES}", arity = "1..*")
        List<String> workloads;

        @Override
        public Integer call() throws InterruptedException, IOException {
            Target t = target(target);
            Report report = new Report(t.name(), t.name());
            try (ClientTransport transport = sizes.transport()) {
                for (Workload w : sizes.profile().workloads(workloads, new MessageGenerator(SEED))) {
                    Figures f = w.run(t, transport);
                    report.add(w.name(), t.name(), f);
                    System.out.println(w.name() + " " + Report.figuresJson(f.values()) + " " + f.notes());
                }
            }
            if (json != null) {
                Files.writeString(json, report.json(Map.of()));
            }
            return 0;
        }
    }

    @Command(name = "compare", description = "Runs workloads against two servers alternately, A B A B, and "
            + "writes the medians and ratios as Markdown and JSON.")
    static final class CompareCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Sizes sizes = new Sizes();

        @Option(names = "--baseline", required = true, description = "the server compared against (Dovecot)")
        String baseline;

        @Option(names = "--subject", required = true, description = "the server measured (Tegami)")
        String subject;

        @Option(names = "--rounds", defaultValue = "3")
        int rounds;

        @Option(names = "--out", required = true, description = "results path without extension")
        Path out;

        @Option(names = "--machine", description = "key=value lines describing the machine and the run")
        Path machine;

        @Parameters(arity = "0..*", description = "workloads (default: all)")
        List<String> workloads;

        @Override
        public Integer call() throws InterruptedException, IOException {
            Target a = target(baseline);
            Target b = target(subject);
            Profile profile = sizes.profile();
            List<Workload> list = profile.workloads(workloads == null || workloads.isEmpty() ? Profile.ALL : workloads,
                    new MessageGenerator(SEED));
            Report report = new Report(a.name(), b.name());
            Instant started = Instant.now();
            try (ClientTransport transport = sizes.transport()) {
                for (int round = 1; round <= rounds; round++) {
                    for (Workload w : list) {
                        // A B in odd rounds, B A in even ones, so neither server always goes first.
                        List<Target> order = round % 2 == 1 ? List.of(a, b) : List.of(b, a);
                        for (Target t : order) {
                            Figures f;
                            try {
                                f = w.run(t, transport);
                            } catch (ImapException e) {
                                // One failed run must not cost the others: it is reported as such.
                                f = new Figures();
                                f.note("failed", e.getMessage());
                            }
                            report.add(w.name(), t.name(), f);
                            System.out.println("round " + round + " " + w.name() + " " + t.name() + " "
                                    + Report.figuresJson(f.values()) + (f.notes().isEmpty() ? "" : " " + f.notes()));
                        }
                    }
                    // Written after every round, so a run cut short still leaves what it measured.
                    write(report, profile, a, b, started, round);
                }
            }
            System.out.println("wrote " + out + ".md and " + out + ".json");
            return 0;
        }

        private void write(Report report, Profile profile, Target a, Target b, Instant started, int roundsDone)
                throws IOException {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("started", started.toString());
            facts.put("finished", Instant.now().toString());
            facts.put("rounds", roundsDone + " of " + rounds);
            facts.put("profile", sizes.quick ? "quick" : "full");
            facts.put("client TLS", "TLSv1.3, " + new ClientTransport(1, Duration.ofSeconds(1)).providerAndClose());
            if (machine != null) {
                for (String line : Files.readAllLines(machine, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        facts.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
            StringBuilder header = new StringBuilder("# Benchmark: " + b.name() + " against " + a.name()
                    + ", " + started.toString().substring(0, 10) + "\n\n");
            header.append("Medians of ").append(roundsDone).append(" rounds run alternately (")
                    .append(a.name()).append(", ").append(b.name()).append(", then ").append(b.name()).append(", ")
                    .append(a.name()).append(", …) on the same machine in the same run. Each timed workload lasted ")
                    .append(Report.number(profile.seconds())).append(" s per round and server.\n\n")
                    .append("| | |\n|---|---|\n");
            facts.forEach((k, v) -> header.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            List<String> sizesLine = new ArrayList<>();
            sizesLine.add("steady clients " + profile.steadyClients());
            sizesLine.add("sessions/append/handshake clients " + profile.sessionClients());
            sizesLine.add("idle sessions " + profile.idleSessions());
            sizesLine.add("big mailbox " + profile.bigMessages() + " messages");
            sizesLine.add("per-client INBOX " + profile.perClient() + " messages");
            header.append("| sizes | ").append(String.join(", ", sizesLine)).append(" |\n");
            Files.writeString(Path.of(out + ".md"), report.markdown(header.toString()));
            Files.writeString(Path.of(out + ".json"), report.json(facts));
        }
    }
}
