package io.github.compact4j.benchmarks;

import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.logging.LogContext;
import io.github.compact4j.logging.MdcKeys;
import io.github.compact4j.logging.TraceContext;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.slf4j.MDC;

/**
 * What the library's logging costs a compaction call, with logback as the app's backend: every
 * logger off, at INFO (one line per call), and at DEBUG (plus the start line and one line per
 * HTTP attempt), the lines going through an {@code AsyncAppender} to a pattern encoder that
 * writes to a null stream ({@link LogbackSetup}).
 *
 * <ul>
 *   <li>{@code httpCompaction}: {@link OpenAiCompactClient} compacting 10 items against the
 *       {@link LocalCompactServer}: the shortest real call, where logging's share is largest;</li>
 *   <li>{@code masking}: {@link ToolOutputMaskingCompactor} on a 100-item conversation, no
 *       network at all, so a small logging cost is not lost in loopback noise;</li>
 *   <li>{@code scope}: the trace scope alone (a {@link TracedCompactor} whose work only fills
 *       in a result's builder), with its start (DEBUG) and end (INFO) statements;</li>
 *   <li>{@code baselineScopeWithoutLogging}: the same non-logging work as {@code scope}, written
 *       with the public pieces ({@link TraceContext}, {@link LogContext}, the result's builder)
 *       and no log statement. {@code scope} with every logger off against this is what the
 *       disabled statements cost; B/op equal means they allocate nothing.</li>
 * </ul>
 *
 * <p>The INFO overhead is {@code level=INFO} over {@code level=OFF} of the same method. On
 * {@code httpCompaction} read it next to {@link LoopbackSensitivityBenchmark}: on this loopback
 * set-up a few microseconds of any extra client work cost several times their own time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A loopback call keeps getting faster for about 10 s of calls while OkHttp, Jackson (and logback)
// are compiled; with 3 s of warm-up the measured iterations were still speeding up
// (medians 221 -> 140 us).
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TracingOverheadBenchmark {

    private static final String MODEL = "gpt-5.1-codex-max";

    /** The logging configuration of the run. */
    @State(Scope.Benchmark)
    public static class Logging {
        /** {@code OFF}, {@code INFO}, {@code DEBUG} or {@code INFO_SYNC}: see {@link LogbackSetup.Setting}. */
        @Param({"OFF", "INFO", "DEBUG", "INFO_SYNC"})
        public String level;

        /** Configures logback before anything logs. */
        @Setup(Level.Trial)
        public void configure() {
            LogbackSetup.configure(LogbackSetup.Setting.valueOf(level));
        }
    }

    /** The clients and conversations. */
    @State(Scope.Benchmark)
    public static class Work {
        private LocalCompactServer server;
        private OpenAiCompactClient client;
        private CompactionRequest small;
        private ToolOutputMaskingCompactor masking;
        private CompactionRequest midSize;
        private CompactionRequest scopeRequest;
        private List<Item> kept;
        private Function<CompactionRequest, CompactionResult.Builder> readyBody;
        private TracedCompactor scoped;

        /** Starts the server and builds the requests; every item is counted once. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            List<Item> ten = new ConversationGenerator(42).conversation(10);
            server = new LocalCompactServer("application/json", CompactResponses.forConversation(ten, 12_000));
            client = OpenAiCompactClient.builder().apiKey("sk-bench-0000000000000000000000000000")
                    .baseUrl(server.baseUrl()).okHttpClient(LocalCompactServer.noDelayClient()).build();
            small = CompactionRequest.builder().model(MODEL).items(ten).build();
            List<Item> hundred = new ConversationGenerator(43).conversation(100);
            TokenCounter.forModel(MODEL).count(hundred);
            masking = ToolOutputMaskingCompactor.builder().build();
            midSize = CompactionRequest.builder().model(MODEL).items(hundred).build();
            scopeRequest = CompactionRequest.builder().model(MODEL).items(ten).attribute("agent_id", "agent_a").build();
            kept = ten;
            readyBody = r -> CompactionResult.builder().items(kept).strategy("bench").tokensBefore(2_000)
                    .tokensAfter(1_000).itemsBefore(10);
            scoped = new TracedCompactor() {
                @Override
                public String name() {
                    return "bench";
                }

                @Override
                protected CompactionResult.Builder doCompact(CompactionRequest request) {
                    return readyBody.apply(request);
                }
            };
        }

        /** Stops the server. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            server.close();
        }
    }

    /**
     * @param logging the level
     * @param w the client and request
     * @return the result
     */
    @Benchmark
    public CompactionResult httpCompaction(Logging logging, Work w) {
        return w.client.compact(w.small);
    }

    /**
     * @param logging the level
     * @param w the compactor and request
     * @return the result
     */
    @Benchmark
    public CompactionResult masking(Logging logging, Work w) {
        return w.masking.compact(w.midSize);
    }

    /**
     * @param logging the level
     * @param w the request and the ready result
     * @return the completed result
     */
    @Benchmark
    public CompactionResult scope(Logging logging, Work w) {
        return w.scoped.compact(w.scopeRequest);
    }

    private static final ThreadLocal<Object[]> FRAME = new ThreadLocal<>();
    private static final java.util.Map<String, String> NO_DEFAULT_ATTRIBUTES =
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>());

    /**
     * The scope's work without its log statements: resolve the trace id (request, current
     * context, MDC), open the MDC scope with the trace, the attributes, the model and the
     * strategy (the scope's default attributes, none here, then the request's), mark the thread as
     * inside a call, run the body, complete the result with the
     * trace id, the elapsed time and one attempt, and restore everything.
     *
     * @param w the request and the ready result
     * @return the completed result
     */
    @Benchmark
    public CompactionResult baselineScopeWithoutLogging(Work w) {
        long start = System.nanoTime();
        CompactionRequest request = w.scopeRequest;
        MdcKeys keys = MdcKeys.defaults();
        String traceId = request.traceId().orElse(null);
        if (traceId == null) {
            traceId = TraceContext.currentTraceId();
        }
        if (traceId == null) {
            traceId = MDC.get(keys.key("trace_id"));
        }
        TraceContext trace = TraceContext.of(traceId);
        Object[] frame = {trace, keys, "bench", List.of()};
        LogContext scope = LogContext.open(keys).trace(trace);
        try {
            for (var a : NO_DEFAULT_ATTRIBUTES.entrySet()) {   // the scope's default attributes: none
                scope.put(a.getKey(), a.getValue());
            }
            for (var a : request.attributes().entrySet()) {
                scope.put(a.getKey(), a.getValue());
            }
            scope.put("model", request.model()).put("strategy", "bench");
            FRAME.set(frame);
            CompactionResult.Builder r = w.readyBody.apply(request);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return r.traceId(trace.traceId()).elapsed(elapsed)
                    .attempts(List.of(Attempt.succeeded("bench", elapsed, r.requestIds()))).build();
        } finally {
            FRAME.remove();
            scope.close();
        }
    }
}
