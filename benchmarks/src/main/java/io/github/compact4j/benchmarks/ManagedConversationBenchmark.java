package io.github.compact4j.benchmarks;

import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@link ManagedConversation#append(Item)} costs, with the policy's threshold checked
 * after every append ({@link ManagedConversation.AutoCompact#ON_APPEND}), at the start of a
 * conversation and near 100,000 items.
 *
 * <p>Each invocation appends 1,000 items to a conversation that holds {@code prefill} items:
 * 0 (appends 1 to 1,000) or 99,000 (appends 99,001 to 100,000); the figure is per append. The
 * window is so large that compaction never triggers, so this is the bookkeeping alone: counting,
 * storing, the running total and the threshold check. The appended items were counted before
 * (their counts are memoised), so the tokeniser, whose cost depends on the item and not on the
 * conversation, does not hide the part that could grow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ManagedConversationBenchmark {

    private static final String MODEL = "gpt-5.1";
    private static final int APPENDS = 1_000;
    private static final int TOTAL = 100_000;

    /** Items already in the conversation when the measured appends start. */
    @Param({"0", "99000"})
    public int prefill;

    private List<Item> items;
    private ManagedConversation conversation;
    private ToolOutputMaskingCompactor neverCalled;

    /** Generates 100,000 items and counts each once. */
    @Setup(Level.Trial)
    public void generate() {
        items = new ConversationGenerator(42).conversation(TOTAL);
        TokenCounter counter = TokenCounter.forModel(MODEL);
        for (Item item : items) {
            counter.count(item);
        }
        neverCalled = ToolOutputMaskingCompactor.builder().build();
    }

    /** A fresh conversation holding the first {@code prefill} items, before every invocation. */
    @Setup(Level.Invocation)
    public void prefill() {
        conversation = ManagedConversation.builder()
                .compactor(neverCalled)
                .model(MODEL)
                .contextWindow(Integer.MAX_VALUE)
                .policy(CompactionPolicy.defaults())
                .autoCompact(ManagedConversation.AutoCompact.ON_APPEND)
                .items(items.subList(0, prefill))
                .build();
    }

    /**
     * The per-invocation setup alone: JMH's GC profiler counts what {@link #prefill()} allocates
     * (a 99,000-item conversation is rebuilt before every invocation) in the bytes per operation
     * of {@link #append()}, so subtract this figure to get the appends' own.
     *
     * @return the conversation's size
     */
    @Benchmark
    @OperationsPerInvocation(APPENDS)
    public int setupOnly() {
        return conversation.size();
    }

    /** @return the conversation's token total after the appends */
    @Benchmark
    @OperationsPerInvocation(APPENDS)
    public long append() {
        ManagedConversation c = conversation;
        for (int i = prefill, end = prefill + APPENDS; i < end; i++) {
            c.append(items.get(i));
        }
        if (c.needsCompaction()) {
            throw new IllegalStateException("the benchmark's window must never trigger compaction");
        }
        return c.tokens();
    }
}
