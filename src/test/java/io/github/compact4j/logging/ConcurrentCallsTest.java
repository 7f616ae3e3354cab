package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A thousand calls at once on a small pool: each sees its own trace and attributes, and no thread keeps them. */
class ConcurrentCallsTest {

    @Test
    void aThousandConcurrentCallsNeverSeeAnotherCallsContext() throws Exception {
        Map<String, Map<String, String>> seenByAgent = new ConcurrentHashMap<>();
        TracedCompactor recording = TestCompactors.traced("recording", r -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            seenByAgent.put(r.attributes().get("agent_id"), mdc == null ? Map.of() : mdc);
            Thread.yield(); // let other calls interleave with this one
            return io.github.compact4j.CompactionResult.builder().items(r.items());
        });
        ContextCompactor traced = TracingCompactor.builder(recording).attribute("backend", "test").build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<CompactionResult>> calls = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                CompactionRequest request = TestCompactors.request(2).attribute("agent_id", "agent_" + i).build();
                calls.add(traced.compactAsync(request, pool));
            }
            for (int i = 0; i < calls.size(); i++) {
                CompactionResult r = calls.get(i).get(30, TimeUnit.SECONDS);
                Map<String, String> seen = seenByAgent.get("agent_" + i);
                assertEquals(r.traceId(), seen.get("compact4j.trace_id"), "call " + i + " saw its own trace");
                assertEquals("agent_" + i, seen.get("compact4j.agent_id"));
                assertEquals("test", seen.get("compact4j.backend"));
            }
            assertEquals(1_000, seenByAgent.size());
            // and the pool's threads kept nothing of any call
            List<CompletableFuture<Map<String, String>>> after = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                after.add(CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, pool));
            }
            for (CompletableFuture<Map<String, String>> f : after) {
                Map<String, String> left = f.get(10, TimeUnit.SECONDS);
                assertNull(left == null || left.isEmpty() ? null : left, "a worker kept " + left);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
