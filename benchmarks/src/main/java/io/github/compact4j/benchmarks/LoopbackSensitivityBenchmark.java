package io.github.compact4j.benchmarks;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.openai.OpenAiCompactClient;
import java.io.IOException;
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
 * The control for {@link TracingOverheadBenchmark}'s HTTP figures: how much a loopback compaction
 * call's measured time grows when the client does a little more work per call that has nothing
 * to do with logging: a busy-wait of {@code extraNanos} after each call, every logger off.
 *
 * <p>With a server that answers in microseconds on the same two cores, the client and the
 * server thread hand the CPU back and forth. A few more microseconds on the client between two
 * requests let the server thread go fully to sleep, and waking it costs more than the work that
 * was added. The slope of time against {@code extraNanos} is that amplification; an INFO line's
 * cost on the HTTP call should be read against it, not against 1.0. Against a real endpoint,
 * which takes milliseconds to answer, the client always waits and the effect is gone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class LoopbackSensitivityBenchmark {

    /** Busy-waiting added after each call, in nanoseconds. */
    @Param({"0", "1000", "2000", "4000"})
    public long extraNanos;

    private LocalCompactServer server;
    private OpenAiCompactClient client;
    private CompactionRequest small;

    /**
     * The same client, server and 10-item request as {@code TracingOverheadBenchmark.httpCompaction}.
     *
     * @throws IOException when the server cannot start
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);
        List<Item> ten = new ConversationGenerator(42).conversation(10);
        server = new LocalCompactServer("application/json", CompactResponses.forConversation(ten, 12_000));
        client = OpenAiCompactClient.builder().apiKey("sk-bench-0000000000000000000000000000")
                .baseUrl(server.baseUrl()).okHttpClient(LocalCompactServer.noDelayClient()).build();
        small = CompactionRequest.builder().model("gpt-5.1-codex-max").items(ten).build();
    }

    /**
     * Stops the server.
     *
     * @throws IOException never in practice
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
    }

    /** @return the result of one call followed by {@code extraNanos} of busy-waiting */
    @Benchmark
    public CompactionResult httpCompactionThenBusy() {
        CompactionResult r = client.compact(small);
        long until = System.nanoTime() + extraNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return r;
    }
}
