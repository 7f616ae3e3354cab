package io.github.compact4j.benchmarks;

import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 *
 * <p>Bytes per append: {@code appendBytes / appends} (see {@link Allocation}); the GC profiler's
 * {@code gc.alloc.rate.norm} of this benchmark is dominated by the setup and is not the appends'.
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
    private TokenCounter counter;
    /** Keeps the warming reads from being optimised away. */
    public long warm;

    /** Generates 100,000 items and counts each once. */
    @Setup(Level.Trial)
    public void generate() {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);   // as an app with the library's loggers off
        items = new ConversationGenerator(42).conversation(TOTAL);
        counter = TokenCounter.forModel(MODEL);
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
                .build();
        // one append at a time, as a real conversation grows, so its arrays have the capacity a
        // 99,000-item conversation really has (a bulk prefill would size them exactly and make
        // the next append pay for a doubling that a grown conversation paid for long before)
        for (int i = 0; i < prefill; i++) {
            conversation.append(items.get(i));
        }
        // the items about to be appended were just made, as an agent's new items are: in the
        // cache, not evicted by the 99,000 appends above (which would add a cache miss per item
        // at 99,000 that has nothing to do with the conversation's size)
        for (int i = prefill, end = prefill + APPENDS; i < end; i++) {
            warm += counter.count(items.get(i));
        }
    }

    /**
     * Bytes the measured appends allocated, read from the thread's allocation counter around the
     * appends only. JMH's GC profiler cannot give this figure here: it also counts what the
     * per-invocation setup allocates (rebuilding a 99,000-item conversation before every
     * invocation), which dwarfs the appends. Reported as two totals per iteration; their quotient
     * is the bytes per append.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Allocation {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        /** Bytes allocated by the measured appends in this iteration. */
        public long appendBytes;
        /** Appends measured in this iteration. */
        public long appends;

        /** Starts the iteration's totals at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            appendBytes = 0;
            appends = 0;
        }

        static long now() {
            return THREADS.getCurrentThreadAllocatedBytes();
        }
    }

    /**
     * @param alloc where the appends' allocation is added up
     * @return the conversation's token total after the appends
     */
    @Benchmark
    @OperationsPerInvocation(APPENDS)
    public long append(Allocation alloc) {
        ManagedConversation c = conversation;
        long before = Allocation.now();
        for (int i = prefill, end = prefill + APPENDS; i < end; i++) {
            c.append(items.get(i));
        }
        alloc.appendBytes += Allocation.now() - before;
        alloc.appends += APPENDS;
        if (c.needsCompaction()) {
            throw new IllegalStateException("the benchmark's window must never trigger compaction");
        }
        return c.tokens();
    }
}
