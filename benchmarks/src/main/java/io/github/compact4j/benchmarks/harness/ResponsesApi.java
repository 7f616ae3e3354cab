package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.util.List;
import java.util.Map;

/** OpenAI's Responses API, {@code POST {base}/responses}, with {@code store: false}. */
final class ResponsesApi implements ModelApi {

    private final String baseUrl;
    private final String apiKey;
    private final String model;

    ResponsesApi(String baseUrl, String apiKey, String model) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.model = model;
    }

    @Override
    public String apiName() {
        return "Responses API";
    }

    @Override
    public String model() {
        return model;
    }


    @Override
    public Reply ask(List<Item> history, String system, String userMessage, int maxTokens) {
        ObjectNode body = body(system, maxTokens);
        ArrayNode input = ResponsesItems.toJsonNode(history);
        ObjectNode q = input.addObject();
        q.put("type", "message");
        q.put("role", "user");
        q.putArray("content").addObject().put("type", "input_text").put("text", userMessage);
        body.set("input", input);
        return call(body);
    }

    private ObjectNode body(String system, int maxTokens) {
        ObjectNode body = Corpus.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("instructions", system);
        body.put("store", false);
        body.put("max_output_tokens", maxTokens);
        return body;
    }

    private Reply call(ObjectNode body) {
        String[] id = new String[1];
        JsonNode r = ModelApi.post(baseUrl + "/responses", Map.of("Authorization", "Bearer " + apiKey), body, id);
        StringBuilder text = new StringBuilder();
        for (JsonNode out : r.path("output")) {
            if ("message".equals(out.path("type").asText())) {
                for (JsonNode part : out.path("content")) {
                    if ("output_text".equals(part.path("type").asText())) {
                        text.append(part.path("text").asText());
                    }
                }
            }
        }
        JsonNode u = r.path("usage");
        return new Reply(text.toString(), "incomplete".equals(r.path("status").asText()),
                Usage.of(u.path("input_tokens").asLong(), u.path("output_tokens").asLong()), id[0]);
    }
}
