package io.github.compact4j.logging;

import static io.github.compact4j.logging.TestCompactors.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.Attempt;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.logging.TestCompactors.Chain;
import io.github.compact4j.logging.TestCompactors.Failing;
import io.github.compact4j.logging.TestCompactors.KeepLast;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * What every compaction call does for logging, through strategies that open the scope the way
 * the library's own do ({@link TracedCompactor}).
 */
class TraceScopeTest {

    static final String COMPACTION = "io.github.compact4j.compaction";
    static final String TRACE = "compact4j.trace_id";

    /** The caller's MDC, with keys of the same names as the library's, so restoring is exact. */
    static final Map<String, String> CALLER = Map.of(
            "app.user", "u1",
            "compact4j.agent_id", "outer-agent",
            "compact4j.strategy", "outer-strategy",
            TRACE, "not-a-w3c-trace-id");

    LogCapture capture;

    @BeforeEach
    void setUp() {
        MDC.setContextMap(new HashMap<>(CALLER));
        capture = LogCapture.all();
    }

    @AfterEach
    void tearDown() {
        capture.close();
        MDC.clear(); // the test's own thread; the library never does this
    }

    static Map<String, Object> kv(ILoggingEvent e) {
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        return pairs == null ? Map.of() : pairs.stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
    }

    static CompactionRequest attributed() {
        return request(6).attribute("agent_id", "agent_a").attribute("run_id", "run_7")
                .attribute("backend", "openai").attribute("name", "alpha").build();
    }

    /** Every event carries the same, valid trace id and span id; returns the trace id. */
    String oneTraceId(List<ILoggingEvent> events) {
        assertFalse(events.isEmpty());
        Set<String> traces = events.stream().map(e -> e.getMDCPropertyMap().get(TRACE)).collect(Collectors.toSet());
        assertEquals(1, traces.size(), "trace ids " + traces);
        String id = traces.iterator().next();
        assertTrue(TraceContext.isValidTraceId(id), id);
        Set<String> spans = events.stream().map(e -> e.getMDCPropertyMap().get("compact4j.span_id")).collect(Collectors.toSet());
        assertEquals(1, spans.size(), "span ids " + spans);
        return id;
    }

    @Test
    void syncCallLogsStartAndEndWithOneTraceIdAndRestoresTheCallerMdc() {
        KeepLast s = new KeepLast("keep-last");
        CompactionResult r = s.compact(attributed());

        assertEquals(CALLER, MDC.getCopyOfContextMap());
        List<ILoggingEvent> events = capture.events();
        assertEquals(3, events.size(), events.toString());
        assertEquals(r.traceId(), oneTraceId(events));

        ILoggingEvent start = events.get(0);
        assertEquals(Level.DEBUG, start.getLevel());
        assertEquals(COMPACTION, start.getLoggerName());
        assertEquals("generated", kv(start).get("trace_source"));
        assertEquals(6, kv(start).get("items_before"));

        Map<String, String> during = events.get(1).getMDCPropertyMap();
        assertEquals("agent_a", during.get("compact4j.agent_id"));
        assertEquals("run_7", during.get("compact4j.run_id"));
        assertEquals("openai", during.get("compact4j.backend"));
        assertEquals("alpha", during.get("compact4j.name"));
        assertEquals("gpt-5.1", during.get("compact4j.model"));
        assertEquals("keep-last", during.get("compact4j.strategy"));
        assertEquals("u1", during.get("app.user"), "the caller's own keys stay visible during the call");

        ILoggingEvent end = events.get(2);
        assertEquals(Level.INFO, end.getLevel());
        Map<String, Object> f = kv(end);
        assertEquals("keep-last", f.get("strategy"));
        assertEquals(6, f.get("items_before"));
        assertEquals(1, f.get("items_after"));
        assertEquals(60, f.get("tokens_before"));
        assertEquals(10, f.get("tokens_after"));
        assertEquals(50, f.get("tokens_saved"));
        assertEquals("83.3", f.get("saved_pct"));
        assertEquals("req_keep-last", f.get("request_ids"));
        assertEquals(false, f.get("fell_back"));
        assertTrue(f.containsKey("elapsed_ms"));
        String msg = end.getFormattedMessage();
        assertTrue(msg.contains("items 6 -> 1, tokens 60 -> 10 (83.3% saved)") && msg.contains("req_keep-last"), msg);

        assertEquals(1, r.attempts().size());
        assertEquals(Attempt.Outcome.SUCCEEDED, r.attempts().get(0).outcome());
    }

