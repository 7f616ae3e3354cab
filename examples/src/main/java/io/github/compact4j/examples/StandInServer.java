package io.github.compact4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local stand-in for OpenAI, Anthropic and an OpenAI-compatible server, so the multi-agent
 * example runs without API keys. It speaks just enough of each wire format: {@code
 * /v1/responses/compact} answers with the user messages and one compaction item, {@code
 * /v1/messages} with the {@code compaction} parameter with one compaction block (not really
 * signed), {@code /v1/chat/completions} and other {@code /v1/messages} calls with a short fixed
 * summary. It is not a model; its summaries say so.
 */
final class StandInServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY = "Summary written by the local stand-in server (no model was called): "
            + "the agent explored the repository, made its changes and ran the tests; see the recent turns for the state.";

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger calls = new AtomicInteger();

    StandInServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.incrementAndGet();
                try {
                    JsonNode body = JSON.readTree(request.getBody().readString(StandardCharsets.UTF_8));
                    String path = request.getPath() == null ? "" : request.getPath();
                    if (path.endsWith("/responses/compact")) {
                        return json(compacted(body));
                    }
                    if (path.endsWith("/chat/completions")) {
                        return json("{\"id\":\"chatcmpl-local\",\"object\":\"chat.completion\",\"created\":0,\"model\":"
                                + JSON.writeValueAsString(body.path("model").asText()) + ",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(SUMMARY)
                                + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":40,"
                                + "\"total_tokens\":1040}}");
                    }
                    if (path.endsWith("/v1/messages") && body.has("compaction")) {
                        // Anthropic's own compaction: one signed block; this one is not really signed
                        return json("{\"id\":\"msg_local\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                                + JSON.writeValueAsString(body.path("model").asText()) + ",\"content\":[{\"type\":"
                                + "\"compaction\",\"content\":" + JSON.writeValueAsString("<summary>" + SUMMARY + "</summary>")
                                + ",\"signature\":\"local-stand-in-unsigned\"}],\"stop_reason\":\"compaction\","
                                + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"iterations\":[{\"type\":"
                                + "\"compaction\",\"input_tokens\":1000,\"output_tokens\":40}]}}");
                    }
                    if (path.endsWith("/v1/messages")) {
                        return json("{\"id\":\"msg_local\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                                + JSON.writeValueAsString(body.path("model").asText()) + ",\"content\":[{\"type\":\"text\","
                                + "\"text\":" + JSON.writeValueAsString(SUMMARY) + "}],\"stop_reason\":\"end_turn\","
                                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":40}}");
                    }
                    return new MockResponse().setResponseCode(404);
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
            }
        });
        server.start();
    }

    /** The user messages of the input, then one compaction item, as OpenAI answers. */
    private static String compacted(JsonNode body) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "resp_local");
        out.put("object", "response.compaction");
        out.put("created_at", 0);
        ArrayNode output = out.putArray("output");
        for (JsonNode item : body.path("input")) {
            if ("user".equals(item.path("role").asText()) && output.size() < 2) {
                output.add(item);
            }
        }
        ObjectNode c = output.addObject();
        c.put("type", "compaction");
        c.put("id", "cmp_local");
        c.put("encrypted_content", Base64.getEncoder().encodeToString(SUMMARY.getBytes(StandardCharsets.UTF_8)));
        out.putObject("usage").put("input_tokens", 1000).put("output_tokens", 40).put("total_tokens", 1040);
        return JSON.writeValueAsString(out);
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_local_" + Integer.toHexString(body.hashCode())).setBody(body);
    }

    /** @return the base URL, ending in {@code /v1} for the OpenAI-style paths */
    String baseUrl(boolean withV1) {
        String root = server.url("/").toString().replaceAll("/$", "");
        return withV1 ? root + "/v1" : root;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
