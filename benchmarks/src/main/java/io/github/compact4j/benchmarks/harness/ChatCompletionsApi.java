package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat Completions, {@code POST {base}/chat/completions}: OpenAI and every OpenAI-compatible
 * server (Ollama, vLLM, llama.cpp, ...). The conversation goes through the library's
 * {@link ChatCompletionsMessages} codec.
 */
final class ChatCompletionsApi implements ModelApi {

    private final String baseUrl;
    private final String apiKey;
    private final String model;

    ChatCompletionsApi(String baseUrl, String apiKey, String model) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.model = model;
    }

    @Override
    public String apiName() {
        return "Chat Completions";
    }

    @Override
    public String model() {
        return model;
    }


    @Override
    public Reply ask(List<Item> history, String system, String userMessage, int maxTokens) {
        ArrayNode messages = Corpus.MAPPER.createArrayNode();
        messages.addObject().put("role", "system").put("content", system);
        messages.addAll(ChatCompletionsMessages.toJsonNode(history));
        messages.addObject().put("role", "user").put("content", userMessage);
        return call(messages, maxTokens);
    }

    private Reply call(ArrayNode messages, int maxTokens) {
        ObjectNode body = Corpus.MAPPER.createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        // OpenAI's reasoning models take only max_completion_tokens; other servers know max_tokens.
        body.put(baseUrl.contains("api.openai.com") ? "max_completion_tokens" : "max_tokens", maxTokens);
        Map<String, String> headers = new HashMap<>();
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        String[] id = new String[1];
        JsonNode r = ModelApi.post(baseUrl + "/chat/completions", headers, body, id);
        JsonNode choice = r.path("choices").path(0);
        JsonNode u = r.path("usage");
        return new Reply(choice.path("message").path("content").asText(""),
                "length".equals(choice.path("finish_reason").asText()),
                Usage.of(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong()),
                id[0].isEmpty() ? r.path("id").asText("") : id[0]);
    }
}
