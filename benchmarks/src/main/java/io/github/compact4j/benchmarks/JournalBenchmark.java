package io.github.compact4j.benchmarks;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.JournalOption;
import io.github.compact4j.conversation.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link JournalOption#DURABLE} costs a compaction: one {@link CompactionJournal#append}
 * of the items a compaction replaced, to a JSON-lines journal with the default options (written
 * and flushed to the operating system, which keeps it when the process dies) and with
 * {@code DURABLE} (also forced to the device, which keeps it when the machine dies).
 *
 * <p>{@code plain} is the baseline of the same run; the ratio {@code durable / plain} is the
 * figure. The journal lives in the JVM's temporary directory ({@code -Djava.io.tmpdir} picks the
 * device): what a force costs is the device's and the file system's, so the ratio is this
 * machine's, not a constant. A fresh journal file per trial keeps the file from growing past what
 * an agent's journal holds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2)
@State(Scope.Benchmark)
public class JournalBenchmark {

    /** Items one compaction replaced: a few turns, or a long stretch of an agent's run. */
    @Param({"20", "400"})
    public int items;

    private JournalEntry entry;
    Path dir;
    private CompactionJournal plain;
    private CompactionJournal durable;

    /** One entry of generated agent items, and two journals in a fresh directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);
        List<Item> replaced = new ConversationGenerator(7).conversation(items);
        entry = JournalEntry.builder().traceId("4bf92f3577b34da6a3ce929d0e0e4736").time(Instant.EPOCH)
                .strategy("masking").items(replaced).itemsBefore(items).itemsAfter(items)
                .tokensBefore(10_000).tokensAfter(4_000).build();
        dir = Files.createTempDirectory("compact4j-journal-bench");
        plain = CompactionJournal.jsonLines(dir.resolve("plain.jsonl"));
        durable = CompactionJournal.jsonLines(dir.resolve("durable.jsonl"), JournalOption.DURABLE);
    }

    /** Closes the journals and deletes their files. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        plain.close();
        durable.close();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.delete(dir);
    }

    /** The baseline: written and flushed to the operating system. */
    @Benchmark
    public void plain() {
        plain.append(entry);
    }

    /** Also forced to the device before the append returns. */
    @Benchmark
    public void durable() {
        durable.append(entry);
    }
}
