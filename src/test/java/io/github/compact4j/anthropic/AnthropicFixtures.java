package io.github.compact4j.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.http.Sleeper;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** Anthropic's wire format for the compaction tests: a conversation, answers, errors. */
final class AnthropicFixtures {

    static final String API_KEY = "sk-ant-api03-compaction0123456789abcdef-XYZ";
    static final String MODEL = "claude-sonnet-4-6";
    static final String SUMMARY = "<summary>Task: make the build pass. Done: FooTest fixed in module3 (off-by-one in"
            + " Counter.next()). Next: run the full build.</summary>";
    static final String SIGNATURE = "EvQBCkYIBRgCKkAVdP3m9q+r0yW4c2lZ1h8xq7Kp2Qm0YhXk5JtB1sFpL8gR4nE=";

    static final String TOOLS = "[{\"name\":\"shell\",\"description\":\"Runs a shell command\",\"input_schema\":"
            + "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"]}}]";

    /** A coding session as the app's Messages request body holds it: system, nine messages, tools. */
    static final String BODY = "{\"model\":\"" + MODEL + "\",\"max_tokens\":8192,"
            + "\"system\":\"You are a coding agent working in a Maven repository.\","
            + "\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Make the build pass: FooTest fails with expected 3 but was 2.\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me run the tests of module 3.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"shell\",\"input\":{\"cmd\":\"mvn -q -pl module3 test\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":"
            + "\"FooTest.count:42 expected 3 but was 2\\n" + "at io.example.Counter.next(Counter.java:17)\\n".repeat(40) + "\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Counter.next() skips the last element.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"shell\",\"input\":{\"cmd\":\"sed -n 1,40p module3/src/main/java/Counter.java\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_02\",\"content\":"
            + "\"" + "public int next() { return i < n - 1 ? ++i : i; }\\n".repeat(30) + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
            + "{\"role\":\"assistant\",\"content\":\"I fixed the bound; running the build again.\"},"
            + "{\"role\":\"user\",\"content\":\"Good. Also run the whole build, please.\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_03\",\"name\":\"shell\",\"input\":{\"cmd\":\"mvn -q verify\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_03\",\"content\":\"BUILD SUCCESS\"}]}"
            + "],\"tools\":" + TOOLS + "}";

    private AnthropicFixtures() {}

    static AnthropicConversation conversation() {
        return AnthropicConversation.fromJson(BODY);
    }

    static CompactionRequest.Builder request() {
        return CompactionRequest.builder().model(MODEL).items(conversation().items()).tools(TOOLS);
    }

    static String block(String summary) {
        return "{\"type\":\"compaction\",\"content\":" + quote(summary) + ",\"signature\":\"" + SIGNATURE + "\"}";
    }

    /** A successful on-demand compaction, as the API answers it. */
    static String compacted() {
        return message("[" + block(SUMMARY) + "]", "compaction");
    }

    /** A Messages answer with the given content blocks and stop reason; usage in iterations. */
    static String message(String content, String stopReason) {
        return "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL
                + "\",\"content\":" + content + ",\"stop_reason\":" + (stopReason == null ? "null" : quote(stopReason))
                + ",\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"iterations\":[{\"type\":\"compaction\","
                + "\"input_tokens\":5120,\"output_tokens\":410,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":1024}]}}";
    }

    static MockResponse ok(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_011CompactOk").setBody(body);
    }

    static MockResponse error(int status, String type, String errorCode, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_" + status)
                .setBody("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quote(message)
                        + (errorCode == null ? "" : ",\"details\":{\"error_code\":\"" + errorCode + "\"}")
                        + "},\"request_id\":\"req_" + status + "\"}");
    }

    static AnthropicCompactClient.Builder client(MockWebServer server, Sleeper sleeper) {
        return AnthropicCompactClient.builder().apiKey(API_KEY).baseUrl(server.url("/").toString())
                .sleeper(sleeper).jitter(() -> 0.0);
    }

    static JsonNode json(RecordedRequest r) {
        try {
            return Json.MAPPER.readTree(r.getBody().readUtf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        return Json.NODES.textNode(s).toString();
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
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
