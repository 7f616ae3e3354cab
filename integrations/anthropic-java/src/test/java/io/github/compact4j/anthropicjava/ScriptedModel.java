package io.github.compact4j.anthropicjava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A scripted model on {@code POST /v1/messages}: it thinks, calls {@code run_tests} a fixed number
 * of times, then answers; optionally it starts one answer with a server-side compaction block. It
 * records every request body and path. A request without tools is a summarizer's: it gets a short
 * summary, and is recorded apart.
 */
final class ScriptedModel extends Dispatcher {

    private final int toolTurns;
    private final List<JsonNode> requests;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<JsonNode> summaries = new CopyOnWriteArrayList<>();
    private volatile int compactionTurn = -1;
    private volatile String compactionBlock;

    ScriptedModel(int toolTurns, List<JsonNode> requests) {
        this.toolTurns = toolTurns;
        this.requests = requests;
    }

    /** Starts the answer of that turn with this block, as compact_20260112 does when its threshold is crossed. */
    void compactAtTurn(int turn, String block) {
        this.compactionBlock = block;
        this.compactionTurn = turn;
    }

    List<String> paths() {
        return paths;
    }

    /** @return the bodies of the summarizer's requests */
    List<JsonNode> summaries() {
        return summaries;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            JsonNode body = SdkMessages.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
            if (!body.has("tools")) {
                summaries.add(body);
                return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"msg_sum\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"The agent ran the tests; InvoiceTest fails by a cent.\"}],"
                        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":900,"
                        + "\"output_tokens\":12}}");
            }
            requests.add(body);
            paths.add(String.valueOf(request.getPath()));
            int turn = requests.size();
            ObjectNode r = SdkMessages.MAPPER.createObjectNode();
            r.put("id", "msg_" + turn).put("type", "message").put("role", "assistant").put("model", "claude-sonnet-4-5")
                    .putNull("stop_sequence");
            ArrayNode content = r.putArray("content");
            if (turn == compactionTurn) {
                content.add(SdkMessages.MAPPER.readTree(compactionBlock));
            }
            content.addObject().put("type", "thinking").put("thinking", "Run the tests again.").put("signature", "sig_" + turn);
            if (turn <= toolTurns) {
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + turn).put("name", "run_tests");
                use.putObject("input");
                use.putObject("caller").put("type", "direct");
                r.put("stop_reason", "tool_use");
            } else {
                content.addObject().put("type", "text").put("text", "Fixed: rounding now uses HALF_EVEN.").putNull("citations");
                r.put("stop_reason", "end_turn");
            }
            int inputTokens = body.get("messages").toString().length() / 3;
            r.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 20)
                    .put("cache_read_input_tokens", 0).put("cache_creation_input_tokens", 0);
            return new MockResponse().setHeader("Content-Type", "application/json").setHeader("request-id", "req_" + turn)
                    .setBody(SdkMessages.MAPPER.writeValueAsString(r));
        } catch (Exception e) {
            return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
        }
    }
}
