package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages, {@code POST {base}/v1/messages}. The conversation goes through the
 * library's {@link AnthropicMessages} codec; its system text comes before the probe instructions.
 */
final class AnthropicApi implements ModelApi {

    static final String VERSION = "2023-06-01";

    private final String baseUrl;
    private final String apiKey;
    private final String model;

    AnthropicApi(String baseUrl, String apiKey, String model) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.model = model;
    }

    @Override
    public String apiName() {
        return "Anthropic Messages";
    }

    @Override
    public String model() {
        return model;
    }


    @Override
    public Reply ask(List<Item> history, String system, String userMessage, int maxTokens) {
        AnthropicConversation c = AnthropicMessages.toConversation(history);
        String fullSystem = c.system().map(s -> (s.isTextual() ? s.asText() : ScriptedServer.text(s, null)) + "\n\n")
                .orElse("") + system;
        ArrayNode messages = c.messages().deepCopy();
        messages.addObject().put("role", "user").put("content", userMessage);
        return call(fullSystem, messages, maxTokens);
    }

    private Reply call(String system, ArrayNode messages, int maxTokens) {
        ObjectNode body = Corpus.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.put("system", system);
        body.set("messages", messages);
        String[] id = new String[1];
        JsonNode r = ModelApi.post(baseUrl + "/v1/messages", Map.of("x-api-key", apiKey == null ? "" : apiKey,
                "anthropic-version", VERSION), body, id);
        StringBuilder text = new StringBuilder();
        for (JsonNode block : r.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        JsonNode u = r.path("usage");
        return new Reply(text.toString(), "max_tokens".equals(r.path("stop_reason").asText()),
                Usage.of(u.path("input_tokens").asLong(), u.path("output_tokens").asLong()),
                id[0].isEmpty() ? r.path("id").asText("") : id[0]);
    }
}
