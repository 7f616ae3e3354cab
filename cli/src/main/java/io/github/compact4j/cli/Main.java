package io.github.compact4j.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code compact4j} command: {@code journal show|restore|report}, {@code logs} and
 * {@code compact}. Run as {@code java -jar compact4j-cli.jar COMMAND ...}; every command has
 * {@code --help}, and exits with one of the {@link ExitCode}s.
 */
@Command(name = "compact4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpAutoWidth = true,
        description = {"See what compaction removed, when and why; filter compact4j's logs; compact a conversation file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:logs: no line matched", "2:usage error", "3:bad input file",
            "4:compact: the compaction failed", "5:cannot write an output file", "70:internal error (a bug)"})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private Main() {}

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(Io.system(), Clock.systemDefaultZone(), args));
    }

    /**
     * Runs the tool in this process: what tests call.
     *
     * @param io the streams and environment
     * @param clock the clock for relative times ({@code --since 15m})
     * @param args the command line
     * @return the exit code
     */
    public static int run(Io io, Clock clock, String... args) {
        CommandLine cl = commandLine(io, clock);
        try {
            return cl.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    static CommandLine commandLine(Io io, Clock clock) {
        CommandLine cl = new CommandLine(new Main());
        CommandLine journal = new CommandLine(new JournalCommand())
                .addSubcommand(new CommandLine(new JournalShowCommand(io)))
                .addSubcommand(new CommandLine(new JournalRestoreCommand(io)))
                .addSubcommand(new CommandLine(new JournalReportCommand(io, clock)));
        cl.addSubcommand(journal);
        cl.addSubcommand(new CommandLine(new LogsCommand(io, clock)));
        cl.addSubcommand(new CommandLine(new CompactCommand(io)));
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("compact4j: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof CliException c) {
                err.println("compact4j: " + c.getMessage());
                return c.exitCode();
            }
            err.println("compact4j: internal error: " + ex);
            ex.printStackTrace(err);
            return ExitCode.INTERNAL_ERROR;
        });
        return cl;
    }

    /** Without a command: the usage, and the usage-error exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** The version from the jar's manifest, when run from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"compact4j-cli " + (v == null ? "(development build)" : v)};
        }
    }
}
