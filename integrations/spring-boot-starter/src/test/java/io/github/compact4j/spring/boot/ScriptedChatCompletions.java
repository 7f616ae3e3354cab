package io.github.compact4j.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * OpenAI's Chat Completions as MockWebServer answers it: a summary for a request whose system
 * message is compact4j's summarizing prompt, a turn's answer for any other, each body checked by
 * OpenAI's SDK first; any other path is a 404, as OpenAI answers an unknown URL.
 */
final class ScriptedChatCompletions extends Dispatcher {

    static final String MODEL = "gpt-4o-mini";
    static final String SUMMARY = "The user asked about the invoice module turn by turn; each answer explained one method."
            + " Next: continue with the next method.";
    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> chatRequests = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> summaryRequests = Collections.synchronizedList(new ArrayList<>());
    final List<String> otherPaths = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!request.getPath().endsWith("/chat/completions")) {
            otherPaths.add(request.getPath());
            return json(404, "req_404", "{\"error\":{\"message\":\"Unknown url " + request.getPath()
                    + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"not_found\"}}");
        }
        authorizations.add(request.getHeader("Authorization"));
        int n = calls.incrementAndGet();
        try {
            String text = request.getBody().readString(StandardCharsets.UTF_8);
            ObjectMappers.jsonMapper().readValue(text, ChatCompletionCreateParams.Body.class).validate();
            JsonNode body = JSON.readTree(text);
            JsonNode first = body.get("messages").get(0);
            if ("system".equals(first.path("role").asText())
                    && SummarizingFallbackCompactor.DEFAULT_PROMPT.equals(first.path("content").asText())) {
                summaryRequests.add(body);
                return answer(n, SUMMARY);
            }
            chatRequests.add(body);
            return answer(n, ("Turn answer " + n + ": the method multiplies its argument by the rate, rounds half even"
                    + " to two places, and returns the total; the caller adds the tax afterwards. ").repeat(3).trim());
        } catch (IOException | RuntimeException e) {
            return json(400, "req_400", "{\"error\":{\"message\":\"" + e.getClass().getSimpleName()
                    + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        }
    }

    private static MockResponse answer(int n, String content) throws IOException {
        return json(200, "req_" + n, "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1764967971,"
                + "\"model\":\"" + MODEL + "-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + JSON.writeValueAsString(content) + ",\"refusal\":null,\"annotations\":[]},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":812,"
                + "\"completion_tokens\":96,\"total_tokens\":908},\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\"}");
    }

    private static MockResponse json(int status, String requestId, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", requestId).setBody(body);
    }
}
