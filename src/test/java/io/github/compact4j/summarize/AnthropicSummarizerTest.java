package io.github.compact4j.summarize;

import static io.github.compact4j.summarize.SummarizerFixtures.ANTHROPIC_KEY;
import static io.github.compact4j.summarize.SummarizerFixtures.SUMMARY;
import static io.github.compact4j.summarize.SummarizerFixtures.anthropic;
import static io.github.compact4j.summarize.SummarizerFixtures.anthropicMessage;
import static io.github.compact4j.summarize.SummarizerFixtures.anthropicOk;
import static io.github.compact4j.summarize.SummarizerFixtures.json;
import static io.github.compact4j.summarize.SummarizerFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.Usage;
import io.github.compact4j.summarize.SummarizerFixtures.RecordingSleeper;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicSummarizerTest {

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
    void sendsTheInstructionsAsTheTopLevelSystemPromptAndTheTranscriptAsTheOneUserMessage() throws Exception {
        server.enqueue(anthropicOk(anthropicMessage(SUMMARY, "end_turn")));
        SummaryRequest request = request();

        Summary s = anthropic(server, sleeper).build().summarize(request);

        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.getMethod());
        assertEquals("/v1/messages", sent.getPath());
        assertEquals(ANTHROPIC_KEY, sent.getHeader("x-api-key"));
        assertEquals("2023-06-01", sent.getHeader("anthropic-version"));
        assertNull(sent.getHeader("Authorization"));
        assertEquals("application/json", sent.getHeader("Content-Type"));
        assertTrue(sent.getHeader("X-Client-Request-Id").startsWith("c4j-"));
        JsonNode body = json(sent);
        assertEquals(List.of("model", "max_tokens", "system", "messages"), fieldNames(body));
        assertEquals("claude-haiku-4-5", body.get("model").textValue());
        assertEquals(4096, body.get("max_tokens").intValue());
        assertTrue(body.get("max_tokens").isIntegralNumber());
        assertEquals(SummarizingFallbackCompactor.DEFAULT_PROMPT, body.get("system").textValue());
        assertEquals(1, body.get("messages").size());
        JsonNode user = body.get("messages").get(0);
        assertEquals(List.of("role", "content"), fieldNames(user));
        assertEquals("user", user.get("role").textValue());
        assertEquals(request.userMessage(), user.get("content").textValue());

        assertEquals(SUMMARY, s.text());
        assertFalse(s.truncated());
        // input_tokens counts only what missed the cache; Usage counts every input token
        assertEquals(Usage.builder().inputTokens(410 + 1200 + 300).outputTokens(180).totalTokens(410 + 1200 + 300 + 180).cachedInputTokens(300).reasoningTokens(0).modelCalls(1).build(), s.usage());
        assertEquals(List.of("req_011CAnthropicOk"), s.requestIds());
    }

    @Test
    void versionTemperatureAndExtraHeadersAreSent() throws Exception {
        server.enqueue(anthropicOk(anthropicMessage(SUMMARY, "end_turn")));
        anthropic(server, sleeper).anthropicVersion("2024-01-01").temperature(0.2)
                .header("anthropic-beta", "context-1m-2025-08-07").baseUrl(server.url("/proxy/anthropic/").toString())
                .build().summarize(request().withMaxOutputTokens(8192));
        RecordedRequest sent = server.takeRequest();
        assertEquals("/proxy/anthropic/v1/messages", sent.getPath());
        assertEquals("2024-01-01", sent.getHeader("anthropic-version"));
        assertEquals("context-1m-2025-08-07", sent.getHeader("anthropic-beta"));
        JsonNode body = json(sent);
        assertEquals(8192, body.get("max_tokens").intValue());
        assertEquals("0.2", body.get("temperature").toString());
    }

    @Test
    void textBlocksAreJoinedAndThinkingIsLeftOut() {
        server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Let me list the files first.\",\"signature\":\"EqQBCgIYAh==\"},"
                + "{\"type\":\"text\",\"text\":\"Task: fix the build.\"},"
                + "{\"type\":\"text\",\"text\":\"Next: run mvn test.\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":50,\"output_tokens\":20}}"));
        Summary s = anthropic(server, sleeper).build().summarize(request());
        assertEquals("Task: fix the build.\n\nNext: run mvn test.", s.text());
        assertEquals(Usage.builder().inputTokens(50).outputTokens(20).totalTokens(70).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), s.usage());
    }

    @Test
    void maxTokensAndAFullWindowMarkTheSummaryAsCutOff() {
        server.enqueue(anthropicOk(anthropicMessage("Task: make the build pass. Done: modules 0-7", "max_tokens")));
        server.enqueue(anthropicOk(anthropicMessage("Task: make the build", "model_context_window_exceeded")));
        server.enqueue(anthropicOk(anthropicMessage(SUMMARY, "stop_sequence")));
        AnthropicSummarizer s = anthropic(server, sleeper).build();
        assertTrue(s.summarize(request()).truncated());
        assertTrue(s.summarize(request()).truncated());
        assertFalse(s.summarize(request()).truncated());
    }

    @Test
    void aRefusalIsRejectedSoAChainMovesOn() {
        server.enqueue(anthropicOk(anthropicMessage("I can't summarize the contents of secret-plans.txt.", "refusal")));
        SummaryRejectedException e = assertThrows(SummaryRejectedException.class,
                () -> anthropic(server, sleeper).build().summarize(request()));
        assertEquals(SummaryRejectedException.Reason.REFUSED, e.reason());
        assertEquals(List.of("req_011CAnthropicOk"), e.requestIds());
        assertTrue(e.getMessage().startsWith("The Anthropic model declined to write the summary (stop_reason: refusal)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret-plans"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotAMessageIsInvalid() {
        server.enqueue(anthropicOk("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"stop_reason\":\"end_turn\"}"));
        server.enqueue(anthropicOk("[{\"type\":\"text\",\"text\":\"hi\"}]"));
        AnthropicSummarizer s = anthropic(server, sleeper).build();
        for (String problem : List.of("expected 'type' to be 'message' but got 'error': Overloaded",
                "the answer has no 'content' array", "expected a JSON object but got array")) {
            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> s.summarize(request()));
            assertTrue(e.getMessage().startsWith("Anthropic summarization failed: " + problem + " (HTTP 200)"),
                    e.getMessage());
            assertEquals(List.of("req_011CAnthropicOk"), e.requestIds());
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void anEmptyContentIsAnEmptySummaryForTheCompactorToRefuse() {
        server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":50,\"output_tokens\":2}}"));
        Summary s = anthropic(server, sleeper).build().summarize(request());
        assertEquals("", s.text());
        assertFalse(s.truncated());
    }

    @Test
    void theBuilderSaysWhatIsMissingOrWrong() {
        assertTrue(assertThrows(IllegalStateException.class,
                () -> AnthropicSummarizer.builder().model("claude-haiku-4-5").build()).getMessage()
                .startsWith("an API key is required"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> AnthropicSummarizer.builder().apiKey(ANTHROPIC_KEY).build()).getMessage()
                .startsWith("a model is required"));
        assertEquals("header 'x-api-key' is set by the client itself; pass the key with apiKey(...)",
                assertThrows(IllegalArgumentException.class,
                        () -> AnthropicSummarizer.builder().header("x-api-key", "k")).getMessage());
        assertEquals("header 'Anthropic-Version' is set by the client itself",
                assertThrows(IllegalArgumentException.class,
                        () -> AnthropicSummarizer.builder().header("Anthropic-Version", "2023-06-01")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnthropicSummarizer.builder().anthropicVersion("2023\n06"));
        assertThrows(IllegalArgumentException.class, () -> AnthropicSummarizer.builder().temperature(1.5));
        assertThrows(IllegalArgumentException.class,
                () -> AnthropicSummarizer.builder().apiKey(ANTHROPIC_KEY).model("m").baseUrl("api.anthropic.com").build());
    }

    @Test
    void toStringNamesTheSetupButNeverTheKey() {
        AnthropicSummarizer.Builder b = anthropic(server, sleeper);
        AnthropicSummarizer s = b.build();
        for (String text : List.of(s.toString(), b.toString())) {
            assertFalse(text.contains(ANTHROPIC_KEY), text);
            assertFalse(text.contains("summarizer0123"), text);
            assertTrue(text.contains("claude-haiku-4-5"), text);
            assertTrue(text.contains("anthropicVersion=2023-06-01"), text);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
