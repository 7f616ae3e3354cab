package io.github.compact4j.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.TracingCompactor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each HTTP attempt of a call reaches the call's listeners, for a tracer's child spans. */
class HttpAttemptEventsTest {

    private MockWebServer server;
    private final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void aRetriedCallTellsEachAttemptWithItsStatusIdsAndRetryDecision() {
        List<CompactionListener.HttpAttemptEvent> attempts = new CopyOnWriteArrayList<>();
        List<String> spans = new CopyOnWriteArrayList<>();
        CompactionListener listener = new CompactionListener() {
            @Override
            public void onStart(StartEvent e) {
                spans.add(e.spanId());
            }

            @Override
            public void onHttpAttempt(HttpAttemptEvent e) {
                attempts.add(e);
            }
        };
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("x-request-id", "req_busy")
                .setBody("{\"error\":{\"message\":\"busy\"}}"));
        server.enqueue(Fixtures.ok(Fixtures.COMPACTED).setHeader("x-request-id", "req_ok"));
        CompactionResult r = TracingCompactor.builder(Fixtures.client(server, sleeper).build()).listener(listener).build()
                .compact(Fixtures.request());

        assertEquals(2, attempts.size());
        CompactionListener.HttpAttemptEvent first = attempts.get(0);
        CompactionListener.HttpAttemptEvent second = attempts.get(1);
        assertEquals(r.traceId(), first.traceId());
        assertEquals(spans.get(0), first.spanId(), "the call's span is the attempt's parent");
        assertEquals("openai-compact", first.strategy());
        assertEquals("POST", first.method());
        assertTrue(first.url().endsWith("/v1/responses/compact"), first.url());
        assertEquals(1, first.attempt());
        assertEquals(3, first.maxAttempts());
        assertEquals(503, first.status());
        assertEquals("req_busy", first.requestId());
        assertNotNull(first.retryIn(), "the first attempt was retried");
        assertEquals(sleeper.waits.get(0), first.retryIn());
        assertEquals(200, second.status());
        assertEquals("req_ok", second.requestId());
        assertNull(second.retryIn());
        assertNull(second.error());
        assertFalse(second.duration().isNegative());
        assertFalse(second.start().isBefore(first.start()));
        assertTrue(first.clientRequestId().startsWith("c4j-") && !first.clientRequestId().equals(second.clientRequestId()));
    }

    @Test
    void anAttemptWithoutAnAnswerSaysWhatWentWrongAndNobodyListeningCostsNothing() {
        List<CompactionListener.HttpAttemptEvent> attempts = new CopyOnWriteArrayList<>();
        CompactionListener listener = new CompactionListener() {
            @Override
            public void onHttpAttempt(HttpAttemptEvent e) {
                attempts.add(e);
            }
        };
        server.enqueue(new MockResponse().setBody("{}").setHeadersDelay(2, java.util.concurrent.TimeUnit.SECONDS));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).maxRetries(0).timeout(Duration.ofMillis(300)).build();
        try {
            TracingCompactor.builder(client).listener(listener).build().compact(Fixtures.request());
        } catch (RuntimeException expected) {
            // the timeout is the point
        }
        assertEquals(1, attempts.size());
        assertFalse(attempts.get(0).answered());
        assertTrue(attempts.get(0).error().contains("Timeout") || attempts.get(0).error().contains("timeout"),
                attempts.get(0).error());
    }
}
