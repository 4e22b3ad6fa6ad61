package org.tegami.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tegami serve}: run the server in the foreground until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the mail server.")
public final class ServeCommand implements Callable<Integer> {

    private final Terminal terminal;
    private final StoreOpener opener;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file.")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data).")
    Path dataDir;

    @Option(names = "--hostname", paramLabel = "NAME",
            description = "The server's public host name (default: this machine's fully-qualified name).")
    String hostname;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: all addresses).")
    String bind;

    @Option(names = "--port-offset", paramLabel = "N",
            description = "Add N to every default port (993, 143, 465, 587, 25, 24), e.g. 10000 to run without root.")
    Integer portOffset;

    public ServeCommand(Terminal terminal, StoreOpener opener) {
        this.terminal = terminal;
        this.opener = opener;
    }

    @Override
    public Integer call() throws InterruptedException {
        TegamiConfig config = new ConfigLoader().load(Optional.ofNullable(configFile), new ConfigLoader.Overrides(
                Optional.ofNullable(hostname), Optional.ofNullable(dataDir), Optional.ofNullable(bind),
                Optional.ofNullable(portOffset)));
        String name = config.hostname().orElseGet(ServeCommand::machineHostname);
        RunningServer server = new ServerRunner(config, name, opener,
                new TlsContextFactory(TlsContextFactory.preferredProvider()), terminal.out()).start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("tegami-shutdown").unstarted(server::close));
        server.awaitClose();
        return 0;
    }

    /**
     * This machine's fully-qualified name, or {@code localhost} when it has none that is a usable
     * domain name (no DNS, or the lookup only yields an address).
     */
    static String machineHostname() {
        try {
            return MailAddress.normalizeDomain(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return "localhost";
        }
    }
}
