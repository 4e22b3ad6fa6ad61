package org.tegami.server;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tegami.store.StoreError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tegami} command line: {@code serve}, {@code user …}, {@code domain …}, {@code alias …},
 * {@code queue …}, {@code security …}, {@code dns}, {@code doctor}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Terminal.system(), new ConfiguredStores(Clock.systemUTC())));
    }

    /** Runs one command and returns its exit status: 0 on success, 1 on any error. */
    public static int run(String[] args, Terminal terminal, StoreOpener opener) {
        CommandLine cli = new CommandLine(new Tegami());
        cli.addSubcommand(new ServeCommand(terminal, opener));
        cli.addSubcommand(new CommandLine(new UserCommand())
                .addSubcommand(new UserCommand.Add(terminal, opener))
                .addSubcommand(new UserCommand.Import(terminal, opener))
                .addSubcommand(new UserCommand.Passwd(terminal, opener))
                .addSubcommand(new UserCommand.ListAccounts(terminal, opener))
                .addSubcommand(new UserCommand.Del(terminal, opener))
                .addSubcommand(new UserCommand.SentCopySetting(terminal, opener))
                .addSubcommand(new UserCommand.QuotaSetting(terminal, opener))
                .addSubcommand(new CommandLine(new AppPasswordCommand())
                        .addSubcommand(new AppPasswordCommand.Add(terminal, opener))
                        .addSubcommand(new AppPasswordCommand.ListAppPasswords(terminal, opener))
                        .addSubcommand(new AppPasswordCommand.Del(terminal, opener)))
                .addSubcommand(new AppPasswordCommand.MainPassword(terminal, opener)));
        cli.addSubcommand(new CommandLine(new DomainCommand())
                .addSubcommand(new DomainCommand.Add(terminal, opener))
                .addSubcommand(new DomainCommand.ListDomains(terminal, opener))
                .addSubcommand(new DomainCommand.Del(terminal, opener)));
        cli.addSubcommand(new CommandLine(new AliasCommand())
                .addSubcommand(new AliasCommand.Add(terminal, opener))
                .addSubcommand(new AliasCommand.ListAliases(terminal, opener))
                .addSubcommand(new AliasCommand.Del(terminal, opener)));
        Clock clock = Clock.systemUTC();
        cli.addSubcommand(new CommandLine(new QueueCommand())
                .addSubcommand(new QueueCommand.ListQueue(terminal, opener, clock))
                .addSubcommand(new QueueCommand.Retry(terminal, opener, clock))
                .addSubcommand(new QueueCommand.Delete(terminal, opener)));
        cli.addSubcommand(new CommandLine(new SecurityCommand())
                .addSubcommand(new CommandLine(new SecurityCommand.Blocked())
                        .addSubcommand(new SecurityCommand.ListBlocked(terminal, opener, clock))
                        .addSubcommand(new SecurityCommand.Unblock(terminal, opener))));
        cli.addSubcommand(new CommandLine(new TlsCommand())
                .addSubcommand(new TlsCommand.ListCertificates(terminal, clock))
                .addSubcommand(new TlsCommand.Reload(terminal, clock)));
        cli.addSubcommand(new DnsCommand(terminal, opener, DnsCommand::systemLookup));
        cli.addSubcommand(new DoctorCommand(terminal, clock));
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setParameterExceptionHandler((error, arguments) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("tegami: " + error.getMessage() + " (see " + error.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return 1;
        });
        cli.setExecutionExceptionHandler((error, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            switch (error) {
                case CommandFailure failure -> err.println("tegami: " + failure.getMessage());
                case StoreError storeError -> err.println("tegami: the mail store failed (" + storeError.kind() + "): "
                        + storeError.getMessage() + (storeError.getCause() == null ? ""
                        : ": " + storeError.getCause().getMessage()));
                default -> {
                    err.println("tegami: unexpected error: " + error);
                    error.printStackTrace(err);
                }
            }
            err.flush();
            return 1;
        });
        int status = cli.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return status;
    }

    @Command(name = "tegami", mixinStandardHelpOptions = true, versionProvider = Tegami.Version.class,
            description = "A secure mail server.", synopsisSubcommandLabel = "COMMAND")
    static final class Tegami implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new CommandFailure(
                    "missing command (serve, user, domain, alias, queue, security, dns or doctor); see tegami --help");
        }

        static final class Version implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                String version = Main.class.getPackage().getImplementationVersion();
                return new String[] {"tegami " + (version == null ? "(development build)" : version)};
            }
        }
    }
}
