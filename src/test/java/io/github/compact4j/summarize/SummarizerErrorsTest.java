package io.github.compact4j.summarize;

import static io.github.compact4j.summarize.SummarizerFixtures.SUMMARY;
import static io.github.compact4j.summarize.SummarizerFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.errors.ApiException;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.errors.BadRequestException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.errors.NotFoundException;
import io.github.compact4j.errors.PermissionDeniedException;
import io.github.compact4j.errors.RateLimitException;
import io.github.compact4j.errors.ServerException;
import io.github.compact4j.summarize.SummarizerFixtures.RecordingSleeper;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The error paths of both summarizers, each against its backend's real error shapes. */
class SummarizerErrorsTest {

    private static final Duration HALF_SECOND = Duration.ofMillis(500);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** A backend: how its summarizer is built, and how it answers. */
    enum Backend {
        CHAT("Chat Completions summarization failed", "req_chat_ok") {
            @Override
            Summarizer summarizer(MockWebServer server, RecordingSleeper sleeper) {
                return SummarizerFixtures.chat(server, sleeper).build();
            }

            @Override
            MockResponse ok() {
                return SummarizerFixtures.chatOk(SummarizerFixtures.chatCompletion(SUMMARY, "stop"));
            }

            @Override
            MockResponse error(int status, String message) {
                String type = switch (status) {
                    case 401 -> "invalid_request_error";
                    case 403 -> "permission_error";
                    case 429 -> "rate_limit_error";
                    default -> status >= 500 ? "server_error" : "invalid_request_error";
                };
                return SummarizerFixtures.openAiError(status, type, status == 401 ? "invalid_api_key" : null, message);
            }

            @Override
            String errorType(int status) {
                return switch (status) {
                    case 403 -> "permission_error";
                    case 429 -> "rate_limit_error";
                    default -> status >= 500 ? "server_error" : "invalid_request_error";
                };
            }

            @Override
            String hint(int status) {
                return switch (status) {
                    case 400 -> "set tokenLimitParameter(...) to the other one.";
                    case 401 -> "Check the API key (the key given to apiKey(...))";
                    case 403 -> "project's and organization's permissions";
                    case 404 -> "has no /chat/completions endpoint or no model 'gpt-4o-mini'";
                    case 429 -> "Rate limit reached.";
                    default -> "The backend (or a proxy in front of it) failed.";
                };
            }
        },
        ANTHROPIC("Anthropic summarization failed", "req_011CAnthropicOk") {
            @Override
            Summarizer summarizer(MockWebServer server, RecordingSleeper sleeper) {
                return SummarizerFixtures.anthropic(server, sleeper).build();
            }

            @Override
            MockResponse ok() {
                return SummarizerFixtures.anthropicOk(SummarizerFixtures.anthropicMessage(SUMMARY, "end_turn"));
            }

            @Override
            MockResponse error(int status, String message) {
                return SummarizerFixtures.anthropicError(status, errorType(status), message);
            }

            @Override
            String errorType(int status) {
                return switch (status) {
                    case 400 -> "invalid_request_error";
                    case 401 -> "authentication_error";
                    case 403 -> "permission_error";
                    case 404 -> "not_found_error";
                    case 429 -> "rate_limit_error";
                    case 529 -> "overloaded_error";
                    default -> "api_error";
                };
            }

            @Override
            String hint(int status) {
                return switch (status) {
                    case 400 -> "is within the model's output limit";
                    case 401 -> "Check the API key (ANTHROPIC_API_KEY)";
                    case 403 -> "check the workspace the key belongs to";
                    case 404 -> "it is the host only, without /v1, e.g. https://api.anthropic.com.";
                    case 429 -> "Anthropic's rate limit for this organization was reached";
                    case 529 -> "Anthropic's API is overloaded (for all users; not a limit of this account)";
                    default -> "The backend (or a proxy in front of it) failed.";
                };
            }
        };

        final String failed;
        final String okRequestId;

        Backend(String failed, String okRequestId) {
            this.failed = failed;
            this.okRequestId = okRequestId;
        }

        abstract Summarizer summarizer(MockWebServer server, RecordingSleeper sleeper);

        abstract MockResponse ok();

        abstract MockResponse error(int status, String message);

