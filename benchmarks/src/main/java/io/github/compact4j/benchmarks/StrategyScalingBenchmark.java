package io.github.compact4j.benchmarks;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * How masking and summarizing grow with the conversation: one {@code compact} call on a coding
 * agent's conversation of about 100k, 250k, 500k and 1M tokens ({@code o200k_base}, as counted
 * for {@code gpt-5.1}).
 *
 * <ul>
 *   <li>{@code masking}: {@link ToolOutputMaskingCompactor} with its defaults (the last 3 turns
 *       kept, older tool outputs replaced by placeholders);</li>
 *   <li>{@code summarizingAlgorithmOnly}: {@link SummarizingFallbackCompactor} with its defaults
 *       (20k recent tokens kept, chunks sized for a 128k-token summarizer window), its
 *       {@link Summarizer} an in-process lambda that returns a fixed 150-word summary at once.
 *       So the figure is the library's own work (splitting the conversation, rendering and
 *       cutting the transcript, chunking, counting) and none of a model's: a real summarizer call
 *       takes seconds per chunk.</li>
 * </ul>
 *
 * <p>The conversation's items were counted once before (a managed conversation counts each item
 * as it is appended), so the memoised item counts are reused; text the strategies make (the
 * transcript, cut outputs) is counted afresh on every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Each call takes 25-700 ms, so 3 s of warm-up is only a handful of calls at the large sizes.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class StrategyScalingBenchmark {

    private static final String MODEL = "gpt-5.1";
    private static final String SUMMARY = ("The agent is fixing a failing build in a Java repository. It read "
            + "InvoiceService, Lexer and HttpRetrier, ran the test suite several times, and found that the parser "
            + "rejects empty input because the lexer returns a null token at the end of the stream. ").repeat(4);

    /** The conversation's size in tokens (approximately: it ends at the first item boundary past it). */
    @Param({"100000", "250000", "500000", "1000000"})
    public int tokens;

    private CompactionRequest request;
    private ToolOutputMaskingCompactor masking;
    private SummarizingFallbackCompactor summarizing;
    private final AtomicInteger summarizerCalls = new AtomicInteger();

    /** Builds the conversation and counts it once. */
    @Setup(Level.Trial)
    public void setUp() {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);   // as an app with the library's loggers off
        TokenCounter counter = TokenCounter.forModel(MODEL);
        List<Item> all = new ConversationGenerator(42).conversation(tokens / 50);
        List<Item> conversation = new ArrayList<>();
        long total = 0;
        for (Item item : all) {
            if (total >= tokens) {
                break;
            }
            conversation.add(item);
            total += counter.count(item);
        }
        if (total < tokens) {
            throw new IllegalStateException("the generated conversation is too short: " + total + " tokens");
        }
        request = CompactionRequest.builder().model(MODEL).items(conversation).build();
        masking = ToolOutputMaskingCompactor.builder().build();
        Summarizer fixed = r -> {
            summarizerCalls.incrementAndGet();
            return Summary.of(SUMMARY);
        };
        summarizing = SummarizingFallbackCompactor.builder().summarizer(fixed).build();
        CompactionResult m = masking.compact(request);
        summarizerCalls.set(0);
        CompactionResult s = summarizing.compact(request);
        System.out.printf("%n[setup] %,d items, %,d tokens; masking -> %,d tokens; summarizing -> %,d tokens in %d"
                + " summarizer call(s)%n", conversation.size(), total, m.tokensAfter(), s.tokensAfter(),
                summarizerCalls.get());
        if (m.tokensAfter() >= total || s.tokensAfter() >= total) {
            throw new IllegalStateException("a strategy did not compact the conversation");
        }
    }

    /** @return the result */
    @Benchmark
    public CompactionResult masking() {
        return masking.compact(request);
    }

    /** @return the result */
    @Benchmark
    public CompactionResult summarizingAlgorithmOnly() {
        return summarizing.compact(request);
    }
}
