package io.github.compact4j.cli;

import io.github.compact4j.cli.logs.LogPrinter;
import io.github.compact4j.cli.logs.LogQuery;
import io.github.compact4j.cli.logs.LogScan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compact4j logs}: filters compact4j's log lines by trace, agent, backend, level and time. */
@Command(name = "logs", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Prints the lines of compact4j logs that match every filter given (a filter given twice matches either value).",
            "Reads JSON lines from the shipped logback-json.xml / logback-async.xml (logback's JsonEncoder) or from "
                + "logstash-logback-encoder, and plain lines in the shipped console and per-agent patterns; a file may mix them.",
            "Exits 0 when a line matched, 1 when none did, as grep does."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a line matched", "1:no line matched", "2:usage error", "3:a file is missing or unreadable",
            "   (or, with --strict, has a malformed line)"})
final class LogsCommand implements Callable<Integer> {

    private static final int MAX_WARNINGS = 5;

    private final Io io;
    private final Clock clock;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "log files, read in the order given; *.gz ones are decompressed")
    List<Path> files = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "ID", description = "only this trace id (compact4j.trace_id)")
    List<String> traces = new ArrayList<>();

    @Option(names = "--agent", paramLabel = "A", description = "only this agent (compact4j.agent_id)")
    List<String> agents = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "B", description = "only this backend's provider, e.g. openai (compact4j.backend)")
    List<String> backends = new ArrayList<>();

    @Option(names = "--mdc", paramLabel = "KEY=VALUE",
            description = "only lines whose MDC has KEY (without the prefix) equal to VALUE, e.g. run_id=run_42 or strategy=masking")
    List<String> mdc = new ArrayList<>();

    @Option(names = "--level", paramLabel = "L", description = "only this level and above: TRACE, DEBUG, INFO, WARN, ERROR")
    String level;

    @Option(names = "--since", paramLabel = "T",
            description = "only lines at or after T: 2026-11-23T10:15:30Z, 2026-11-23 10:15 (in --zone), 10:15 (today), 15m / 2h / 1d (ago)")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "only lines before T, same forms as --since")
    String until;

    @Option(names = "--json", description = "print JSON lines: JSON input as it was read, plain lines converted")
    boolean json;

    @Option(names = {"-f", "--follow"}, description = "keep reading the file as it grows, like tail -f (one file only); stop with Ctrl-C")
    boolean follow;

    @Option(names = {"-c", "--count"}, description = "print only the number of matching lines")
    boolean count;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "time zone of times shown and of times written without one (default: the system's)")
    String zone;

    @Option(names = "--mdc-prefix", paramLabel = "P", defaultValue = "compact4j.",
            description = "prefix of compact4j's MDC keys, if the app changed it with MdcKeys (default: ${DEFAULT-VALUE})")
    String mdcPrefix;

    @Option(names = "--strict", description = "stop with exit code 3 at the first malformed line instead of skipping it")
    boolean strict;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    LogsCommand(Io io, Clock clock) {
        this.io = io;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        ZoneId z = zone();
        LogQuery query = query(z);
        if (follow && files.size() != 1) {
            throw CliException.usage("--follow reads one file; " + files.size() + " were given");
        }
        if (follow && files.get(0).toString().endsWith(".gz")) {
            throw CliException.usage("--follow: " + files.get(0) + " is compressed, so it is not being written to");
        }
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw CliException.badInput(f + ": is a directory, not a log file");
            }
        }
        OutputStream out = new BufferedOutputStream(io.stdout(), 1 << 16);
        LogScan.Sink sink = count ? new CountOnly() : new LogPrinter(out, json, files.size() > 1, mdcPrefix, z);
        int[] warned = {0};
        long[] skipped = {0};
        LogScan scan = new LogScan(query, z, sink, (file, line, problem, cutShort) -> {
            if (cutShort) {
                io.warn(file + ":" + line + ": the last line is cut short (still being written?); skipped");
                return;
            }
            if (strict) {
                throw new CliException(ExitCode.BAD_INPUT, file + ":" + line + ": " + problem);
            }
            skipped[0]++;
            if (warned[0]++ < MAX_WARNINGS) {
                io.warn(file + ":" + line + ": skipped: " + problem);
            }
        });
        for (Path f : files) {
            try {
                scan.scan(f, follow, p -> io.warn(p + ": the file shrank (truncated or rotated); reading it from the start"));
            } catch (NoSuchFileException e) {
                throw CliException.badInput(f + ": no such file");
            } catch (AccessDeniedException e) {
                throw CliException.badInput(f + ": permission denied");
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw CliException.badInput(f + ": not a whole gzip file: " + e.getMessage());
            } catch (InterruptedIOException e) {
                break; // --follow was stopped
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("line ")) {
                    throw CliException.badInput(f + ": " + e.getMessage());
                }
                throw e;
            }
        }
        if (skipped[0] > MAX_WARNINGS) {
            io.warn((skipped[0] - MAX_WARNINGS) + " more malformed lines skipped");
        }
        if (query.filtersOn("backend") && scan.textEvents() > 0) {
            io.warn("plain-text lines carry no backend, so --backend matched none of the " + scan.textEvents() + " read");
        }
        if (count) {
            out.write((scan.matched() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.flush();
        return scan.matched() > 0 ? ExitCode.OK : ExitCode.NO_MATCH;
    }

    private ZoneId zone() {
        if (zone == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw CliException.usage("--zone '" + zone + "' is not a time zone: use e.g. UTC, Europe/Paris or +02:00");
        }
    }

    LogQuery query(ZoneId z) {
        LogQuery.Builder b = LogQuery.builder().mdcPrefix(mdcPrefix)
                .mdc("trace_id", traces).mdc("agent_id", agents).mdc("backend", backends);
        for (String kv : mdc) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--mdc '" + kv + "' is not KEY=VALUE, e.g. --mdc run_id=run_42");
            }
            String key = kv.substring(0, eq);
            b.mdc(key.startsWith(mdcPrefix) ? key.substring(mdcPrefix.length()) : key, List.of(kv.substring(eq + 1)));
        }
        if (level != null) {
            try {
                b.minLevel(level);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--level: " + e.getMessage());
            }
        }
        if (since != null) {
            TimeArg t = TimeArg.parse("--since", since, z, clock);
            b.since(t.instant(), t.timeOfDay());
        }
        if (until != null) {
            TimeArg t = TimeArg.parse("--until", until, z, clock);
            b.until(t.instant(), t.timeOfDay());
        }
        return b.build();
    }

    /** Counts without printing. */
    private static final class CountOnly implements LogScan.Sink {
        @Override
        public void json(Path file, io.github.compact4j.cli.logs.LogEvent event, byte[] raw, int start, int end) {}

        @Override
        public void text(Path file, io.github.compact4j.cli.logs.LogEvent event) {}

        @Override
        public boolean needsDetails() {
            return false;
        }
    }
}
