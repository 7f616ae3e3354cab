package io.github.compact4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each HTTP and journal benchmark set up, called once per method and torn down, the way JMH does
 * it: a benchmark whose set-up throws is found here in seconds, not after a 10-minute run prints
 * nothing.
 */
class BenchmarkSetupTest {

    @Test
    void everyCompactClientClientAnswersAtTheSmallestSize() throws Exception {
        CompactClientBenchmark b = new CompactClientBenchmark();
        b.items = "10";
        b.setUp();
        try {
            assertFalse(b.baselineBareOkHttp().isEmpty());
            assertEquals(b.baselineBareOkHttp(), b.baselineBufferedOkHttp());
            assertEquals(b.baselineBareOkHttp().size(), b.compact4j().items().size());
            assertTrue(b.openaiJava() > 0);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void thePairedCallsAddUpTheirTimes() throws Exception {
        CompactClientPairedBenchmark b = new CompactClientPairedBenchmark();
        b.items = "10";
        b.setUp();
        try {
            CompactClientPairedBenchmark.Times t = new CompactClientPairedBenchmark.Times();
            org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            b.bothClients(t, bh);
            b.bothClients(t, bh);
            assertTrue(t.baselineNs > 0 && t.compact4jNs > 0, t.baselineNs + " / " + t.compact4jNs);
            assertTrue(t.baselineCpuNs > 0 && t.compact4jCpuNs > 0, t.baselineCpuNs + " / " + t.compact4jCpuNs);
            bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void bothJournalsAppend() throws Exception {
        JournalBenchmark b = new JournalBenchmark();
        b.items = 20;
        b.setUp();
        try {
            b.plain();
            b.durable();
            b.durable();
            assertEquals(1, java.nio.file.Files.readAllLines(b.dir.resolve("plain.jsonl")).size());
            assertEquals(2, java.nio.file.Files.readAllLines(b.dir.resolve("durable.jsonl")).size());
        } finally {
            b.tearDown();
        }
    }
}
