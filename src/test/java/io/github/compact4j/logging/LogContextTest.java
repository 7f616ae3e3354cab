package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void tearDown() {
        MDC.clear(); // the test's own thread
    }

    @Test
    void closeRestoresOldValuesAndRemovesKeysThatWereAbsent() {
        MDC.put("compact4j.agent_id", "outer");
        MDC.put("other", "kept");
        Map<String, String> before = MDC.getCopyOfContextMap();
        try (LogContext ctx = LogContext.open(MdcKeys.defaults())) {
            ctx.put("agent_id", "inner").put("run_id", "r1").put("agent_id", "inner2").putKey("raw", "v");
            assertEquals("inner2", MDC.get("compact4j.agent_id"));
            assertEquals("r1", MDC.get("compact4j.run_id"));
            assertEquals("v", MDC.get("raw"));
            assertEquals("kept", MDC.get("other"));
        }
        assertEquals(before, MDC.getCopyOfContextMap());
    }

    @Test
    void aNullValueHidesAKeyForTheScopeOnly() {
        MDC.put("compact4j.backend", "outer");
        try (LogContext ctx = LogContext.open(MdcKeys.defaults()).put("backend", null)) {
            assertNull(MDC.get("compact4j.backend"));
        }
        assertEquals("outer", MDC.get("compact4j.backend"));
    }

    @Test
    void nestedScopesUnwindInOrder() {
        MDC.put("compact4j.strategy", "app");
        try (LogContext outer = LogContext.open(MdcKeys.defaults()).put("strategy", "chain")) {
            try (LogContext inner = LogContext.open(MdcKeys.defaults()).put("strategy", "masking")) {
                assertEquals("masking", MDC.get("compact4j.strategy"));
            }
            assertEquals("chain", MDC.get("compact4j.strategy"));
        }
        assertEquals(Map.of("compact4j.strategy", "app"), MDC.getCopyOfContextMap());
    }

    @Test
    void traceIsPutAndMadeCurrentUntilClose() {
        TraceContext t = TraceContext.of(null);
        try (LogContext ctx = LogContext.open(MdcKeys.defaults()).trace(t)) {
            assertEquals(t.traceId(), MDC.get("compact4j.trace_id"));
            assertEquals(t.spanId(), MDC.get("compact4j.span_id"));
            assertSame(t, TraceContext.current().orElseThrow());
            assertThrows(IllegalStateException.class, () -> ctx.trace(TraceContext.of(null)));
        }
        assertNull(TraceContext.currentTraceId());
        assertNull(MDC.get("compact4j.trace_id"));
        assertNull(MDC.get("compact4j.span_id"));
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseFails() {
        MDC.put("compact4j.model", "m0");
        LogContext ctx = LogContext.open(MdcKeys.defaults()).put("model", "m1");
        ctx.close();
        MDC.put("compact4j.model", "m2"); // the app moved on
        ctx.close();
        assertEquals("m2", MDC.get("compact4j.model"), "a second close must not restore again");
        assertThrows(IllegalStateException.class, () -> ctx.put("model", "x"));
    }

    @Test
    void closingOnAnotherThreadIsRefusedAndLeavesThatThreadAlone() throws Exception {
        LogContext ctx = LogContext.open(MdcKeys.defaults()).put("agent_id", "a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            MDC.put("compact4j.agent_id", "theirs");
            try {
                ctx.close();
            } catch (Throwable e) {
                thrown.set(e);
            }
            assertEquals("theirs", MDC.get("compact4j.agent_id"));
        });
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        ctx.close();
        assertNull(MDC.get("compact4j.agent_id"));
    }

    @Test
    void omittedFieldsAreNotPut() {
        MdcKeys keys = MdcKeys.builder().omit("span_id").build();
        TraceContext t = TraceContext.of(null);
        try (LogContext ctx = LogContext.open(keys).trace(t).put("span_id", "x")) {
            assertEquals(Map.of("compact4j.trace_id", t.traceId()), MDC.getCopyOfContextMap());
        }
    }

    @Test
    void wrappedExecutorCarriesTheSubmittersContextAndRestoresTheWorkers() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> MDC.put("worker", "own")).get();
            TraceContext t = TraceContext.of(null);
            String[] seen = new String[3];
            try (LogContext ctx = LogContext.open(MdcKeys.defaults()).trace(t).put("agent_id", "a7")) {
                CompletableFuture.runAsync(() -> {
                    seen[0] = MDC.get("compact4j.agent_id");
                    seen[1] = TraceContext.currentTraceId();
                    seen[2] = MDC.get("worker");
                }, LogContext.wrap(pool)).get(10, TimeUnit.SECONDS);
            }
            assertEquals("a7", seen[0]);
            assertEquals(t.traceId(), seen[1]);
            assertNull(seen[2], "the task runs with the submitter's MDC, not the worker's");
            assertEquals(Map.of("worker", "own"), pool.submit(() -> new HashMap<>(MDC.getCopyOfContextMap())).get());
            assertNull(pool.submit(TraceContext::currentTraceId).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrappedSupplierCapturesWhenWrappedNotWhenRun() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            MDC.put("app.step", "planning");
            java.util.function.Supplier<String> task = LogContext.wrap(() -> MDC.get("app.step"));
            MDC.put("app.step", "acting");
            assertEquals("planning", CompletableFuture.supplyAsync(task, pool).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
