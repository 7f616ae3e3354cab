package io.github.compact4j.registry;

import io.github.compact4j.logging.TracedCompactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.Attempt;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackChainTest {

    private static final List<Item> HISTORY = List.of(Message.system("be brief"), Message.user("task"),
            Message.assistant("a long answer"), Message.user("more"), Message.assistant("another long answer"));

    private final CompactionRequest request = CompactionRequest.builder().model("m").items(HISTORY).build();

    /** A strategy that keeps the first and last items: enough to tell strategies apart. */
    private static ContextCompactor keepEnds(String name, AtomicInteger calls) {
        return new TracedCompactor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                calls.incrementAndGet();
                List<Item> in = r.items();
                return CompactionResult.builder().strategy(name).items(List.of(in.get(0), in.get(in.size() - 1)))
                        .itemsBefore(in.size()).tokensBefore(100).tokensAfter(20).requestIds(List.of("req_" + name));
            }
        };
    }

    private static ContextCompactor failing(String name, RuntimeException e, AtomicInteger calls) {
        return new TracedCompactor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                calls.incrementAndGet();
                throw e;
            }
        };
    }

    private static CompactionException httpError(int status, String requestId) {
        return new CompactionException(CompactionException.details("backend failed").status(status)
                .requestIds(List.of(requestId)).attempts(1)) {
            private static final long serialVersionUID = 1L;
        };
    }

    @Test
    void firstSuccessWinsAndLaterStrategiesAreNotCalled() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        CompactionResult r = FallbackChain.builder().then(keepEnds("first", a)).then(keepEnds("second", b)).build()
                .compact(request);
        assertEquals("first", r.strategy());
        assertFalse(r.fellBack());
        assertEquals(1, a.get());
        assertEquals(0, b.get());
        assertEquals(List.of(Attempt.Outcome.SUCCEEDED), r.attempts().stream().map(Attempt::outcome).toList());
        assertTrue(r.traceId() != null && r.traceId().length() == 32, r.traceId());
    }

    @Test
    void serverErrorFallsBackAndTheResultTellsTheWholeStory() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        FallbackChain chain = FallbackChain.builder()
                .then(failing("native", httpError(500, "req_native"), a))
                .then(keepEnds("masking", b)).build();
        CompactionResult r = chain.compact(request);
        assertEquals("masking", r.strategy());
        assertTrue(r.fellBack());
        assertEquals(List.of("native", "masking"), r.attempts().stream().map(Attempt::strategy).toList());
        assertEquals(Attempt.Outcome.FAILED, r.attempts().get(0).outcome());
        assertEquals(List.of("req_native"), r.attempts().get(0).requestIds());
        assertTrue(r.attempts().get(0).reason().orElseThrow().contains("HTTP 500"), r.attempts().get(0).toString());
        assertEquals(List.of("req_native", "req_masking"), r.requestIds());
        assertEquals(HISTORY, request.items(), "the request is untouched");
    }

    @Test
    void authenticationAndPermissionErrorsDoNotFallBack() {
        for (int status : new int[] {401, 403}) {
            AtomicInteger b = new AtomicInteger();
            CompactionException e = httpError(status, "req_1");
            FallbackChain chain = FallbackChain.builder().then(failing("native", e, new AtomicInteger()))
                    .then(keepEnds("masking", b)).build();
            CompactionException thrown = assertThrows(CompactionException.class, () -> chain.compact(request));
            assertSame(e, thrown);
            assertEquals(0, b.get(), "a " + status + " must not be hidden by a fallback");
        }
    }

    @Test
    void invalidConversationDoesNotFallBackButAlwaysPolicyDoesForAuth() {
        AtomicInteger b = new AtomicInteger();
        FallbackChain chain = FallbackChain.builder()
                .then(failing("native", new InvalidConversationException(3, "call_id", "missing"), new AtomicInteger()))
                .then(keepEnds("masking", b)).build();
        assertThrows(InvalidConversationException.class, () -> chain.compact(request));
        assertEquals(0, b.get());

        FallbackChain lenient = FallbackChain.builder().policy(FallbackPolicy.always())
                .then(failing("native", httpError(401, "req_1"), new AtomicInteger()))
                .then(keepEnds("masking", b)).build();
        assertEquals("masking", lenient.compact(request).strategy());
    }

    @Test
    void whenEveryStrategyFailsTheLastFailureIsThrownWithTheEarlierOnesSuppressed() {
        CompactionException first = httpError(404, "req_a");
        CompactionException second = httpError(502, "req_b");
        FallbackChain chain = FallbackChain.builder().then(failing("a", first, new AtomicInteger()))
                .then(failing("b", second, new AtomicInteger())).build();
        CompactionException thrown = assertThrows(CompactionException.class, () -> chain.compact(request));
        assertSame(second, thrown);
        assertEquals(List.of(first), List.of(thrown.getSuppressed()));
    }

    @Test
    void aGuardSkipsALinkAndLearnsFromFailures() {
        List<String> learnt = new ArrayList<>();
        FallbackChain.Guard guard = new FallbackChain.Guard() {
            @Override
            public Optional<String> skipReason(CompactionRequest r) {
                return learnt.isEmpty() ? Optional.empty() : Optional.of("remembered: " + learnt.get(0));
            }

            @Override
            public void failed(CompactionRequest r, RuntimeException failure) {
                learnt.add(failure.getMessage());
            }
        };
        AtomicInteger nativeCalls = new AtomicInteger();
        FallbackChain chain = FallbackChain.builder()
                .then(failing("native", httpError(404, "req_404"), nativeCalls), guard)
                .then(keepEnds("summarizing", new AtomicInteger())).build();
        chain.compact(request);
        CompactionResult second = chain.compact(request);
        assertEquals(1, nativeCalls.get(), "the second call skips the native link");
        assertEquals(Attempt.Outcome.SKIPPED, second.attempts().get(0).outcome());
        assertTrue(second.attempts().get(0).reason().orElseThrow().startsWith("remembered: "));
        assertTrue(second.fellBack());
        assertEquals("chain[native>summarizing]", chain.name());
    }

    @Test
    void everyEventOfAFallenBackCompactionCarriesOneTraceIdAndTheCallersMdcIsRestored() {
        org.slf4j.MDC.put("compact4j.strategy", "caller's own");
        try (io.github.compact4j.logging.LogCapture logs = io.github.compact4j.logging.LogCapture.all()) {
            FallbackChain chain = FallbackChain.builder()
                    .then(failing("native", httpError(503, "req_503"), new AtomicInteger()))
                    .then(keepEnds("masking", new AtomicInteger())).build();
            CompactionResult r = chain.compact(request);
            assertFalse(logs.events().isEmpty());
            assertEquals(java.util.Set.of(r.traceId()), logs.mdcValues("compact4j.trace_id"));
            assertTrue(logs.events().stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                    && e.getFormattedMessage().contains("falling back to masking")), "the fallback is logged at WARN");
            assertEquals("caller's own", org.slf4j.MDC.get("compact4j.strategy"));
            assertEquals(null, org.slf4j.MDC.get("compact4j.trace_id"));
        } finally {
            org.slf4j.MDC.remove("compact4j.strategy");
        }
    }

    @Test
    void aCancelledSummaryStopsTheChainInsteadOfFallingBack() {
        AtomicInteger masking = new AtomicInteger();
        io.github.compact4j.summarize.SummarizingFallbackCompactor summarizing =
                io.github.compact4j.summarize.SummarizingFallbackCompactor.builder()
                        .summarizer(r -> {
                            throw new java.util.concurrent.CancellationException("the caller cancelled");
                        })
                        .keepRecentTokens(200).build();
        java.util.List<Item> long_ = io.github.compact4j.testing.Conversations.generate(new java.util.Random(3),
                io.github.compact4j.testing.Conversations.options().turns(20, 20));
        FallbackChain chain = FallbackChain.builder().then(summarizing).then(keepEnds("masking", masking)).build();
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> chain.compact(CompactionRequest.builder().model("m").items(long_).build()));
        assertEquals(0, masking.get());
    }
}
