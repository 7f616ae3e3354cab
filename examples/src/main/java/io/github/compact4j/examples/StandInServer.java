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
 * A local stand-in for OpenAI, Anthropic and an OpenAI-compatible server, so the examples run
 * without API keys. It speaks just enough of each wire format: {@code /v1/responses/compact}
 * answers with the user messages and one compaction item, {@code /v1/messages} with the
 * {@code compaction} parameter with one compaction block (not really signed), {@code
 * /v1/chat/completions} and other {@code /v1/messages} calls with a short fixed summary. Asked as
 * an agent's model ({@code /v1/responses}, or {@code /v1/messages} with tools), it calls the first
 * tool it is given a fixed number of times and then says it is done. It is not a model; its
 * summaries and answers say so.
 */
final class StandInServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Its summary, in every summarization answer and in the compaction block. */
    static final String SUMMARY = "Summary written by the local stand-in server (no model was called): "
            + "the agent explored the repository, made its changes and ran the tests; see the recent turns for the state.";
    /** The content of the compaction block it answers Anthropic's compaction with. */
    static final String COMPACTION_BLOCK_CONTENT = "<summary>" + SUMMARY + "</summary>";

    /** The API key the examples give their clients when they talk to the stand-in. */
    static final String KEY = "sk-local-stand-in-0000000000";
    /** How many times, as an agent's model, it calls a tool before answering. */
    static final int AGENT_TOOL_TURNS = 8;
    /** Its answer, as an agent's model, once it has called the tool enough times. */
    static final String DONE = "Answer from the local stand-in server (no model was called): the tool ran "
            + AGENT_TOOL_TURNS + " times; done.";

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger responsesTurns = new AtomicInteger();
    private final AtomicInteger messagesTurns = new AtomicInteger();

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
                    if (path.endsWith("/v1/responses")) {
                        return json(agentResponse(body, responsesTurns.incrementAndGet()));
                    }
                    if (path.contains("/v1/messages") && body.has("compaction")) {
                        // Anthropic's own compaction: one signed block; this one is not really signed
                        return json("{\"id\":\"msg_local\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                                + JSON.writeValueAsString(body.path("model").asText()) + ",\"content\":[{\"type\":"
                                + "\"compaction\",\"content\":" + JSON.writeValueAsString(COMPACTION_BLOCK_CONTENT)
                                + ",\"signature\":\"local-stand-in-unsigned\"}],\"stop_reason\":\"compaction\","
                                + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"iterations\":[{\"type\":"
                                + "\"compaction\",\"input_tokens\":1000,\"output_tokens\":40}]}}");
                    }
                    if (path.contains("/v1/messages") && body.path("tools").size() > 0) {
                        return json(agentMessage(body, messagesTurns.incrementAndGet()));
                    }
                    if (path.endsWith("/chat/completions")) {
                        return json("{\"id\":\"chatcmpl-local\",\"object\":\"chat.completion\",\"created\":0,\"model\":"
                                + JSON.writeValueAsString(body.path("model").asText()) + ",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(SUMMARY)
                                + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":40,"
                                + "\"total_tokens\":1040}}");
                    }
                    if (path.contains("/v1/messages")) {
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

    /** A Responses API answer: reasoning and a call of the first tool, or, after enough turns, a message. */
    private static String agentResponse(JsonNode body, int turn) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "resp_local_" + turn).put("object", "response").put("created_at", 0)
                .put("model", body.path("model").asText()).put("status", "completed").put("parallel_tool_calls", true)
                .put("tool_choice", "auto").putArray("tools");
        ArrayNode output = r.putArray("output");
        output.addObject().put("type", "reasoning").put("id", "rs_local_" + turn)
                .put("encrypted_content", Base64.getEncoder().encodeToString(("stand-in " + turn).getBytes(StandardCharsets.UTF_8)))
                .putArray("summary").addObject().put("type", "summary_text").put("text", "Stand-in: call the tool again.");
        String tool = body.path("tools").path(0).path("name").asText("");
        if (turn <= AGENT_TOOL_TURNS && !tool.isEmpty()) {
            output.addObject().put("type", "function_call").put("id", "fc_local_" + turn).put("call_id", "call_local_" + turn)
                    .put("name", tool).put("arguments", "{}").put("status", "completed");
        } else {
            ObjectNode m = output.addObject().put("type", "message").put("id", "msg_local_" + turn).put("role", "assistant")
                    .put("status", "completed");
            m.putArray("content").addObject().put("type", "output_text").put("text", DONE).putArray("annotations");
        }
        int tokens = body.path("input").toString().length() / 4;
        r.putObject("usage").put("input_tokens", tokens).put("output_tokens", 20).put("total_tokens", tokens + 20)
                .<ObjectNode>set("input_tokens_details", JSON.createObjectNode().put("cached_tokens", 0))
                .set("output_tokens_details", JSON.createObjectNode().put("reasoning_tokens", 0));
        return JSON.writeValueAsString(r);
    }

    /** A Messages API answer: a call of the first tool, or, after enough turns, a text. */
    private static String agentMessage(JsonNode body, int turn) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "msg_local_" + turn).put("type", "message").put("role", "assistant")
                .put("model", body.path("model").asText()).putNull("stop_sequence");
        ArrayNode content = r.putArray("content");
        if (turn <= AGENT_TOOL_TURNS) {
            content.addObject().put("type", "text").put("text", "Stand-in: calling the tool again.").putNull("citations");
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_local_" + turn)
                    .put("name", body.path("tools").path(0).path("name").asText());
            use.putObject("input");
            use.putObject("caller").put("type", "direct");
            r.put("stop_reason", "tool_use");
        } else {
            content.addObject().put("type", "text").put("text", DONE).putNull("citations");
            r.put("stop_reason", "end_turn");
        }
        int tokens = body.path("messages").toString().length() / 4;
        r.putObject("usage").put("input_tokens", tokens).put("output_tokens", 20);
        return JSON.writeValueAsString(r);
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