        abstract String errorType(int status);

        abstract String hint(int status);

        String requestId(int status) {
            return this == CHAT ? "req_" + status : "req_011C" + status;
        }
    }

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

    private CompactionException fail(Backend backend) {
        return assertThrows(CompactionException.class, () -> backend.summarizer(server, sleeper).summarize(request()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientErrorsAreMappedWithTheBackendsWordsAndAHintAndAreNotRetried(Backend backend) {
        List<Class<? extends ApiException>> types = List.of(BadRequestException.class, AuthenticationException.class,
                PermissionDeniedException.class, NotFoundException.class);
        int[] statuses = {400, 401, 403, 404};
        for (int i = 0; i < statuses.length; i++) {
            int status = statuses[i];
            server.enqueue(backend.error(status, "The backend says " + status + "."));
            CompactionException e = fail(backend);

            assertEquals(types.get(i), e.getClass());
            assertEquals(status, ((ApiException) e).statusCode());
            assertEquals(backend.errorType(status), e.errorType().orElseThrow());
            assertEquals("The backend says " + status + ".", e.backendMessage().orElseThrow());
            assertEquals(1, e.attempts());
            assertEquals(List.of(backend.requestId(status)), e.requestIds());
            assertTrue(e.getMessage().startsWith(backend.failed + ": The backend says " + status + ". (HTTP " + status),
                    e.getMessage());
            assertTrue(e.hint().orElseThrow().contains(backend.hint(status)), e.hint().orElseThrow());
            assertTrue(e.getMessage().contains("request_id=" + backend.requestId(status)), e.getMessage());
        }
        assertEquals(4, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRateLimitWaitsWhatRetryAfterSaysThenSucceeds(Backend backend) {
        server.enqueue(backend.error(429, "Number of request tokens has exceeded your per-minute rate limit")
                .setHeader("retry-after", "3"));
        server.enqueue(backend.ok());
        Summary s = backend.summarizer(server, sleeper).summarize(request());
        assertEquals(SUMMARY, s.text());
        assertEquals(List.of(Duration.ofSeconds(3)), sleeper.waits);
        assertEquals(List.of(backend.requestId(429), backend.okRequestId), s.requestIds());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRateLimitThatLastsIsReportedWithTheWaitAndTheRetries(Backend backend) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(backend.error(429, "rate limited").setHeader("retry-after", "2"));
        }
        RateLimitException e = assertInstanceOf(RateLimitException.class, fail(backend));
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), sleeper.waits);
        assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        assertEquals(3, e.attempts());
        assertEquals(Collections.nCopies(3, backend.requestId(429)), e.requestIds());
        assertTrue(e.hint().orElseThrow().contains(backend.hint(429)), e.hint().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("Retried 2 times."), e.hint().orElseThrow());
    }

    @Test
    void anthropicsSpendLimitIsNotRetriedAndSaysWhy() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_011Cspend")
                .setBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"You have"
                        + " reached your organization's monthly spend limit.\",\"details\":{\"error_code\":"
                        + "\"enforced_spend_limit_reached\"}},\"request_id\":\"req_011Cspend\"}"));
        RateLimitException e = assertInstanceOf(RateLimitException.class, fail(Backend.ANTHROPIC));
        assertTrue(e.isQuotaExhausted());
        assertEquals("enforced_spend_limit_reached", e.errorCode().orElseThrow());
        assertEquals(1, e.attempts());
        assertTrue(sleeper.waits.isEmpty(), "waiting does not lift a spend limit");
        assertTrue(e.hint().orElseThrow().startsWith("The account has no quota left or reached its spend limit"),
                e.hint().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aServerErrorIsRetriedWithBackoffThenSucceeds(Backend backend) {
        server.enqueue(backend.error(500, "Internal server error"));
        server.enqueue(backend.error(500, "Internal server error"));
        server.enqueue(backend.ok());
        Summary s = backend.summarizer(server, sleeper).summarize(request());
        assertEquals(SUMMARY, s.text());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertEquals(List.of(backend.requestId(500), backend.requestId(500), backend.okRequestId), s.requestIds());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void anthropicsOverloadIsRetriedLikeAServerErrorAndSaysSoWhenItLasts() {
        server.enqueue(Backend.ANTHROPIC.error(529, "Overloaded"));
        server.enqueue(Backend.ANTHROPIC.ok());
        assertEquals(SUMMARY, Backend.ANTHROPIC.summarizer(server, sleeper).summarize(request()).text());
        assertEquals(List.of(HALF_SECOND), sleeper.waits);

        sleeper.waits.clear();
        for (int i = 0; i < 3; i++) {
            server.enqueue(Backend.ANTHROPIC.error(529, "Overloaded"));
        }
        ServerException e = assertInstanceOf(ServerException.class, fail(Backend.ANTHROPIC));
        assertEquals(529, e.statusCode());
        assertEquals("overloaded_error", e.errorType().orElseThrow());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertEquals("Anthropic's API is overloaded (for all users; not a limit of this account): try again later. A"
                + " fallback strategy can take over. Retried 2 times.", e.hint().orElseThrow());
        assertEquals(Collections.nCopies(3, "req_011C529"), e.requestIds());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAnswerCutShortIsAnInvalidResponseAndNotRetried(Backend backend) {
        String body = backend.ok().getBody().readUtf8();
        server.enqueue(backend.ok().setBody(body.substring(0, body.length() / 2)));
        InvalidResponseException e = assertInstanceOf(InvalidResponseException.class, fail(backend));
        assertTrue(e.getMessage().startsWith(backend.failed + ": the JSON is malformed or cut short at byte "),
                e.getMessage());
        assertEquals(200, e.status().getAsInt());
        assertEquals(List.of(backend.okRequestId), e.requestIds());
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anHtml502FromAProxyIsRetriedThenAServerErrorThatSaysSo(Backend backend) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                    .setBody("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"));
        }
        ServerException e = assertInstanceOf(ServerException.class, fail(backend));
        assertEquals(502, e.statusCode());
        assertEquals(3, e.attempts());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertTrue(e.getMessage().contains("the server answered with an HTML page ('502 Bad Gateway') instead of JSON"),
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEmptyOrNonJsonSuccessIsAnInvalidResponse(Backend backend) {
        server.enqueue(backend.ok().setBody(""));
        server.enqueue(backend.ok().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><html><head><title>Sign in - Corporate Proxy</title></head></html>"));
        server.enqueue(backend.ok().setHeader("Content-Type", "text/event-stream")
                .setBody("data: {\"choices\":[]}\n\ndata: [DONE]\n\n"));
        Summarizer s = backend.summarizer(server, sleeper);
        List<String> problems = List.of("the body is empty",
                "expected JSON but the server sent text/html; charset=utf-8: the server answered with an HTML page"
                        + " ('Sign in - Corporate Proxy') instead of JSON",
                "expected JSON but the server sent text/event-stream");
        for (String problem : problems) {
            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> s.summarize(request()));
            assertTrue(e.getMessage().startsWith(backend.failed + ": " + problem), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("a fallback strategy can take over"), e.hint().orElseThrow());
        }
        assertEquals(3, server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnreachableServerIsAConnectionErrorAfterTheRetries(Backend backend) throws Exception {
        Summarizer s = backend.summarizer(server, sleeper);
        server.shutdown();
        ConnectionException e = assertInstanceOf(ConnectionException.class,
                assertThrows(CompactionException.class, () -> s.summarize(request())));
        assertEquals(3, e.attempts());
        assertEquals(List.of(HALF_SECOND, ONE_SECOND), sleeper.waits);
        assertTrue(e.requestIds().isEmpty());
    }

    @Test
    void aLocalServerThatWantsAKeySaysHowToGiveIt() {
        server.enqueue(SummarizerFixtures.openAiError(401, "invalid_request_error", null, "Unauthorized"));
        Summarizer s = ChatCompletionsSummarizer.builder().baseUrl(server.url("/v1").toString()).model("llama3.1")
                .sleeper(sleeper).build();
        AuthenticationException e = assertInstanceOf(AuthenticationException.class,
                assertThrows(CompactionException.class, () -> s.summarize(request())));
        assertEquals("The server at " + server.getHostName() + " wants an API key and none was given: pass it with"
                + " apiKey(...).", e.hint().orElseThrow());
        assertFalse(e.getMessage().contains("Bearer"), e.getMessage());
    }
}
