package io.github.compact4j.benchmarks;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.opentelemetry.CompactionTelemetry;
import io.github.compact4j.tokens.TokenCounter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link TelemetryOverheadBenchmark}'s masking comparison made robust to a loaded machine: each
 * invocation runs the same compaction without telemetry, with the telemetry on the real SDK
 * (sampling every span) and with it on the API's no-op, back to back in a rotating order, and adds
 * up the calling thread's CPU time of each ({@code ThreadMXBean.getCurrentThreadCpuTime}). The
 * three share every moment of the machine's load, and time the thread spends waiting for a core
 * does not count. Reported as JMH auxiliary counters ({@code baselineCpuNs}, {@code telemetryCpuNs},
 * {@code disabledCpuNs}, summed per iteration); their ratios are the overhead. What the SDK's
 * export threads do (the batch span processor, the periodic metric reader) is not the caller's
 * time and is not counted, as in production.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TelemetryCpuTimeBenchmark {

    private static final String MODEL = "gpt-5.1-codex-max";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CompactionRequest request;
    private ContextCompactor bare;
    private ContextCompactor disabled;
    private ContextCompactor traced;
    private OpenTelemetrySdk sdk;
    private int turn;

    /** The calling thread's CPU time per variant, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        /** Without telemetry. */
        public long baselineCpuNs;
        /** With the telemetry on the SDK. */
        public long telemetryCpuNs;
        /** With the telemetry on the API's no-op. */
        public long disabledCpuNs;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            baselineCpuNs = 0;
            telemetryCpuNs = 0;
            disabledCpuNs = 0;
        }
    }

    /** The same three compactors as {@link TelemetryOverheadBenchmark}'s masking ones. */
    @Setup(Level.Trial)
    public void setUp() {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);
        List<Item> hundred = new ConversationGenerator(43).conversation(100);
        TokenCounter.forModel(MODEL).count(hundred);
        ContextCompactor masking = ToolOutputMaskingCompactor.builder().build();
        request = CompactionRequest.builder().model(MODEL).items(hundred).build();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(BatchSpanProcessor.builder(new TelemetryOverheadBenchmark.DroppingSpanExporter())
                                .build()).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader
                        .builder(new TelemetryOverheadBenchmark.DroppingMetricExporter())
                        .setInterval(Duration.ofSeconds(1)).build()).build())
                .build();
        bare = TracingCompactor.builder(masking).attribute("backend", "openai").build();
        disabled = TracingCompactor.builder(masking).attribute("backend", "openai")
                .listener(CompactionTelemetry.create(OpenTelemetry.noop()).listener()).build();
        traced = TracingCompactor.builder(masking).attribute("backend", "openai")
                .listener(CompactionTelemetry.create(sdk).listener()).build();
    }

    /** Shuts the SDK down. */
    @TearDown(Level.Trial)
    public void tearDown() {
        sdk.close();
    }

    /**
     * One compaction of each kind, in a rotating order so none always runs first.
     *
     * @param cpu where the CPU times add up
     * @param bh keeps the results alive
     */
    @Benchmark
    public void threeCompactions(CpuTime cpu, Blackhole bh) {
        int order = turn++ % 3;
        for (int i = 0; i < 3; i++) {
            int which = (order + i) % 3;
            long start = THREADS.getCurrentThreadCpuTime();
            bh.consume((which == 0 ? bare : which == 1 ? traced : disabled).compact(request));
            long took = THREADS.getCurrentThreadCpuTime() - start;
            if (which == 0) {
                cpu.baselineCpuNs += took;
            } else if (which == 1) {
                cpu.telemetryCpuNs += took;
            } else {
                cpu.disabledCpuNs += took;
            }
        }
    }
}
