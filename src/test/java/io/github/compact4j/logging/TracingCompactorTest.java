package io.github.compact4j.logging;

import static io.github.compact4j.logging.TestCompactors.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.logging.TestCompactors.Failing;
import io.github.compact4j.logging.TestCompactors.KeepLast;
import io.github.compact4j.logging.TestCompactors.Plain;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracingCompactorTest {

    static final String COMPACTION = TraceScopeTest.COMPACTION;
    LogCapture capture;

    @BeforeEach
    void setUp() {
        capture = LogCapture.all();
    }

    @AfterEach
    void tearDown() {
        capture.close();
        MDC.clear(); // the test's own thread
    }

    /** Records every event it hears as a short line. */
    static class Recorder implements CompactionListener {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final List<String> traceIds = new CopyOnWriteArrayList<>();
        final List<String> mdcTraceIds = new CopyOnWriteArrayList<>();

        private void add(String what, String traceId) {
            heard.add(what);
            traceIds.add(traceId);
            mdcTraceIds.add(MDC.get("compact4j.trace_id"));
        }

        @Override public void onStart(StartEvent e) { add("start " + e.strategy() + " " + e.items(), e.traceId()); }
        @Override public void onAttemptFailed(AttemptFailedEvent e) { add("failed " + e.strategy(), e.traceId()); }
        @Override public void onFallback(FallbackEvent e) { add("fallback " + e.from() + "->" + e.to(), e.traceId()); }
        @Override public void onSuccess(SuccessEvent e) { add("success " + e.result().tokensAfter(), e.traceId()); }
        @Override public void onFailure(FailureEvent e) { add("failure " + e.failure().getClass().getSimpleName(), e.traceId()); }
    }

    @Test
    void tracesAUsersOwnCompactor() {
        Plain plain = new Plain();
        Recorder rec = new Recorder();
        CompactionResult r = TracingCompactor.builder(plain).listener(rec).build()
                .compact(request(4).attribute("agent_id", "a1").build());
        assertEquals("plain", r.strategy());
        assertTrue(TraceContext.isValidTraceId(r.traceId()), "the decorator fills the trace id in");
        assertEquals(1, r.attempts().size());
        assertEquals(r.traceId(), plain.mdcSeen.get(0).get("compact4j.trace_id"));
        assertEquals("a1", plain.mdcSeen.get(0).get("compact4j.agent_id"));
        assertEquals(List.of("start plain 4", "success 5"), rec.heard);
        assertEquals(List.of(r.traceId(), r.traceId()), rec.traceIds);
        assertEquals(List.of(r.traceId(), r.traceId()), rec.mdcTraceIds, "listeners run inside the scope");
        assertEquals(List.of(Level.DEBUG, Level.INFO),
                capture.from(COMPACTION).stream().map(ILoggingEvent::getLevel).toList());
    }

    @Test
    void listenersHearTheCompactorsAttributesUnderTheRequests() {
        List<Map<String, String>> heard = new CopyOnWriteArrayList<>();
        CompactionListener l = new CompactionListener() {
            @Override public void onStart(StartEvent e) { heard.add(e.attributes()); }
        };
        ContextCompactor c = TracingCompactor.builder(new Plain()).listener(l)
                .attribute("backend", "openai").attribute("team", "search").attribute("model", "not-the-call's").build();
        c.compact(request(2).attribute("agent_id", "a1").attribute("team", "billing").build());
        assertEquals(Map.of("backend", "openai", "team", "billing", "agent_id", "a1"), heard.get(0),
                "the compactor's attributes, the request's winning, never a field of the call");
        c.compact(request(2).build());
        assertEquals(Map.of("backend", "openai", "team", "search"), heard.get(1));
        // nested inside another call, the inner compactor's own listeners hear its attributes too
        ContextCompactor outer = TestCompactors.traced("outer", r -> c.compact(r).toBuilder());
        outer.compact(request(2).attribute("agent_id", "a2").build());
        assertEquals(Map.of("backend", "openai", "team", "search", "agent_id", "a2"), heard.get(2));
        assertEquals(3, heard.size());
    }

    @Test
    void aDisabledListenerHearsNothingAndIsAskedOncePerCall() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(false);
        Recorder off = new Recorder() {
            @Override public boolean isEnabled() { asked.incrementAndGet(); return on.get(); }
        };
        Recorder always = new Recorder();
        List<Boolean> listeningInside = new CopyOnWriteArrayList<>();
        ContextCompactor inner = TestCompactors.traced("inner", r -> {
            listeningInside.add(CallEvents.listening());
            on.set(!on.get()); // flipping it mid-call changes nothing for this call
            return CompactionResult.builder().items(r.items()).tokensBefore(10).tokensAfter(5).itemsBefore(r.items().size());
        });

        TracingCompactor.builder(inner).listener(off).build().compact(request(2).build());
        assertEquals(List.of(), off.heard);
        assertEquals(List.of(false), listeningInside, "nobody listening: no HTTP attempt event would be built");
        assertEquals(1, asked.get());

        on.set(true);
        TracingCompactor.builder(inner).listener(off).listener(always).build().compact(request(2).build());
        assertEquals(List.of("start inner 2", "success 5"), off.heard, "enabled at the start, it hears the whole call");
        assertEquals(List.of("start inner 2", "success 5"), always.heard);

        // on is false again: the mixed call tells only the enabled listener
        TracingCompactor.builder(inner).listener(off).listener(always).build().compact(request(3).build());
        assertEquals(2, off.heard.size());
        assertEquals(List.of("start inner 2", "success 5", "start inner 3", "success 5"), always.heard);
        assertEquals(List.of(false, true, true), listeningInside);

        // a listener whose isEnabled throws is left out of the call, which goes on
        Recorder broken = new Recorder() {
            @Override public boolean isEnabled() { throw new IllegalStateException("boom"); }
        };
        assertEquals(5, TracingCompactor.builder(inner).listener(broken).build().compact(request(2).build()).tokensAfter());
        assertEquals(List.of(), broken.heard);
        assertTrue(capture.events().stream().anyMatch(e -> e.getFormattedMessage().contains("threw from isEnabled")));
    }

    @Test
    void aResultTheScopeCannotCompleteFailsTheCallAndListenersHearIt() {
        Recorder rec = new Recorder();
        // no items: the compactor's builder cannot be built
        ContextCompactor broken = TestCompactors.traced("broken", r -> CompactionResult.builder().tokensBefore(1));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> TracingCompactor.builder(broken).listener(rec).build().compact(request(2).build()));
        assertEquals(List.of("start broken 2", "failure " + e.getClass().getSimpleName()), rec.heard);
        assertEquals(1, capture.from(COMPACTION).stream().filter(l -> l.getLevel() == Level.WARN).count());

        // nested inside another call, its own listeners hear the failure too
        Recorder inner = new Recorder();
        ContextCompactor wrapped = TracingCompactor.builder(broken).listener(inner).build();
        assertThrows(RuntimeException.class, () -> TestCompactors.traced("outer", r -> wrapped.compact(r).toBuilder())
                .compact(request(2).build()));
        assertEquals(List.of("start broken 2", "failure " + e.getClass().getSimpleName()), inner.heard);
    }

    @Test
    void wrapNeverWrapsTwice() {
        TracingCompactor once = TracingCompactor.wrap(new Plain());
        assertSame(once, TracingCompactor.wrap(once));
        Recorder rec = new Recorder();
        TracingCompactor rebuilt = TracingCompactor.builder(once).listener(rec).build();
        assertFalse(rebuilt.delegate() instanceof TracingCompactor, "the builder unwraps, so there is one layer");
        assertSame(once.delegate(), rebuilt.delegate());
        rebuilt.compact(request(2).build());
        assertEquals(2, capture.from(COMPACTION).size());
        assertEquals(2, rec.heard.size());
    }

    @Test
    void failureIsReportedToListenersAndRethrownUnchanged() {
        Recorder rec = new Recorder();
        Failing failing = new Failing("f");
        CompactionException e = assertThrows(CompactionException.class,
                () -> TracingCompactor.builder(failing).listener(rec).build().compact(request(2).build()));
        assertEquals(List.of("start f 2", "failure CompactionException"), rec.heard);
        assertEquals(e.traceId().orElseThrow(), rec.traceIds.get(1));
    }

    @Test
    void aListenerThatThrowsIsLoggedAndTheCompactionGoesOn() {
        CompactionListener bad = new CompactionListener() {
            @Override
            public void onSuccess(SuccessEvent e) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        Recorder after = new Recorder();
        CompactionResult r = TracingCompactor.builder(new Plain()).listener(bad).listener(after).build()
                .compact(request(2).build());
        assertNotNull(r);
        assertEquals(List.of("start plain 2", "success 5"), after.heard, "later listeners still hear");
        List<ILoggingEvent> warned = capture.from("io.github.compact4j.listener");
        assertEquals(1, warned.size());
        assertEquals(Level.WARN, warned.get(0).getLevel());
        assertTrue(warned.get(0).getFormattedMessage().contains("onSuccess"));
        assertEquals("metrics backend down", warned.get(0).getThrowableProxy().getMessage());
        assertEquals(r.traceId(), warned.get(0).getMDCPropertyMap().get("compact4j.trace_id"));
    }

    @Test
    void listenersBelongToTheirCompactor() {
        Recorder mine = new Recorder();
        ContextCompactor withListener = TracingCompactor.builder(new KeepLast("k")).listener(mine).build();
        withListener.compact(request(3).build());
        TracingCompactor.wrap(new Plain()).compact(request(2).build());   // another compactor's call
        new KeepLast("k").compact(request(3).build());                      // an unwrapped one
        assertEquals(List.of("start k 3", "success 10"), mine.heard);
        withListener.compact(request(3).build());
        assertEquals(4, mine.heard.size());
    }

    @Test
    void aListenerOnAnInnerCompactorHearsItsOwnCallOnly() {
        Recorder outer = new Recorder();
        Recorder inner = new Recorder();
        ContextCompactor innerTraced = TracingCompactor.builder(new KeepLast("inner")).listener(inner).build();
        ContextCompactor outerTraced = TracingCompactor.builder(new TestCompactors.Chain(new Failing("first"), innerTraced))
                .listener(outer).build();
        CompactionResult r = outerTraced.compact(request(4).build());
        assertEquals(List.of("start chain 4", "failed first", "fallback first->inner", "success 10"), outer.heard);
        assertEquals(List.of("start inner 4", "success 10"), inner.heard);
        assertTrue(inner.traceIds.stream().allMatch(r.traceId()::equals));
        assertEquals(2, capture.from(COMPACTION).stream().filter(e -> e.getLevel() != Level.WARN).count(),
                "one start and one end line for the whole call");
    }

    @Test
    void levelsAreOptions() {
        TracingCompactor quiet = TracingCompactor.builder(new Plain())
                .successLevel(org.slf4j.event.Level.DEBUG).build();
        quiet.compact(request(2).build());
        assertEquals(List.of(Level.DEBUG, Level.DEBUG),
                capture.from(COMPACTION).stream().map(ILoggingEvent::getLevel).toList());
        capture.clear();
        TracingCompactor loud = TracingCompactor.builder(new Failing("f"))
                .failureLevel(org.slf4j.event.Level.ERROR).build();
        assertThrows(CompactionException.class, () -> loud.compact(request(2).build()));
        List<ILoggingEvent> lib = capture.from(COMPACTION);
        assertEquals(Level.ERROR, lib.get(lib.size() - 1).getLevel());
    }

    @Test
    void ownMdcKeysRenameAndOmitFieldsAndAreUsedToAdoptATraceId() {
        MdcKeys keys = MdcKeys.builder().prefix("llm.").rename("trace_id", "x_trace").rename("agent_id", "agent")
                .omit("span_id").omit("secret_attr").build();
        Plain plain = new Plain();
        MDC.put("x_trace", "0af7651916cd43dd8448eb211c80319c");
        CompactionResult r = TracingCompactor.builder(plain).mdcKeys(keys).build()
                .compact(request(2).attribute("agent_id", "a1").attribute("secret_attr", "s").attribute("run_id", "r1").build());
        assertEquals("0af7651916cd43dd8448eb211c80319c", r.traceId());
        Map<String, String> seen = plain.mdcSeen.get(0);
        assertEquals("a1", seen.get("agent"));
        assertEquals("r1", seen.get("llm.run_id"));
        assertEquals("plain", seen.get("llm.strategy"));
        assertFalse(seen.keySet().stream().anyMatch(k -> k.contains("span_id") || k.contains("secret_attr")), seen.toString());
        assertFalse(seen.keySet().stream().anyMatch(k -> k.startsWith("compact4j.")), seen.toString());
        assertEquals(Map.of("x_trace", "0af7651916cd43dd8448eb211c80319c"), MDC.getCopyOfContextMap());
    }

    @Test
    void attributesCannotOverrideTheFieldsOfTheCall() {
        Plain plain = new Plain();
        CompactionResult r = TracingCompactor.wrap(plain).compact(request(2).attribute("trace_id", "x")
                .attribute("strategy", "y").attribute("model", "z").build());
        Map<String, String> seen = plain.mdcSeen.get(0);
        assertEquals(r.traceId(), seen.get("compact4j.trace_id"));
        assertEquals("plain", seen.get("compact4j.strategy"));
        assertEquals("gpt-5.1", seen.get("compact4j.model"));
    }

    @Test
    void theCurrentOpenTelemetrySpanGivesTheTraceIdUnlessTheRequestNamesOne() {
        String otelTrace = "5b8efff798038103d269b633813fc60c";
        Span span = Span.wrap(SpanContext.create(otelTrace, "eee19b7ec3c1b174", TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            CompactionResult r = new KeepLast("k").compact(request(2).build());
            assertEquals(otelTrace, r.traceId());
            assertEquals("opentelemetry", TraceScopeTest.kv(capture.from(COMPACTION).get(0)).get("trace_source"));

            // the active span wins over an id in the MDC (ours or a plain key) ...
            MDC.put("compact4j.trace_id", "0af7651916cd43dd8448eb211c80319c");
            MDC.put("trace_id", "1af7651916cd43dd8448eb211c80319c");
            assertEquals(otelTrace, new KeepLast("k").compact(request(2).build()).traceId());
            MDC.remove("compact4j.trace_id");
            MDC.remove("trace_id");
            // ... and over a context the thread carries
            try (TraceContext.Restorer r2 = TraceContext.makeCurrent(TraceContext.of("1111111111111111aaaaaaaaaaaaaaaa"))) {
                assertEquals(otelTrace, TracingCompactor.wrap(new Plain()).compact(request(2).build()).traceId());
            }
            // only the request's own id beats it
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                    new KeepLast("k").compact(request(2).traceId("4bf92f3577b34da6a3ce929d0e0e4736").build()).traceId());
        }
        // without a span, the MDC's id is adopted again
        MDC.put("compact4j.trace_id", "0af7651916cd43dd8448eb211c80319c");
        assertEquals("0af7651916cd43dd8448eb211c80319c", new KeepLast("k").compact(request(2).build()).traceId());
        MDC.remove("compact4j.trace_id");
        // no current span: Span.current() is the invalid span, and an id is generated
        String generated = new KeepLast("k").compact(request(2).build()).traceId();
        assertTrue(TraceContext.isValidTraceId(generated));
        assertFalse(generated.equals(otelTrace));
    }

    @Test
    void aContextMadeCurrentByTheAppIsAdopted() {
        TraceContext mine = TraceContext.of("1111111111111111aaaaaaaaaaaaaaaa");
        try (TraceContext.Restorer ignored = TraceContext.makeCurrent(mine)) {
            CompactionResult r = TracingCompactor.wrap(new Plain()).compact(request(2).build());
            assertEquals(mine.traceId(), r.traceId());
            assertSame(mine, TraceContext.current().orElseThrow(), "the app's context is current again");
        }
        assertNull(TraceContext.currentTraceId());
    }

    @Test
    void compactAsyncOfTheDecoratorRunsInTheScope() throws Exception {
        Plain plain = new Plain();
        Recorder rec = new Recorder();
        MDC.put("app.request", "q1");
        CompactionResult r = TracingCompactor.builder(plain).listener(rec).build()
                .compactAsync(request(2).build()).get(30, TimeUnit.SECONDS);
        assertEquals(r.traceId(), plain.mdcSeen.get(0).get("compact4j.trace_id"));
        assertEquals("q1", plain.mdcSeen.get(0).get("app.request"));
        assertEquals(Map.of("app.request", "q1"), MDC.getCopyOfContextMap());
        assertEquals(2, rec.heard.size());
    }

    @Test
    void aCompactorReturningNullFailsClearly() {
        ContextCompactor broken = new Plain() {
            @Override
            public CompactionResult compact(CompactionRequest request) {
                return null;
            }
        };
        CompactionException e = assertThrows(CompactionException.class, () -> TracingCompactor.wrap(broken).compact(request(1).build()));
        assertTrue(e.getMessage().contains("'plain' returned no result"), e.getMessage());
    }
}
