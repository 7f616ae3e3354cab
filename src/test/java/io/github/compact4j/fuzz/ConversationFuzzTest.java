package io.github.compact4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.testing.SmallStack;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz of every conversation parser and of everything downstream of one: valid
 * conversations in the three formats, mutated (see {@link Mutation}), go into every text, tree,
 * stream and reader entry point; what parses goes into token counting, every writer, the masking
 * and the summarizing compactors. Nothing but a {@code CompactionException} may come out, nothing
 * may overflow a 1 MB stack, and the caller's input is never changed.
 *
 * <p>The run is deterministic. A failure names its case; to replay it alone, run this test with
 * {@code -Dcompact4j.fuzz.seed=<seed> -Dcompact4j.fuzz.case=<case>}. For a longer run, raise
 * {@code -Dcompact4j.fuzz.cases}.
 */
class ConversationFuzzTest {

    private static final long SEED = Long.getLong("compact4j.fuzz.seed", 0x2026_1203L);
    private static final int CASES = Integer.getInteger("compact4j.fuzz.cases", 10_000);
    private static final int ONLY = Integer.getInteger("compact4j.fuzz.case", -1);

    @Test
    void mutatedConversationsFailOnlyWithACompactionExceptionAndNeverOverflowASmallStack() {
        Fuzz fuzz = new Fuzz(SEED);
        long[] cpuNanos = {0};
        // failed compactions log at WARN with their stack traces: thousands of them, on purpose
        LogCapture quiet = new LogCapture(Level.OFF, "io.github.compact4j");
        try {
            SmallStack.run("fuzz", () -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long start = threads.getCurrentThreadCpuTime();
                if (ONLY >= 0) {
                    fuzz.runCase(ONLY);
                } else {
                    for (int i = 0; i < CASES; i++) {
                        fuzz.runCase(i);
                    }
                }
                cpuNanos[0] = threads.getCurrentThreadCpuTime() - start;
            });
        } finally {
            quiet.close();
        }
        if (ONLY >= 0) {
            return;
        }
        Fuzz.Stats s = fuzz.stats();
        // for information, not asserted: the CPU time of the fuzz thread, which load does not inflate
        System.out.printf("conversation fuzz: %d cases, seed %d, %.1f s of CPU; %s%n", CASES, SEED, cpuNanos[0] / 1e9, s);

        // a fuzz that never reaches the code it aims at proves nothing: check that it did
        for (Format f : Format.values()) {
            int parsed = s.parsed.getOrDefault(f, 0);
            int rejected = s.rejected.getOrDefault(f, 0);
            assertTrue(parsed >= CASES / 100 && rejected >= CASES / 100,
                    f + " should both parse and reject often: " + parsed + " parsed, " + rejected + " rejected");
        }
        for (Mutation m : Mutation.values()) {
            assertTrue(s.mutations.getOrDefault(m, 0) >= CASES / 400, m + " applied too rarely: " + s.mutations);
        }
        // each a third or less of what the default seed reaches, so only a real loss of reach fails
        reached("an over-deep text rejected", s.deepTextRejected, CASES / 50);
        reached("an over-deep tree rejected", s.deepTreeRejected, CASES / 50);
        reached("a value right at the depth limit parsed", s.boundaryParsed, CASES / 400);
        reached("text and tree compared", s.agreements, CASES / 4);
        reached("a masked conversation", s.masked, CASES / 5);
        reached("a summarized conversation", s.summarized, CASES / 5);
    }

    private static void reached(String what, int times, int atLeast) {
        assertTrue(times >= atLeast, what + ": " + times + " times, fewer than " + atLeast);
    }
}
