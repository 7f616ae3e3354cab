package io.github.compact4j.benchmarks;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.internal.ItemMemo;
import io.github.compact4j.tokens.RunningTokenCount;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs a context manager to know a growing conversation's token total after each append,
 * at 1,000 and at 100,000 items.
 *
 * <ul>
 *   <li>{@code baselineCountNewItem}: the floor, counting one new item and nothing else;</li>
 *   <li>{@code appendRunningTotal}: append, then update a {@link RunningTokenCount} with only the
 *       new item;</li>
 *   <li>{@code appendFullRecount}: append, then {@link TokenCounter#count(List)} over the whole
 *       conversation; every old item's count is memoised, so this is a pass of memo reads.</li>
 * </ul>
 *
 * <p>The conversation stays at its size: each append replaces the oldest item (which the running
 * total takes away again), so "at 100,000 items" holds for every measured append. Each appended
 * item is new to the counter: its memo slot is cleared before the append, so its text is really
 * tokenised, as a new item's would be.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TokenCountingBenchmark {

    /** A pool of items to append, each counted afresh when it is handed out. */
    @State(Scope.Thread)
    public static class Incoming {
        private static final int POOL = 4096;   // power of two; distinct texts, so no CPU cache hides the BPE work
        final TokenCounter counter = TokenCounter.forModel("gpt-5.1");
        private Item[] pool;
        private int next;

        /** Builds the pool from a different seed than the conversation, so the texts are new. */
        @Setup(Level.Trial)
        public void setUp() {
            LogbackSetup.configure(LogbackSetup.Setting.OFF);   // as slf4j-nop did before logback came in
            pool = new ConversationGenerator(7).turns(POOL).toArray(new Item[0]);
        }

        Item next() {
            Item item = pool[next];
            next = (next + 1) & (POOL - 1);
            // Forget the remembered count (key 0 is no counter's key), so this append pays for
            // tokenising the item exactly as a never-seen item would.
            ItemMemo.set(item, 0, 0);
            return item;
        }
    }

    /** A conversation of {@code items} items, all counted once, as a context manager would hold it. */
    @State(Scope.Thread)
    public static class Conversation {
        /** Conversation length. */
        @Param({"1000", "100000"})
        public int items;

        private List<Item> conversation;
        private RunningTokenCount running;
        private int oldest;

        /** Builds and counts the conversation. */
        @Setup(Level.Trial)
        public void setUp(Incoming incoming) {
            conversation = new ArrayList<>(new ConversationGenerator(42).conversation(items));
            running = new RunningTokenCount(incoming.counter, conversation);
        }

        /** Puts the new item where the oldest was and returns the oldest. */
        Item replaceOldest(Item in) {
            Item out = conversation.set(oldest, in);
            oldest = oldest + 1 == items ? 0 : oldest + 1;
            return out;
        }
    }

    /**
     * @param in the items to append
     * @return the new item's count
     */
    @Benchmark
    public int baselineCountNewItem(Incoming in) {
        return in.counter.count(in.next());
    }

    /**
     * @param c the conversation
     * @param in the items to append
     * @return the conversation's total after the append
     */
    @Benchmark
    public long appendRunningTotal(Conversation c, Incoming in) {
        Item item = in.next();
        Item out = c.replaceOldest(item);
        c.running.remove(out);
        c.running.add(item);
        return c.running.total();
    }

    /**
     * @param c the conversation
     * @param in the items to append
     * @return the conversation's total after the append
     */
    @Benchmark
    public int appendFullRecount(Conversation c, Incoming in) {
        c.replaceOldest(in.next());
        return in.counter.count(c.conversation);
    }
}
