package io.github.compact4j.openai;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

/** Wire-format answers and conversations shared by the client's tests. */
final class Fixtures {

    static final String API_KEY = "sk-test-0123456789abcdefghijklmnop";

    static final String CONVERSATION = "["
            + "{\"role\":\"user\",\"content\":\"Create a simple landing page for a dog petting cafe.\"},"
            + "{\"id\":\"rs_001\",\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"gAAAAABreasoning==\"},"
            + "{\"id\":\"msg_001\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
            + "\"annotations\":[],\"logprobs\":[],\"text\":\"Below is a single file landing page...\"}],\"role\":\"assistant\"},"
            + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"write_file\",\"arguments\":\"{\\\"path\\\":\\\"index.html\\\"}\",\"id\":\"fc_1\",\"status\":\"completed\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok, 2.10 kB written\"}"
            + "]";

    static final String ENCRYPTED = "gAAAAABpM0Yj-Zx_9+/q==";

    static final String COMPACTED = "{\"id\":\"resp_001\",\"object\":\"response.compaction\",\"created_at\":1764967971,"
            + "\"output\":[{\"id\":\"msg_000\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
            + "\"input_text\",\"text\":\"Create a simple landing page for a dog petting cafe.\"}],\"role\":\"user\"},"
            + "{\"id\":\"cmp_001\",\"type\":\"compaction\",\"encrypted_content\":\"" + ENCRYPTED + "\"}],"
            + "\"usage\":{\"input_tokens\":139,\"input_tokens_details\":{\"cached_tokens\":11,\"cache_write_tokens\":0},"
            + "\"output_tokens\":438,\"output_tokens_details\":{\"reasoning_tokens\":64},\"total_tokens\":577}}";

    private Fixtures() {}

    static List<Item> conversation() {
        return ResponsesItems.fromJson(CONVERSATION);
    }

    static CompactionRequest request() {
        return CompactionRequest.builder().model("gpt-5.1-codex-max").items(conversation()).build();
    }

    static MockResponse ok(String body) {
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_ok")
                .setHeader("openai-processing-ms", "812")
                .setBody(body);
    }

    static MockResponse error(int status, String type, String code, String message) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + status)
                .setBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    /** A builder against the server, with recorded waits and no jitter. */
    static OpenAiCompactClient.Builder client(MockWebServer server, RecordingSleeper sleeper) {
        return OpenAiCompactClient.builder()
                .apiKey(API_KEY)
                .baseUrl(server.url("/v1").toString())
                .sleeper(sleeper)
                .jitter(() -> 0.0);
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