    @Test
    void failureLogsAWarningWithTheCauseChainAndRestoresTheCallerMdc() {
        Failing s = new Failing("broken");
        CompactionException e = assertThrows(CompactionException.class, () -> s.compact(attributed()));

        assertEquals(CALLER, MDC.getCopyOfContextMap());
        List<ILoggingEvent> events = capture.events();
        assertEquals(3, events.size(), events.toString());
        assertEquals(e.traceId().orElseThrow(), oneTraceId(events));
        ILoggingEvent warn = events.get(2);
        assertEquals(Level.WARN, warn.getLevel());
        assertNotNull(warn.getThrowableProxy(), "the exception is attached");
        String msg = warn.getFormattedMessage();
        assertTrue(msg.startsWith("compaction failed: broken after "), msg);
        assertTrue(msg.contains("caused by IOException: connection reset by REDACTED"), msg);
        assertFalse(msg.contains("sk-proj"), msg);
        assertEquals("CompactionException", kv(warn).get("error"));
    }

    @Test
    void callerGivenTraceIdIsUsed() {
        CompactionResult r = new KeepLast("k").compact(request(2).traceId("4BF92F3577B34DA6A3CE929D0E0E4736").build());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.traceId());
        assertEquals(r.traceId(), oneTraceId(capture.events()));
        assertEquals("request", kv(capture.events().get(0)).get("trace_source"));
    }

    @Test
    void traceIdAlreadyInTheMdcIsAdopted() {
        String ours = "0af7651916cd43dd8448eb211c80319c";
        MDC.put(TRACE, ours);
        Map<String, String> before = MDC.getCopyOfContextMap();
        CompactionResult r = new KeepLast("k").compact(request(2).build());
        assertEquals(ours, r.traceId());
        assertEquals(ours, oneTraceId(capture.events()));
        assertEquals("mdc", kv(capture.events().get(0)).get("trace_source"));
        assertEquals(before, MDC.getCopyOfContextMap());
    }

    @Test
    void plainTraceIdKeysAreAdoptedWhenTheyHoldW3cIdsAndIgnoredOtherwise() {
        MDC.put("trace_id", "ABCDEF0123456789ABCDEF0123456789");
        assertEquals("abcdef0123456789abcdef0123456789", new KeepLast("k").compact(request(2).build()).traceId());
        MDC.remove("trace_id");

        MDC.put("traceId", "1234567890abcdef1234567890abcdef");
        assertEquals("1234567890abcdef1234567890abcdef", new KeepLast("k").compact(request(2).build()).traceId());

        MDC.put("traceId", "123e4567-e89b-12d3-a456-426614174000"); // a UUID is not a W3C trace id
        String generated = new KeepLast("k").compact(request(2).build()).traceId();
        assertTrue(TraceContext.isValidTraceId(generated));
        assertNotEquals("123e4567e89b12d3a456426614174000", generated);
    }

    @Test
    void requestTraceIdWinsOverTheMdc() {
        MDC.put(TRACE, "0af7651916cd43dd8448eb211c80319c");
        CompactionResult r = new KeepLast("k").compact(request(2).traceId("4bf92f3577b34da6a3ce929d0e0e4736").build());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.traceId());
        assertEquals("0af7651916cd43dd8448eb211c80319c", MDC.get(TRACE), "caller's value restored");
    }

    @Test
    void everyCallGetsItsOwnSpanId() {
        String id = "4bf92f3577b34da6a3ce929d0e0e4736";
        KeepLast s = new KeepLast("k");
        s.compact(request(2).traceId(id).build());
        s.compact(request(2).traceId(id).build());
        assertEquals(2, s.mdcSeen.stream().map(m -> m.get("compact4j.span_id")).distinct().count());
    }

    // ---- async ----

    void assertAsyncRun(KeepLast s, CompactionResult r, Thread caller) {
        assertEquals(CALLER, MDC.getCopyOfContextMap(), "caller's MDC untouched");
        Thread worker = s.threads.get(0);
        assertNotEquals(caller, worker);
        Map<String, String> seen = s.mdcSeen.get(0);
        assertEquals(r.traceId(), seen.get(TRACE));
        assertEquals("agent_a", seen.get("compact4j.agent_id"));
        assertEquals("u1", seen.get("app.user"), "the caller's MDC followed the call");
        List<ILoggingEvent> events = capture.events();
        assertEquals(3, events.size(), events.toString());
        assertEquals(r.traceId(), oneTraceId(events));
        // (logback names a nameless virtual thread itself, so compare against the caller's name)
        assertTrue(events.stream().noneMatch(e -> e.getThreadName().equals(caller.getName())), "logged on the worker");
    }

    @Test
    void asyncOnTheDefaultExecutorCarriesTheTraceAndTheCallerMdc() throws Exception {
        KeepLast s = new KeepLast("k");
        CompactionResult r = s.compactAsync(attributed()).get(30, TimeUnit.SECONDS);
        assertAsyncRun(s, r, Thread.currentThread());
        assertTrue(s.threads.get(0).getName().startsWith("compact4j-async-"), s.threads.get(0).getName());
    }

    @Test
    void asyncOnACustomExecutorRestoresTheWorkersOwnMdcAfterwards() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            exec.submit(() -> MDC.put("worker.own", "w")).get();
            KeepLast s = new KeepLast("k");
            CompactionResult r = s.compactAsync(attributed(), exec).get(30, TimeUnit.SECONDS);
            assertAsyncRun(s, r, Thread.currentThread());
            assertNull(s.mdcSeen.get(0).get("worker.own"), "the task sees the caller's MDC, not the worker's");
            assertEquals(Map.of("worker.own", "w"), exec.submit(() -> MDC.getCopyOfContextMap()).get());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void asyncOnVirtualThreadsWhenTheJdkHasThem() throws Exception {
        Method factory;
        try {
            factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            factory = null;
        }
        Assumptions.assumeTrue(factory != null, "no virtual threads on JDK " + Runtime.version());
        ExecutorService exec = (ExecutorService) factory.invoke(null);
        try {
            KeepLast s = new KeepLast("k");
            CompactionResult r = s.compactAsync(attributed(), exec).get(30, TimeUnit.SECONDS);
            assertAsyncRun(s, r, Thread.currentThread());
            assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(s.threads.get(0)));
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void asyncFailureCarriesTheTraceAndLeavesBothMdcsAsTheyWere() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            Failing s = new Failing("broken");
            ExecutionException ee = assertThrows(ExecutionException.class,
                    () -> s.compactAsync(attributed(), exec).get(30, TimeUnit.SECONDS));
            CompactionException e = assertInstanceOf(CompactionException.class, ee.getCause());
            assertEquals(CALLER, MDC.getCopyOfContextMap());
            List<ILoggingEvent> events = capture.events();
            assertEquals(e.traceId().orElseThrow(), oneTraceId(events));
            assertEquals(Level.WARN, events.get(events.size() - 1).getLevel());
            assertEquals("u1", s.mdcSeen.get(0).get("app.user"));
            assertEquals(Map.of(), exec.submit(() -> {
                Map<String, String> m = MDC.getCopyOfContextMap();
                return m == null ? Map.of() : m;
            }).get());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void completableFutureStagesSeeTheCallerMdcThroughAWrappedExecutor() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            KeepLast s = new KeepLast("k");
            CompletableFuture<String> wrapped = s.compactAsync(attributed())
                    .thenApplyAsync(r -> MDC.get("app.user") + "/" + r.strategy(), LogContext.wrap(exec));
            assertEquals("u1/k", wrapped.get(30, TimeUnit.SECONDS));
            // the same stage on the bare executor starts with an empty MDC: the wrapper is what carries it
            CompletableFuture<String> bare = s.compactAsync(attributed())
                    .thenApplyAsync(r -> MDC.get("app.user") + "/" + r.strategy(), exec);
            assertEquals("null/k", bare.get(30, TimeUnit.SECONDS));
        } finally {
            exec.shutdownNow();
        }
    }

    // ---- nesting and fallback ----

    @Test
    void aFallbackChainLogsOneStartOneEndAndAWarningForTheFallbackUnderOneTraceId() {
        Failing first = new Failing("native");
        KeepLast second = new KeepLast("summarizing");
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompactionListener listener = new CompactionListener() {
            @Override public void onStart(StartEvent e) { heard.add("start " + e.strategy()); }
            @Override public void onAttemptFailed(AttemptFailedEvent e) { heard.add("failed " + e.strategy()); }
            @Override public void onFallback(FallbackEvent e) { heard.add("fallback " + e.from() + "->" + e.to()); }
            @Override public void onSuccess(SuccessEvent e) { heard.add("success " + e.result().strategy()); }
            @Override public void onFailure(FailureEvent e) { heard.add("failure"); }
        };
        CompactionResult r = TracingCompactor.builder(new Chain(first, second)).listener(listener).build()
                .compact(attributed());

        assertEquals(CALLER, MDC.getCopyOfContextMap());
        assertEquals(List.of("start chain", "failed native", "fallback native->summarizing", "success summarizing"), heard);
        assertEquals(r.traceId(), oneTraceId(capture.events()));

        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(List.of(Level.DEBUG, Level.WARN, Level.INFO), lib.stream().map(ILoggingEvent::getLevel).toList(),
                lib.toString());
        Map<String, Object> fallback = kv(lib.get(1));
        assertEquals("native", fallback.get("strategy"));
        assertEquals("summarizing", fallback.get("next_strategy"));
        assertTrue(lib.get(1).getFormattedMessage().contains("falling back to summarizing"));
        Map<String, Object> end = kv(lib.get(2));
        assertEquals("summarizing", end.get("strategy"));
        assertEquals("chain", end.get("compactor"));
        assertEquals(true, end.get("fell_back"));

        List<ILoggingEvent> app = capture.from(LogCapture.APP);
        assertEquals("native", app.get(0).getMDCPropertyMap().get("compact4j.strategy"));
        assertEquals("summarizing", app.get(1).getMDCPropertyMap().get("compact4j.strategy"));
        assertEquals("chain", lib.get(2).getMDCPropertyMap().get("compact4j.strategy"),
                "a nested call's strategy is put back when it ends");
        assertTrue(r.fellBack());
        assertEquals(List.of(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED),
                r.attempts().stream().map(Attempt::outcome).toList());
    }

    @Test
    void theSkipAndFallbackReportsAChainMakesReachLogsAndListeners() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompactionListener listener = new CompactionListener() {
            @Override public void onAttemptFailed(AttemptFailedEvent e) { heard.add("failed " + e.strategy()); }
            @Override public void onFallback(FallbackEvent e) { heard.add("fallback " + e.from() + "->" + e.to() + ": " + e.reason()); }
        };
        KeepLast last = new KeepLast("masking");
        // a chain reporting a skipped strategy and a failed one through the hooks FallbackChain uses
        TracedCompactor chain = new TracedCompactor() {
            @Override public String name() { return "chain"; }
            @Override protected CompactionResult.Builder doCompact(CompactionRequest r) {
                reportSkipped("openai-compact", "not supported by this backend", "summarizing");
                try {
                    new Failing("summarizing").compact(r);
                } catch (CompactionException e) {
                    reportAttemptFailed("summarizing", e, java.time.Duration.ZERO, "masking");
                }
                return last.compact(r).toBuilder();
            }
        };
        CompactionResult r = TracingCompactor.builder(chain).listener(listener).build().compact(attributed());
        assertEquals(List.of("fallback openai-compact->summarizing: not supported by this backend", "failed summarizing",
                "fallback summarizing->masking: CompactionException: summarizing compaction failed. [trace_id=" + r.traceId() + "]"),
                heard);
        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(List.of(Level.DEBUG, Level.DEBUG, Level.WARN, Level.INFO), lib.stream().map(ILoggingEvent::getLevel).toList(),
                lib.toString());
        assertEquals("not supported by this backend", kv(lib.get(1)).get("skip_reason"));
        assertEquals("masking", kv(lib.get(2)).get("next_strategy"));
        assertEquals(r.traceId(), oneTraceId(capture.events()));
    }

    @Test
    void aChainWhoseEveryStrategyFailsLogsOneFailureWithTheLastCause() {
        CompactionException e = assertThrows(CompactionException.class,
                () -> new Chain(new Failing("a"), new Failing("b")).compact(attributed()));
        assertEquals(CALLER, MDC.getCopyOfContextMap());
        assertEquals(e.traceId().orElseThrow(), oneTraceId(capture.events()));
        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(List.of(Level.DEBUG, Level.WARN, Level.DEBUG, Level.WARN),
                lib.stream().map(ILoggingEvent::getLevel).toList(), lib.toString());
        assertTrue(lib.get(2).getFormattedMessage().contains("not falling back"));
        assertTrue(lib.get(3).getFormattedMessage().startsWith("compaction failed: chain after"));
    }

    @Test
    void wrappingALibraryStrategyDoesNotLogTwice() {
        CompactionResult r = TracingCompactor.wrap(new KeepLast("k")).compact(attributed());
        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(List.of(Level.DEBUG, Level.INFO), lib.stream().map(ILoggingEvent::getLevel).toList());
        assertEquals(r.traceId(), oneTraceId(capture.events()));
    }

    @Test
    void aNestedCallWithAnotherTraceIdIsACallOfItsOwn() {
        String other = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        KeepLast inner = new KeepLast("inner");
        CompactionResult[] innerResult = new CompactionResult[1];
        TestCompactors.Plain outer = new TestCompactors.Plain() {
            @Override
            public CompactionResult compact(CompactionRequest request) {
                innerResult[0] = inner.compact(request.toBuilder().traceId(other).build());
                return super.compact(request);
            }
        };
        CompactionResult r = TracingCompactor.wrap(outer).compact(request(3).build());
        assertEquals(other, innerResult[0].traceId());
        assertNotEquals(other, r.traceId());
        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(4, lib.size(), lib.toString());
        assertEquals(other, inner.mdcSeen.get(0).get(TRACE));
        assertEquals(r.traceId(), outer.mdcSeen.get(0).get(TRACE), "the outer trace is back after the inner call");
    }

    @Test
    void disabledLevelsLogNothing() {
        capture.close();
        try (LogCapture quiet = new LogCapture(Level.OFF, "io.github.compact4j")) {
            new KeepLast("k").compact(request(2).build());
            assertThrows(CompactionException.class, () -> new Chain(new Failing("a"), new Failing("b")).compact(request(2).build()));
            assertEquals(List.of(), quiet.events());
        }
        capture = LogCapture.all();
    }
}
