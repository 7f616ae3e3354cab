package io.github.compact4j.openaijava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A scripted model on {@code POST /v1/responses}: it reasons, calls {@code run_tests} a fixed
 * number of times, then answers; it records every request body. On {@code /v1/responses/compact}
 * it answers as OpenAI does: the user messages, then one compaction item.
 */
final class ScriptedModel extends Dispatcher {

    private final int toolTurns;
    private final List<JsonNode> requests;
    private final List<JsonNode> compactions = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScriptedModel(int toolTurns, List<JsonNode> requests) {
        this.toolTurns = toolTurns;
        this.requests = requests;
    }

    /** @return the bodies sent to {@code /v1/responses/compact} */
    List<JsonNode> compactions() {
        return compactions;
    }

    private static MockResponse compacted(JsonNode body, int n) throws Exception {
        ObjectNode r = SdkItems.MAPPER.createObjectNode().put("id", "cmp_resp_" + n).put("object", "response.compaction")
                .put("created_at", 1_700_000_000);
        ArrayNode output = r.putArray("output");
        for (JsonNode item : body.get("input")) {
            if ("user".equals(item.path("role").asText())) {
                output.add(item);
            }
        }
        output.addObject().put("type", "compaction").put("id", "cmp_" + n).put("encrypted_content", "gAAAAcompacted" + n);
        r.putObject("usage").put("input_tokens", 900).put("output_tokens", 40).put("total_tokens", 940)
                .<ObjectNode>set("input_tokens_details", SdkItems.MAPPER.createObjectNode().put("cached_tokens", 0))
                .set("output_tokens_details", SdkItems.MAPPER.createObjectNode().put("reasoning_tokens", 0));
        return new MockResponse().setHeader("Content-Type", "application/json").setHeader("x-request-id", "req_cmp_" + n)
                .setBody(SdkItems.MAPPER.writeValueAsString(r));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            JsonNode body = SdkItems.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
            if (String.valueOf(request.getPath()).endsWith("/responses/compact")) {
                compactions.add(body);
                return compacted(body, compactions.size());
            }
            requests.add(body);
            int turn = requests.size();
            ObjectNode r = SdkItems.MAPPER.createObjectNode();
            r.put("id", "resp_" + turn).put("object", "response").put("created_at", 1_700_000_000 + turn)
                    .put("model", "gpt-5.1").put("status", "completed").put("parallel_tool_calls", true)
                    .put("tool_choice", "auto").putArray("tools");
            ArrayNode output = r.putArray("output");
            output.addObject().put("type", "reasoning").put("id", "rs_" + turn)
                    .put("encrypted_content", "gAAAA" + "x".repeat(40) + turn).putArray("summary").addObject()
                    .put("type", "summary_text").put("text", "Run the tests again.");
            if (turn <= toolTurns) {
                output.addObject().put("type", "function_call").put("id", "fc_" + turn).put("call_id", "call_" + turn)
                        .put("name", "run_tests").put("arguments", "{}").put("status", "completed");
            } else {
                ObjectNode m = output.addObject().put("type", "message").put("id", "msg_" + turn).put("role", "assistant")
                        .put("status", "completed");
                m.putArray("content").addObject().put("type", "output_text").put("text", "Fixed: rounding now uses HALF_EVEN.")
                        .putArray("annotations");
            }
            int inputTokens = body.get("input").toString().length() / 3;
            r.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 20)
                    .put("total_tokens", inputTokens + 20).<ObjectNode>set("input_tokens_details",
                            SdkItems.MAPPER.createObjectNode().put("cached_tokens", 0))
                    .set("output_tokens_details", SdkItems.MAPPER.createObjectNode().put("reasoning_tokens", 8));
            return new MockResponse().setHeader("Content-Type", "application/json").setHeader("x-request-id", "req_" + turn)
                    .setBody(SdkItems.MAPPER.writeValueAsString(r));
        } catch (Exception e) {
            return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
        }
    }
}
