package io.github.compact4j.openai;

import static io.github.compact4j.openai.Fixtures.API_KEY;
import static io.github.compact4j.openai.Fixtures.COMPACTED;
import static io.github.compact4j.openai.Fixtures.error;
import static io.github.compact4j.openai.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.openai.Fixtures.RecordingSleeper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.slf4j.event.KeyValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpLoggingTest {

    private static final String HTTP = "io.github.compact4j.http";
    private static final String HEADERS = "io.github.compact4j.http.headers";
    private static final String BODY = "io.github.compact4j.http.body";

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

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
    void oneDebugLinePerAttemptWithIdsBytesAndTheRetryDelay() throws Exception {
        server.enqueue(error(429, "rate_limit_error", "rate_limit_exceeded", "slow down").setHeader("retry-after-ms", "250"));
        server.enqueue(ok(COMPACTED));
        try (LogCapture logs = new LogCapture(Level.DEBUG, HTTP)) {
            Fixtures.client(server, sleeper).build().compact(Fixtures.request());

            List<ILoggingEvent> lines = logs.from(HTTP);
            assertEquals(2, lines.size());
            RecordedRequest first = server.takeRequest();
            RecordedRequest second = server.takeRequest();

            ILoggingEvent retry = lines.get(0);
            assertEquals(Level.DEBUG, retry.getLevel());
            Map<String, Object> kv = keyValues(retry);
            assertEquals("POST", kv.get("method"));
            assertEquals(server.url("/v1/responses/compact").toString(), kv.get("url"));
            assertEquals(429, kv.get("status"));
            assertEquals(1, kv.get("attempt"));
            assertEquals(3, kv.get("max_attempts"));
            assertEquals(first.getHeader("X-Client-Request-Id"), kv.get("client_request_id"));
            assertEquals("req_429", kv.get("request_id"));
            assertEquals(first.getBodySize(), kv.get("request_bytes"));
            assertEquals(error(429, "rate_limit_error", "rate_limit_exceeded", "slow down").getBody().size(),
                    kv.get("response_bytes"));
            assertEquals(250L, kv.get("retry_in_ms"));
            assertTrue(kv.get("duration_ms") instanceof Long);
            String message = retry.getFormattedMessage();
            assertTrue(message.startsWith("POST " + server.url("/v1/responses/compact") + " -> 429 in "), message);
            assertTrue(message.contains("(attempt 1/3, client_request_id=" + first.getHeader("X-Client-Request-Id")
                    + ", request_id=req_429); retrying in 250 ms"), message);

            Map<String, Object> done = keyValues(lines.get(1));
            assertEquals(200, done.get("status"));
            assertEquals(2, done.get("attempt"));
            assertEquals(second.getHeader("X-Client-Request-Id"), done.get("client_request_id"));
            assertNull(done.get("retry_in_ms"));
            assertEquals((long) COMPACTED.length(), done.get("response_bytes"));
        }
    }

    @Test
    void everyAttemptLineCarriesTheCallsTraceIdAlsoOnTheAsyncPath() throws Exception {
        server.enqueue(error(503, "server_error", null, "busy"));
        server.enqueue(ok(COMPACTED));
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();
        try (LogCapture logs = new LogCapture(Level.TRACE, HTTP)) {
            String sync = client.compact(Fixtures.request()).traceId();
            List<ILoggingEvent> syncLines = logs.from(HTTP);
            assertEquals(2, syncLines.size());
            for (ILoggingEvent e : syncLines) {
                assertEquals(sync, e.getMDCPropertyMap().get("compact4j.trace_id"));
            }
            logs.clear();

            String given = "4bf92f3577b34da6a3ce929d0e0e4736";
            CompactionRequest request = Fixtures.request().toBuilder().traceId(given).build();
            assertEquals(given, client.compactAsync(request).get(10, java.util.concurrent.TimeUnit.SECONDS).traceId());
            assertFalse(logs.events().isEmpty());
            for (ILoggingEvent e : logs.events()) {
                assertEquals(given, e.getMDCPropertyMap().get("compact4j.trace_id"), e.getLoggerName());
                assertFalse(e.getThreadName().equals(Thread.currentThread().getName()));
            }
        }
    }

    @Test
    void theFailedLastAttemptSaysWhyItWasNotRetried() {
        server.enqueue(error(429, "insufficient_quota", "insufficient_quota", "no quota"));
        try (LogCapture logs = new LogCapture(Level.DEBUG, HTTP)) {
            assertThrows(CompactionException.class, () -> Fixtures.client(server, sleeper).build().compact(Fixtures.request()));
            String message = logs.from(HTTP).get(0).getFormattedMessage();
            assertTrue(message.endsWith("; not retried: quota or spend limit used up"), message);
        }
    }

    @Test
    void credentialsInTheUrlAreRedacted() {
        server.enqueue(ok(COMPACTED));
        String base = server.url("/v1").newBuilder().username("user").password("hunter2hunter2")
                .addQueryParameter("key", "AIzaSyDummyDummyDummyDummy12345").addQueryParameter("api-version", "preview")
                .build().toString();
        try (LogCapture logs = new LogCapture(Level.DEBUG, HTTP)) {
            OpenAiCompactClient client = Fixtures.client(server, sleeper).baseUrl(base).build();
            client.compact(Fixtures.request());
            String url = (String) keyValues(logs.from(HTTP).get(0)).get("url");
            assertEquals(server.url("/v1/responses/compact").newBuilder().addQueryParameter("key", "REDACTED")
                    .addQueryParameter("api-version", "preview").build().toString(), url);
            assertFalse(client.toString().contains("hunter2"), client.toString());
            assertFalse(client.toString().contains("AIzaSy"), client.toString());
        }
    }

    @Test
    void headersAtTraceGoThroughTheAllowList() {
        server.enqueue(ok(COMPACTED)
                .setHeader("x-ratelimit-remaining-requests", "99")
                .setHeader("Set-Cookie", "__cf_bm=abcdef; path=/")
                .setHeader("x-internal-token", "hush-hush-hush"));
        try (LogCapture logs = new LogCapture(Level.TRACE, HEADERS)) {
            Fixtures.client(server, sleeper).header("X-Gateway-Token", "gw-secret-123456").build().compact(Fixtures.request());

            List<ILoggingEvent> events = logs.from(HEADERS);
            assertEquals(2, events.size());
            String request = events.get(0).getFormattedMessage();
            assertTrue(request.contains("Authorization: REDACTED"), request);
            assertTrue(request.contains("X-Gateway-Token: REDACTED"), request);
            assertTrue(request.contains("Content-Type: application/json"), request);
            assertTrue(request.contains("X-Client-Request-Id: c4j-"), request);
            assertTrue(request.contains("User-Agent: compact4j"), request);
            assertTrue(request.contains("Content-Length: "), "a small body goes out sized, in one write: " + request);
            String response = events.get(1).getFormattedMessage();
            assertTrue(response.contains("x-request-id: req_ok"), response);
            assertTrue(response.contains("openai-processing-ms: 812"), response);
            assertTrue(response.contains("x-ratelimit-remaining-requests: 99"), response);
            assertTrue(response.contains("Set-Cookie: REDACTED"), response);
            assertTrue(response.contains("x-internal-token: REDACTED"), response);
            for (ILoggingEvent e : events) {
                String all = everything(e);
                assertFalse(all.contains(API_KEY) || all.contains("gw-secret") || all.contains("hush")
                        || all.contains("__cf_bm"), all);
            }
        }
        server.enqueue(ok(COMPACTED));
        try (LogCapture logs = new LogCapture(Level.TRACE, HEADERS)) {
            Fixtures.client(server, sleeper).authStyle(io.github.compact4j.http.AuthStyle.AZURE_API_KEY).build().compact(Fixtures.request());
            String request = logs.from(HEADERS).get(0).getFormattedMessage();
            assertTrue(request.contains("api-key: REDACTED"), request);
        }
    }

    @Test
    void bodiesAreLoggedOnlyWhenOptedInCappedAndScrubbed() throws Exception {
        List<Item> items = new ArrayList<>(Fixtures.conversation());
        items.add(0, Message.user("my key is sk-proj-abcdefghijklmnop1234567890"));
        CompactionRequest request = CompactionRequest.builder().model("gpt-5").items(items).build();

        server.enqueue(ok(COMPACTED));
        try (LogCapture logs = new LogCapture(Level.TRACE, BODY)) {
            Fixtures.client(server, sleeper).build().compact(request);
            assertTrue(logs.from(BODY).isEmpty(), "TRACE alone is not enough: bodies hold the conversation");
        }
        server.takeRequest();

        server.enqueue(ok(COMPACTED));
        try (LogCapture logs = new LogCapture(Level.TRACE, BODY)) {
            Fixtures.client(server, sleeper).logBodies(true).bodyLogLimit(100).build().compact(request);
            long sent = server.takeRequest().getBodySize();

            List<ILoggingEvent> events = logs.from(BODY);
            assertEquals(2, events.size());
            String req = events.get(0).getFormattedMessage();
            assertTrue(req.startsWith("request body (client_request_id=c4j-"), req);
            assertTrue(req.contains("{\"model\":\"gpt-5\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"my key is REDACTED"), req);
            assertTrue(req.endsWith("… (first 100 of " + sent + " bytes)"), req);
            assertFalse(req.contains("sk-proj-abc"), req);
            assertEquals(sent, keyValues(events.get(0)).get("body_bytes"));
            String resp = events.get(1).getFormattedMessage();
            assertTrue(resp.contains(COMPACTED.substring(0, 100)), resp);
            assertTrue(resp.endsWith("… (first 100 of " + COMPACTED.length() + " bytes)"), resp);
        }
    }

    @Test
    void nothingIsLoggedWhenTheLevelsAreOff() {
        server.enqueue(error(500, "server_error", null, "boom"));
        server.enqueue(ok(COMPACTED));
        try (LogCapture logs = new LogCapture(Level.INFO, HTTP)) {
            Fixtures.client(server, sleeper).logBodies(true).build().compact(Fixtures.request());
            assertTrue(logs.events().isEmpty(), () -> logs.events().toString());
        }
    }

    @Test
    void theKeyAppearsInNoLogEventOrMessageEvenAtTraceWithBodiesOn() {
        String echoed = "Incorrect API key provided: " + API_KEY + ".";
        server.enqueue(error(401, "invalid_request_error", "invalid_api_key", echoed));
        server.enqueue(error(429, "rate_limit_error", null, "limit for " + API_KEY));
        server.enqueue(error(500, "server_error", null, "boom " + API_KEY));
        server.enqueue(error(500, "server_error", null, "boom"));
        server.enqueue(ok(COMPACTED.replace("Create a simple", "Bearer " + API_KEY + " Create a simple")));
        List<String> texts = new ArrayList<>();
        try (LogCapture logs = new LogCapture(Level.TRACE, "io.github.compact4j")) {
            OpenAiCompactClient client = Fixtures.client(server, sleeper).logBodies(true).maxRetries(3).build();
            texts.add(assertThrows(CompactionException.class, () -> client.compact(Fixtures.request())).getMessage());
            texts.add(client.compact(Fixtures.request()).toString());
            texts.add(client.toString());
            logs.events().forEach(e -> texts.add(everything(e)));
            assertTrue(logs.events().size() >= 15, "every logger spoke: " + logs.events().size());
        }
        for (String text : texts) {
            assertFalse(text.contains(API_KEY), text);
        }
        assertTrue(String.join("\n", texts).contains("Incorrect API key provided: REDACTED"));
    }

    private static Map<String, Object> keyValues(ILoggingEvent e) {
        Map<String, Object> m = new HashMap<>();
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) {
                m.put(kv.key, kv.value);
            }
        }
        return m;
    }

    /** Everything an appender could print of the event: message, key-values, MDC. */
    private static String everything(ILoggingEvent e) {
        return e.getFormattedMessage() + " " + keyValues(e) + " " + e.getMDCPropertyMap();
    }
}
