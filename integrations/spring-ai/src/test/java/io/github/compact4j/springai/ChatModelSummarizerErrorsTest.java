package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import io.github.compact4j.errors.ApiException;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.errors.BadRequestException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.CompactionTimeoutException;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.errors.NotFoundException;
import io.github.compact4j.errors.PermissionDeniedException;
import io.github.compact4j.errors.RateLimitException;
import io.github.compact4j.errors.ServerException;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRejectedException;
import io.github.compact4j.summarize.SummaryRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How {@link ChatModelSummarizer} reports what went wrong, with Spring AI's real OpenAI module (on OpenAI's Java SDK)
 * talking to MockWebServer: each failure becomes the compact4j exception a fallback chain acts on.
 */
class ChatModelSummarizerErrorsTest {

    static final String KEY = "sk-test-0123456789abcdefghijklmnop";

    MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    ChatModelSummarizer summarizer(String baseUrl, Duration timeout) {
        return ChatModelSummarizer.of(OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(baseUrl)
                .apiKey(KEY).model("gpt-4o-mini").maxRetries(0).timeout(timeout).build()).build());
    }

    ChatModelSummarizer summarizer() {
        return summarizer(server.url("/v1").toString(), Duration.ofSeconds(30));
    }

    static SummaryRequest request() {
        return SummaryRequest.builder().instructions("Summarize the conversation.")
                .transcript("user: fix the failing test\nassistant: done").maxOutputTokens(256).build();
    }

    static String error(String type, String code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    static String completion(String content, String finishReason) {
        return "{\"id\":\"chatcmpl-42\",\"object\":\"chat.completion\",\"created\":1760000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                + "\"finish_reason\":\"" + finishReason + "\"}],"
                + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7,\"total_tokens\":47}}";
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, error("invalid_request_error", "invalid_value", "max_tokens is too large"),
                        BadRequestException.class),
                Arguments.of(401, error("invalid_request_error", "invalid_api_key", "Incorrect API key provided"),
                        AuthenticationException.class),
                Arguments.of(403, error("permission_error", null, "You are not allowed to use this model"),
                        PermissionDeniedException.class),
                Arguments.of(404, error("invalid_request_error", "model_not_found", "The model does not exist"),
                        NotFoundException.class),
                Arguments.of(429, error("requests", "rate_limit_exceeded", "Rate limit reached for requests"),
                        RateLimitException.class),
                Arguments.of(500, error("server_error", null, "The server had an error"), ServerException.class),
                Arguments.of(503, error("server_error", null, "The engine is currently overloaded"),
                        ServerException.class));
    }

    @ParameterizedTest(name = "HTTP {0} -> {2}")
    @MethodSource("statuses")
    void anHttpStatusBecomesItsApiErrorsSubtype(int status, String body, Class<? extends ApiException> expected)
            throws Exception {
        server.enqueue(json(status, body));
        ApiException e = assertThrows(ApiException.class, () -> summarizer().summarize(request()));

        assertInstanceOf(expected, e);
        assertEquals(status, e.statusCode());
        String backendMessage = body.substring(body.indexOf("\"message\":\"") + 11, body.indexOf("\",\"type\""));
        assertTrue(e.getMessage().contains(backendMessage), "the backend's words: " + e.getMessage());
        assertFalse(e.getMessage().contains(KEY), "no key in the message");
        assertTrue(e.hint().isPresent(), "a hint says what to do");
        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/v1/chat/completions", sent.getPath());
        assertEquals(1, server.getRequestCount(), "the summarizer adds no retries of its own");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATimeout() {
        server.enqueue(json(200, completion("late", "stop")).setSocketPolicy(SocketPolicy.NO_RESPONSE));
        // the SDK's HTTP client runs on the wall clock: a short timeout, and nothing asserted about time
        ChatModelSummarizer s = summarizer(server.url("/v1").toString(), Duration.ofMillis(300));
        CompactionTimeoutException e = assertThrows(CompactionTimeoutException.class, () -> s.summarize(request()));
        assertTrue(e.hint().orElse("").contains("timeout"), e.getMessage());
    }

    @Test
    void aServerThatCannotBeReachedIsAConnectionFailure() throws IOException {
        String baseUrl = server.url("/v1").toString();
        server.shutdown(); // nothing listens on the port any more
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> summarizer(baseUrl, Duration.ofSeconds(30)).summarize(request()));
        assertTrue(e.hint().orElse("").contains("base URL"), e.getMessage());
    }

    @Test
    void aContentFilterIsARefusedSummaryWithTheResponseId() {
        server.enqueue(json(200, completion("", "content_filter")));
        SummaryRejectedException e = assertThrows(SummaryRejectedException.class, () -> summarizer().summarize(request()));
        assertEquals(SummaryRejectedException.Reason.REFUSED, e.reason());
        assertEquals(List.of("chatcmpl-42"), e.requestIds());
    }

    @Test
    void aCutOffSummaryIsReportedWithItsUsage() {
        server.enqueue(json(200, completion("The agent fixed", "length")));
        Summary summary = summarizer().summarize(request());
        assertEquals("The agent fixed", summary.text());
        assertTrue(summary.truncated());
        assertEquals(40, summary.usage().inputTokens());
        assertEquals(7, summary.usage().outputTokens());
        assertEquals(List.of("chatcmpl-42"), summary.requestIds());
    }

    @Test
    void aFailureOfNoKnownKindIsStillACompactionExceptionWithItsCause() {
        server.enqueue(json(200, "{\"id\":\"chatcmpl-1\",\"choices\":\"not a list\"}"));
        CompactionException e = assertThrows(CompactionException.class, () -> summarizer().summarize(request()));
        assertTrue(e.getCause() != null, e.getMessage());
    }
}
