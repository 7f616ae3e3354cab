package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A small client for one model API, as the harness needs it to ask a probe question over a
 * (compacted) conversation; summaries go through the library's own summarizers. One
 * implementation per wire format:
 * {@link ResponsesApi}, {@link ChatCompletionsApi}, {@link AnthropicApi}.
 */
interface ModelApi {

    OkHttpClient HTTP = new OkHttpClient.Builder()
            .callTimeout(Duration.ofMinutes(10))
            .readTimeout(Duration.ofMinutes(10))
            .build();

    MediaType JSON = MediaType.get("application/json");

    /** What one call returned. */
    record Reply(String text, boolean truncated, Usage usage, String requestId) {}

    /** @return the wire format's name, e.g. {@code Responses API} */
    String apiName();

    /** @return the model it calls */
    String model();


    /**
     * @param history the conversation, Responses items
     * @param system the instructions
     * @param userMessage the question, appended as the last user message
     * @param maxTokens the output budget
     * @return the reply
     */
    Reply ask(List<Item> history, String system, String userMessage, int maxTokens);

    /** Posts JSON and reads the JSON answer; a non-2xx status is an exception naming it. */
    static JsonNode post(String url, Map<String, String> headers, JsonNode body, String[] requestId) {
        Request.Builder r = new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON));
        headers.forEach(r::header);
        try (Response response = HTTP.newCall(r.build()).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            requestId[0] = response.header("x-request-id", response.header("request-id", ""));
            if (!response.isSuccessful()) {
                throw new IllegalStateException("POST " + url + " answered " + response.code() + ": "
                        + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
            }
            return Corpus.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed: " + e.getMessage(), e);
        }
    }
}
