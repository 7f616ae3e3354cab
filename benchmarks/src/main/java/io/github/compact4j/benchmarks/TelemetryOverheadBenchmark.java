package io.github.compact4j.benchmarks;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.opentelemetry.CompactionTelemetry;
import io.github.compact4j.tokens.TokenCounter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What compact4j-opentelemetry costs a compaction, every logger off:
 *
 * <ul>
 *   <li>{@code baseline}: the compaction through a {@code TracingCompactor} without a listener;</li>
 *   <li>{@code telemetryDisabled}: the same with {@link CompactionTelemetry}'s listener on the
 *       OpenTelemetry API without an SDK ({@code OpenTelemetry.noop()}): the instrumentation wired in
 *       and switched off. B/op equal to the baseline's means it allocates nothing;</li>
 *   <li>{@code telemetrySdk}: the listener on the real SDK, sampling every span
 *       ({@code Sampler.alwaysOn()}), spans through a {@code BatchSpanProcessor} and metrics through a
 *       {@code PeriodicMetricReader}, both to exporters that drop what they get, as a production
 *       set-up ships them off the calling thread.</li>
 * </ul>
 *
 * <p>{@code work=masking} is {@link ToolOutputMaskingCompactor} on a 100-item conversation (no
 * network noise), the call the overhead target is measured on; {@code work=scope} is a compactor
 * whose work only fills in a result, where the telemetry's own cost is largest and allocation
 * differences are exact.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TelemetryOverheadBenchmark {

    private static final String MODEL = "gpt-5.1-codex-max";

    /** {@code masking} or {@code scope}. */
    @Param({"masking", "scope"})
    public String work;

    private CompactionRequest request;
    private ContextCompactor bare;
    private ContextCompactor disabled;
    private ContextCompactor traced;
    private OpenTelemetrySdk sdk;

    /** Builds the three compactors over the same work; every item is counted once. */
    @Setup(Level.Trial)
    public void setUp() {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);
        ContextCompactor inner;
        if (work.equals("masking")) {
            List<Item> hundred = new ConversationGenerator(43).conversation(100);
            TokenCounter.forModel(MODEL).count(hundred);
            inner = ToolOutputMaskingCompactor.builder().build();
            request = CompactionRequest.builder().model(MODEL).items(hundred).build();
        } else {
            List<Item> ten = new ConversationGenerator(42).conversation(10);
            inner = new TracedCompactor() {
                @Override
                public String name() {
                    return "bench";
                }

                @Override
                protected CompactionResult.Builder doCompact(CompactionRequest r) {
                    return CompactionResult.builder().items(ten).strategy("bench").tokensBefore(2_000)
                            .tokensAfter(1_000).itemsBefore(10);
                }
            };
            request = CompactionRequest.builder().model(MODEL).items(ten).attribute("agent_id", "agent_a").build();
        }
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingSpanExporter()).build()).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader
                        .builder(new DroppingMetricExporter()).setInterval(Duration.ofSeconds(1)).build()).build())
                .build();
        bare = TracingCompactor.builder(inner).attribute("backend", "openai").build();
        disabled = TracingCompactor.builder(inner).attribute("backend", "openai")
                .listener(CompactionTelemetry.create(OpenTelemetry.noop()).listener()).build();
        traced = TracingCompactor.builder(inner).attribute("backend", "openai")
                .listener(CompactionTelemetry.create(sdk).listener()).build();
    }

    /** Shuts the SDK down. */
    @TearDown(Level.Trial)
    public void tearDown() {
        sdk.close();
    }

    /** @return the result, without telemetry */
    @Benchmark
    public CompactionResult baseline() {
        return bare.compact(request);
    }

    /** @return the result, the telemetry wired in on the API's no-op */
    @Benchmark
    public CompactionResult telemetryDisabled() {
        return disabled.compact(request);
    }

    /** @return the result, the telemetry recording every span and metric through the SDK */
    @Benchmark
    public CompactionResult telemetrySdk() {
        return traced.compact(request);
    }

    /** Takes every span and drops it. */
    static final class DroppingSpanExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Takes every metric and drops it. */
    static final class DroppingMetricExporter implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
