package io.github.compact4j.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.internal.Json;
import io.github.compact4j.http.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** Wire-format answers of Chat Completions and Anthropic Messages, and the summarizers built against a server. */
final class SummarizerFixtures {

    static final String OPENAI_KEY = "sk-proj-summarizer0123456789abcdefXYZ";
    static final String ANTHROPIC_KEY = "sk-ant-api03-summarizer0123456789abcdef-XYZ";
    static final String SUMMARY = "Task: make the build pass. Done: modules 0-7 checked; module 3 holds the off-by-one."
            + " Next: fix Counter.next() in module3/src/main/java/Counter.java.";

    private SummarizerFixtures() {}

    /** A request as the compactor makes it: a short transcript, the default prompt, a 4096-token budget. */
    static SummaryRequest request() {
        return SummaryRequest.builder()
                .items(List.of(Message.assistant("Checking module 3."),
                        ToolCall.function("call_7", "shell", "{\"cmd\":\"mvn -q -pl module3 test\"}"),
                        ToolResult.functionOutput("call_7", "FooTest: expected 3 but was 2")))
                .transcript("[assistant]\nChecking module 3.\n\n[tool call shell, id call_7]\n{\"cmd\":\"mvn -q -pl"
                        + " module3 test\"}\n\n[tool result, id call_7]\nFooTest: expected 3 but was 2")
                .task("Make the build pass: FooTest fails with expected 3 but was 2.")
                .build();
    }

    // ---------------------------------------------------------------------------------------
    // Chat Completions

    static ChatCompletionsSummarizer.Builder chat(MockWebServer server, RecordingSleeper sleeper) {
        return ChatCompletionsSummarizer.builder()
                .baseUrl(server.url("/v1").toString())
                .apiKey(OPENAI_KEY)
                .model("gpt-4o-mini")
                .sleeper(sleeper)
                .jitter(() -> 0.0);
    }

    /** A {@code chat.completion} as OpenAI sends it, with the usage details. */
    static String chatCompletion(String content, String finishReason) {
        return "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\",\"created\":1741569952,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + quote(content) + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
                + "\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":1893,\"completion_tokens\":212,"
                + "\"total_tokens\":2105,\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":64,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\"}";
    }

    static MockResponse chatOk(String body) {
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_chat_ok")
                .setBody(body);
    }

    static MockResponse openAiError(int status, String type, String code, String message) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + status)
                .setBody("{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    // ---------------------------------------------------------------------------------------
    // Anthropic Messages

    static AnthropicSummarizer.Builder anthropic(MockWebServer server, RecordingSleeper sleeper) {
        return AnthropicSummarizer.builder()
                .baseUrl(server.url("/").toString())
                .apiKey(ANTHROPIC_KEY)
                .model("claude-haiku-4-5")
                .sleeper(sleeper)
                .jitter(() -> 0.0);
    }

    /** A {@code message} as Anthropic sends it, with prompt-cache figures. */
    static String anthropicMessage(String text, String stopReason) {
        return "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":" + quote(text) + "}],"
                + "\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":410,"
                + "\"cache_creation_input_tokens\":1200,\"cache_read_input_tokens\":300,\"output_tokens\":180,"
                + "\"service_tier\":\"standard\"}}";
    }

    static MockResponse anthropicOk(String body) {
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_011CAnthropicOk")
                .setBody(body);
    }

    static MockResponse anthropicError(int status, String type, String message) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_011C" + status)
                .setBody("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quote(message)
                        + "},\"request_id\":\"req_011C" + status + "\"}");
    }

    // ---------------------------------------------------------------------------------------

    static JsonNode json(RecordedRequest r) {
        try {
            return Json.MAPPER.readTree(r.getBody().readUtf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records each back-off wait instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
