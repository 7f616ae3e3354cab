package io.github.compact4j.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compact4j journal report}: one self-contained HTML page. */
@Command(name = "report", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Writes one self-contained HTML page (no script, nothing loaded from the network): a chart of the "
                + "conversation's tokens over its appends with each compaction marked by its strategy and saving, the "
                + "journal show table, and each compaction's original items.",
            "With --logs, the chart plots the tokens in context (falling at each compaction); without, the tokens "
                + "appended, as the journal alone cannot say what each compaction left."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:usage error", "3:an input is missing or malformed", "5:the page cannot be written"})
final class JournalReportCommand implements Callable<Integer> {

    private final Io io;
    private final Clock clock;

    @Mixin
    JournalOptions journal = new JournalOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "the HTML file to write")
    Path output;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "time zone of the times shown (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    JournalReportCommand(Io io, Clock clock) {
        this.io = io;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        JournalFile file = journal.read(io);
        List<Compactions.Row> rows = journal.rows(io, file);
        String html = HtmlReport.render(file, rows, journal.counter(), JournalShowCommand.zone(zone), clock.instant(),
                journal.figuresNote(rows));
        OutputFile.write(output, html);
        io.out().println(output + ": " + rows.size() + " compaction" + (rows.size() == 1 ? "" : "s"));
        return ExitCode.OK;
    }
}
