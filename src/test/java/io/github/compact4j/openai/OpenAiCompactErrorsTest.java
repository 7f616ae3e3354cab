package io.github.compact4j.openai;

import static io.github.compact4j.openai.Fixtures.API_KEY;
import static io.github.compact4j.openai.Fixtures.COMPACTED;
import static io.github.compact4j.openai.Fixtures.error;
import static io.github.compact4j.openai.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.errors.ApiException;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.errors.BadRequestException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.errors.CompactionTimeoutException;
import io.github.compact4j.errors.ConflictException;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.errors.NotFoundException;
import io.github.compact4j.errors.PermissionDeniedException;
import io.github.compact4j.errors.RateLimitException;
import io.github.compact4j.errors.ServerException;
import io.github.compact4j.errors.StaleCompactionException;
import io.github.compact4j.errors.UnexpectedStatusException;
import io.github.compact4j.openai.Fixtures.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompactErrorsTest {

    private static final Duration HALF_SECOND = Duration.ofMillis(500);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

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

    private OpenAiCompactClient client() {
        return Fixtures.client(server, sleeper).build();
    }

    private CompactionException fail() {
        return assertThrows(CompactionException.class, () -> client().compact(Fixtures.request()));
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error, io.github.compact4j.errors.BadRequestException, 1",
        "422, invalid_request_error, io.github.compact4j.errors.BadRequestException, 1",
        "401, invalid_request_error, io.github.compact4j.errors.AuthenticationException, 1",
        "403, permission_error, io.github.compact4j.errors.PermissionDeniedException, 1",
        "404, invalid_request_error, io.github.compact4j.errors.NotFoundException, 1",
        "409, conflict, io.github.compact4j.errors.ConflictException, 3",
        "408, timeout, io.github.compact4j.errors.UnexpectedStatusException, 3",
        "418, teapot, io.github.compact4j.errors.UnexpectedStatusException, 1",
        "429, rate_limit_error, io.github.compact4j.errors.RateLimitException, 3",
        "500, server_error, io.github.compact4j.errors.ServerException, 3",
        "503, server_error, io.github.compact4j.errors.ServerException, 3",
    })
    void eachStatusMapsToItsExceptionAndIsRetriedOnlyWhenWorthIt(int status, String type, String exception,
            int attempts) throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(error(status, type, "code_" + status, "The backend says " + status + "."));
        }
        CompactionException e = fail();

        assertEquals(Class.forName(exception), e.getClass());
        ApiException api = assertInstanceOf(ApiException.class, e);
        assertEquals(status, api.statusCode());
        assertEquals(status, e.status().getAsInt());
        assertEquals(type, e.errorType().orElseThrow());
        assertEquals("code_" + status, e.errorCode().orElseThrow());
        assertEquals("The backend says " + status + ".", e.backendMessage().orElseThrow());
        assertEquals(attempts, e.attempts());
        assertEquals(attempts, server.getRequestCount());
        assertEquals(attempts, e.clientRequestIds().size());
        assertEquals(java.util.Collections.nCopies(attempts, "req_" + status), e.requestIds());
        assertEquals("req_" + status, e.requestId().orElseThrow());
        assertEquals(attempts == 3 ? List.of(HALF_SECOND, ONE_SECOND) : List.of(), sleeper.waits);
        assertTrue(e.getMessage().startsWith("OpenAI compaction failed: The backend says " + status + ". (HTTP " + status
                + ", type " + type + ", code code_" + status + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("request_id=req_" + status), e.getMessage());
        assertTrue(e.getMessage().contains("trace_id=" + e.traceId().orElseThrow()), e.getMessage());
        assertTrue(e.hint().isPresent());
        if (attempts == 3) {
            assertTrue(e.getMessage().contains("Retried 2 times."), e.getMessage());
        }
    }

    @Test
    void theHintsSayWhatToDo() {
        server.enqueue(error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + API_KEY + ". You can find your API key at https://platform.openai.com."));
        AuthenticationException auth = assertInstanceOf(AuthenticationException.class, fail());
        assertTrue(auth.getMessage().contains("Check the API key (OPENAI_API_KEY)"), auth.getMessage());
        assertFalse(auth.getMessage().contains(API_KEY), auth.getMessage());
        assertFalse(auth.getMessage().contains("0123456789abcdef"), auth.getMessage());

        server.enqueue(error(403, "permission_error", null, "Project does not have access to model gpt-5.1-codex-max"));
        PermissionDeniedException denied = assertInstanceOf(PermissionDeniedException.class, fail());
        assertTrue(denied.getMessage().contains("project's and organization's permissions"), denied.getMessage());

        server.enqueue(error(404, "invalid_request_error", null, "Invalid URL (POST /v1/responses/compact)"));
        NotFoundException notFound = assertInstanceOf(NotFoundException.class, fail());
        assertTrue(notFound.getMessage().contains("does not support /responses/compact"), notFound.getMessage());
        assertTrue(notFound.getMessage().contains("fallback"), notFound.getMessage());

        server.enqueue(error(400, "invalid_request_error", "invalid_value", "Invalid value for 'input'."));
        BadRequestException bad = assertInstanceOf(BadRequestException.class, fail());
        assertTrue(bad.getMessage().contains("sending it again will not help"), bad.getMessage());
    }

    @Test
    void invalidEncryptedContentIsAStaleCompaction() {
        server.enqueue(error(400, "invalid_request_error", "invalid_encrypted_content",
                "The encrypted content gAAA...DQ== could not be verified."));
        StaleCompactionException e = assertInstanceOf(StaleCompactionException.class, fail());
        assertInstanceOf(BadRequestException.class, e);
        assertEquals("invalid_encrypted_content", e.errorCode().orElseThrow());
        assertTrue(e.getMessage().contains("rebuild the history"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        server.enqueue(error(429, "rate_limit_error", "rate_limit_exceeded", "slow down").setHeader("retry-after", "7"));
        server.enqueue(error(503, "server_error", null, "busy").setHeader("retry-after", "1.5"));
        server.enqueue(ok(COMPACTED));
        CompactionResult r = client().compact(Fixtures.request());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofMillis(1500)), sleeper.waits);
        assertEquals(List.of("req_429", "req_503", "req_ok"), r.requestIds());
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredAgainstTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        server.enqueue(error(429, "rate_limit_error", null, "slow down")
                .setHeader("retry-after", "Thu, 01 Jan 2026 00:00:12 GMT"));
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).clock(clock).build().compact(Fixtures.request());
        assertEquals(List.of(Duration.ofSeconds(12)), sleeper.waits);
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        server.enqueue(error(429, "rate_limit_error", null, "slow down")
                .setHeader("retry-after-ms", "250").setHeader("retry-after", "30"));
        server.enqueue(ok(COMPACTED));
        client().compact(Fixtures.request());
        assertEquals(List.of(Duration.ofMillis(250)), sleeper.waits);
    }

    @Test
    void unusableRetryAfterFallsBackToBackoff() {
        server.enqueue(error(503, "server_error", null, "busy").setHeader("retry-after", "soon"));
        server.enqueue(error(503, "server_error", null, "busy").setHeader("retry-after", "0"));
        server.enqueue(ok(COMPACTED));
        client().compact(Fixtures.request());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertEquals(3, server.getRequestCount(), "OkHttp must not repeat a 503 with Retry-After: 0 on its own");
    }

    @Test
    void redirectsAreReportedNotFollowed() {
        server.enqueue(new MockResponse().setResponseCode(301)
                .setHeader("Location", "https://api.example.com/v1/responses/compact?key=s3cr3t-value"));
        UnexpectedStatusException e = assertInstanceOf(UnexpectedStatusException.class, fail());
        assertEquals(301, e.statusCode());
        assertEquals(1, server.getRequestCount());
        assertTrue(e.getMessage().contains("redirects to https://api.example.com/v1/responses/compact?key=REDACTED"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aRetryAfterBeyondTheCapIsNotRetriedButReported() {
        server.enqueue(error(429, "rate_limit_error", "rate_limit_exceeded", "slow down").setHeader("retry-after", "120"));
        RateLimitException e = assertInstanceOf(RateLimitException.class,
                assertThrows(CompactionException.class,
                        () -> Fixtures.client(server, sleeper).maxRetryAfter(Duration.ofSeconds(60)).build()
                                .compact(Fixtures.request())));
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("asked to wait 2 min, longer than maxRetryAfter (60 s)"), e.getMessage());

        server.enqueue(error(429, "rate_limit_error", null, "slow down").setHeader("retry-after", "120"));
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).maxRetryAfter(Duration.ofMinutes(3)).build().compact(Fixtures.request());
        assertEquals(List.of(Duration.ofSeconds(120)), sleeper.waits);
    }

    @Test
    void xShouldRetryOverridesTheStatusBothWays() {
        server.enqueue(error(400, "invalid_request_error", null, "try me again").setHeader("x-should-retry", "true"));
        server.enqueue(ok(COMPACTED));
        client().compact(Fixtures.request());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);

        server.enqueue(error(503, "server_error", null, "do not bother").setHeader("x-should-retry", "false"));
        ServerException e = assertInstanceOf(ServerException.class, fail());
        assertEquals(1, e.attempts());
        assertTrue(e.getMessage().contains("x-should-retry: false"), e.getMessage());
        assertEquals(3, server.getRequestCount());
        assertEquals(1, sleeper.waits.size());
    }

    @Test
    void insufficientQuotaIsNotRetried() {
        server.enqueue(error(429, "insufficient_quota", "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details."));
        RateLimitException e = assertInstanceOf(RateLimitException.class, fail());
        assertTrue(e.isQuotaExhausted());
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
        assertTrue(e.getMessage().contains("no quota left"), e.getMessage());

        server.enqueue(error(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached"));
        server.enqueue(ok(COMPACTED));
        client().compact(Fixtures.request());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);
    }

    @Test
    void backoffDoublesAndIsCappedAtEightSecondsWithJitterShorteningIt() {
        for (int i = 0; i < 6; i++) {
            server.enqueue(error(500, "server_error", null, "boom"));
        }
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).maxRetries(6).build().compact(Fixtures.request());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8)), sleeper.waits);

        sleeper.waits.clear();
        server.enqueue(error(500, "server_error", null, "boom"));
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).jitter(() -> 0.5).build().compact(Fixtures.request());
        assertEquals(List.of(Duration.ofNanos(437_500_000)), sleeper.waits);
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        server.enqueue(error(500, "server_error", null, "boom"));
        CompactionException e = assertThrows(CompactionException.class,
                () -> Fixtures.client(server, sleeper).maxRetries(0).build().compact(Fixtures.request()));
        assertEquals(1, e.attempts());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void aConnectionResetMidBodyIsRetried() {
        server.enqueue(ok(COMPACTED).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(ok(COMPACTED));
        CompactionResult r = client().compact(Fixtures.request());
        assertEquals(2, r.items().size());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void connectionFailuresOnEveryAttemptEndInAConnectionException() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_REQUEST_BODY));
        server.enqueue(ok(COMPACTED).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        ConnectionException e = assertInstanceOf(ConnectionException.class, fail());
        assertEquals(3, e.attempts());
        assertEquals(3, e.clientRequestIds().size());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertTrue(e.getMessage().contains("could not talk to " + server.getHostName()), e.getMessage());
        assertTrue(e.getMessage().contains("Retried 2 times."), e.getMessage());
        assertTrue(e.getCause() instanceof java.io.IOException);
    }

    @Test
    void aRefusedConnectionIsAConnectionException() throws Exception {
        String url = server.url("/v1").toString();
        server.shutdown();
        ConnectionException e = assertInstanceOf(ConnectionException.class, assertThrows(CompactionException.class,
                () -> OpenAiCompactClient.builder().apiKey(API_KEY).baseUrl(url).sleeper(sleeper).jitter(() -> 0)
                        .maxRetries(1).build().compact(Fixtures.request())));
        assertEquals(2, e.attempts());
        assertTrue(e.requestIds().isEmpty());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);
    }

    @Test
    void anHtml502FromAProxyIsAServerErrorThatSaysSo() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                    .setBody("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"));
        }
        ServerException e = assertInstanceOf(ServerException.class, fail());
        assertEquals(502, e.statusCode());
        assertEquals(3, e.attempts());
        assertTrue(e.requestIds().isEmpty());
        assertTrue(e.getMessage().contains("the server answered with an HTML page ('502 Bad Gateway') instead of JSON"),
                e.getMessage());
    }

    @Test
    void otherProvidersErrorShapesAndPlainTextAreRead() {
        server.enqueue(new MockResponse().setResponseCode(529).setHeader("Content-Type", "application/json")
                .setHeader("x-should-retry", "false")
                .setBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        CompactionException anthropic = fail();
        assertEquals("overloaded_error", anthropic.errorType().orElseThrow());
        assertEquals("Overloaded", anthropic.backendMessage().orElseThrow());

        server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "text/plain")
                .setBody("upstream connect error\nor disconnect/reset before headers"));
        CompactionException text = fail();
        assertEquals("upstream connect error or disconnect/reset before headers", text.backendMessage().orElseThrow());

        server.enqueue(new MockResponse().setResponseCode(401));
        CompactionException empty = fail();
        assertEquals("HTTP 401 with an empty body", empty.backendMessage().orElseThrow());
    }

    @Test
    void eachAttemptTimesOutThenTheCallFailsWithATimeout() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(ok(COMPACTED).setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        CompactionTimeoutException e = assertInstanceOf(CompactionTimeoutException.class,
                assertThrows(CompactionException.class,
                        () -> Fixtures.client(server, sleeper).timeout(Duration.ofMillis(300)).build()
                                .compact(Fixtures.request())));
        assertEquals(3, e.attempts());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertTrue(e.getMessage().contains("raise the timeout (now 300 ms per attempt)"), e.getMessage());
    }

    @Test
    void aTimeoutThenASuccessIsASuccess() {
        server.enqueue(ok(COMPACTED).setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(ok(COMPACTED));
        // generous, so that the second attempt does not time out on a busy machine
        CompactionResult r = Fixtures.client(server, sleeper).timeout(Duration.ofSeconds(2)).build()
                .compact(Fixtures.request());
        assertEquals(List.of("req_ok"), r.requestIds());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);
    }

    @Test
    void theRequestsOfAFailedCallLeaveTheConversationIntact() {
        var request = Fixtures.request();
        String before = io.github.compact4j.conversation.ResponsesItems.toJson(request.items());
        server.enqueue(error(400, "invalid_request_error", null, "no"));
        assertThrows(BadRequestException.class, () -> client().compact(request));
        assertEquals(before, io.github.compact4j.conversation.ResponsesItems.toJson(request.items()));
        assertSame(request.items(), request.items());
    }

    @Test
    void conflictIsRetried() {
        server.enqueue(error(409, "conflict", null, "busy"));
        server.enqueue(ok(COMPACTED));
        client().compact(Fixtures.request());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);
        assertEquals(2, server.getRequestCount());
        assertTrue(ConflictException.class.getSuperclass() == ApiException.class);
        assertTrue(UnexpectedStatusException.class.getSuperclass() == ApiException.class);
    }
}
