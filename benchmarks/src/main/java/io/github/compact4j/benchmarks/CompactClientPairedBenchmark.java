package io.github.compact4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CompactClientBenchmark}'s time comparison made robust to a loaded machine: each
 * invocation makes the call with the buffered bare-client floor ({@code baselineBufferedOkHttp})
 * and with {@code OpenAiCompactClient}, back to back, in alternating order, against the same
 * {@link LocalCompactServer}. The two share every moment of the machine's load, so their ratio
 * holds when the absolute times do not. Reported as JMH auxiliary counters summed per iteration:
 * the wall time of each ({@code baselineNs}, {@code compact4jNs}: what the app waits, the
 * server's work included) and the calling thread's CPU time of each ({@code baselineCpuNs},
 * {@code compact4jCpuNs}: the client's own work; time spent waiting for a core does not count).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CompactClientPairedBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Conversation length in items, or {@code 10MB}, as in {@link CompactClientBenchmark}. */
    @Param({"10", "100", "1000", "10MB"})
    public String items;

    private final CompactClientBenchmark calls = new CompactClientBenchmark();
    private int turn;

    /** Wall and CPU time per client, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        /** Wall time of the buffered floor. */
        public long baselineNs;
        /** Wall time of compact4j. */
        public long compact4jNs;
        /** Calling thread's CPU time of the buffered floor. */
        public long baselineCpuNs;
        /** Calling thread's CPU time of compact4j. */
        public long compact4jCpuNs;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            baselineNs = 0;
            compact4jNs = 0;
            baselineCpuNs = 0;
            compact4jCpuNs = 0;
        }
    }

    /**
     * The server, the conversation and the clients of {@link CompactClientBenchmark}.
     *
     * @throws IOException when the server cannot start or a client fails its first call
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        calls.items = items;
        calls.setUp();
    }

    /**
     * Stops the server.
     *
     * @throws IOException when it cannot be stopped
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        calls.tearDown();
    }

    /**
     * Both calls, the first of them alternating.
     *
     * @param t where the times add up
     * @param bh keeps the answers alive
     * @throws IOException when the floor's call fails
     */
    @Benchmark
    public void bothClients(Times t, Blackhole bh) throws IOException {
        boolean floorFirst = (turn++ & 1) == 0;
        for (int i = 0; i < 2; i++) {
            boolean floor = floorFirst == (i == 0);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            if (floor) {
                bh.consume(calls.baselineBufferedOkHttp());
                t.baselineNs += System.nanoTime() - wall;
                t.baselineCpuNs += THREADS.getCurrentThreadCpuTime() - cpu;
            } else {
                bh.consume(calls.compact4j());
                t.compact4jNs += System.nanoTime() - wall;
                t.compact4jCpuNs += THREADS.getCurrentThreadCpuTime() - cpu;
            }
        }
    }
}
