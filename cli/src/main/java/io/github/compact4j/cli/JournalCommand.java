package io.github.compact4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code compact4j journal}: the group of commands that read a compaction journal. */
@Command(name = "journal", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Read a compaction journal written by CompactionJournal.jsonLines(...): "
                + "one JSON line per compaction, holding the original items it compacted away."})
final class JournalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
