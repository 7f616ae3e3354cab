package io.github.compact4j.testing;

import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseCompactParams;
import com.openai.models.responses.ResponseInputItem;
import io.github.compact4j.conversation.AnthropicConversation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The official SDKs as judges: what compact4j sends and returns is read with the SDK's own JSON
 * mapper into its model classes and must pass their {@code validate()}. A body an SDK rejects is
 * a bug in compact4j.
 *
 * <p>The body judges ({@code ...Body}) also refuse a top-level field the SDK's body class does
 * not know, since compact4j writes those bodies itself and a misspelt field would pass
 * {@code validate()} unseen (the SDKs keep unknown fields as additional properties).
 */
public final class SdkJudges {

    private static final ObjectMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
    private static final ObjectMapper ANTHROPIC = com.anthropic.core.ObjectMappers.jsonMapper();

    private SdkJudges() {}

    // ---------------------------------------------------------------------------------------
    // bodies compact4j sends

    /**
     * A {@code POST /responses/compact} body, as {@code ResponseCompactParams.Body}: every field
     * but {@code input} through the body class, {@code input} item by item through
     * {@link #openAiInputItems(String)} (the body's own {@code validate()} would refuse a message
     * without {@code type}, which the spec allows; see there).
     *
     * @param body the JSON body compact4j sent
     * @return it as openai-java's {@code ResponseCompactParams.Body}, judged as said
     */
    public static ResponseCompactParams.Body openAiCompactBody(String body) {
        ObjectNode tree = object(OPENAI, body);
        JsonNode input = tree.remove("input");
        ResponseCompactParams.Body withoutInput = read(OPENAI, tree.toString(), ResponseCompactParams.Body.class).validate();
        knownFieldsOnly("ResponseCompactParams.Body", withoutInput._additionalProperties());
        if (input != null) {
            if (input.isArray()) {
                openAiInputItems(input.toString());
            } else if (!input.isTextual()) {
                throw new AssertionError("'input' must be a string or an array of items, got " + input.getNodeType());
            }
        }
        return read(OPENAI, body, ResponseCompactParams.Body.class);
    }

    /**
     * A {@code POST /chat/completions} body. {@code stream} is the one field allowed beyond the
     * body class: openai-java sets it itself, outside {@code Body}, by the method called
     * ({@code create} or {@code createStreaming}); the spec's {@code CreateChatCompletionRequest}
     * has it. {@code model} must be a non-blank string, and is validated as a name openai-java
     * knows: its {@code ChatModel.validate()} accepts only the names of its own release, while the
     * API, like every OpenAI-compatible server, takes any model id (the SDK's
     * {@code model(String)} does too).
     *
     * @param body the JSON body compact4j sent
     * @return it as openai-java's {@code ChatCompletionCreateParams.Body}, validated
     */
    public static ChatCompletionCreateParams.Body chatCompletionBody(String body) {
        ObjectNode tree = object(OPENAI, body);
        JsonNode stream = tree.remove("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw new AssertionError("'stream' must be a boolean, got " + stream.getNodeType());
        }
        JsonNode model = tree.get("model");
        if (model == null || !model.isTextual() || model.textValue().isBlank()) {
            throw new AssertionError("'model' must be a non-blank string, got " + model);
        }
        tree.put("model", "gpt-4o");
        ChatCompletionCreateParams.Body parsed = read(OPENAI, tree.toString(), ChatCompletionCreateParams.Body.class)
                .validate();
        knownFieldsOnly("ChatCompletionCreateParams.Body", parsed._additionalProperties());
        return parsed;
    }

    /**
     * A {@code POST /v1/messages} body without betas, as anthropic-java's
     * {@code com.anthropic.models.messages.MessageCreateParams.Body}.
     *
     * @param body the JSON body compact4j sent
     * @param alsoAllowed top-level fields the body class does not model but the API version the
     *     body goes with has; each caller says why
     * @return it, validated
     */
    public static com.anthropic.models.messages.MessageCreateParams.Body anthropicBody(String body,
            String... alsoAllowed) {
        com.anthropic.models.messages.MessageCreateParams.Body parsed = read(ANTHROPIC, body,
                com.anthropic.models.messages.MessageCreateParams.Body.class).validate();
        knownFieldsOnly("MessageCreateParams.Body", parsed._additionalProperties(), alsoAllowed);
        return parsed;
    }

    /**
     * A {@code POST /v1/messages} body with betas (compaction, context management), as
     * anthropic-java's {@code com.anthropic.models.beta.messages.MessageCreateParams.Body}.
     *
     * @param body a Messages request body compact4j sent
     * @return it as anthropic-java's beta {@code MessageCreateParams.Body}, validated
     */
    public static MessageCreateParams.Body anthropicBetaBody(String body) {
        MessageCreateParams.Body parsed = read(ANTHROPIC, body, MessageCreateParams.Body.class).validate();
        knownFieldsOnly("beta MessageCreateParams.Body", parsed._additionalProperties());
        return parsed;
    }

    // ---------------------------------------------------------------------------------------
    // histories compact4j returns

    /**
     * @param messages a Messages {@code messages} array compact4j returned
     * @return each message as anthropic-java's {@code BetaMessageParam}, validated
     */
    public static List<BetaMessageParam> anthropicBetaMessages(JsonNode messages) {
        List<BetaMessageParam> params = read(ANTHROPIC, messages.toString(), new TypeReference<List<BetaMessageParam>>() {});
        params.forEach(BetaMessageParam::validate);
        return params;
    }

    /**
     * @param messages a Messages {@code messages} array compact4j returned
     * @return each message as anthropic-java's {@code MessageParam} (no betas), validated
     */
    public static List<MessageParam> anthropicMessages(JsonNode messages) {
        List<MessageParam> params = read(ANTHROPIC, messages.toString(), new TypeReference<List<MessageParam>>() {});
        params.forEach(MessageParam::validate);
        return params;
    }

    /**
     * An Anthropic conversation compact4j returned, as the request body it would go out in: with
     * a model and {@code max_tokens} added, its {@code system} and {@code messages} must make a
     * valid beta {@code MessageCreateParams.Body}, and a valid one without betas too unless the
     * conversation says it needs a beta ({@link AnthropicConversation#requiredBetas()}: a
     * compaction block).
     *
     * @param conversationJson {@link AnthropicConversation#toJson()} of the conversation
     */
    public static void anthropicConversation(String conversationJson) {
        AnthropicConversation c = AnthropicConversation.fromJson(conversationJson);
        ObjectNode body = object(ANTHROPIC, conversationJson);
        if (!body.has("model")) {
            body.put("model", "claude-sonnet-4-5");
        }
        if (!body.has("max_tokens")) {
            body.put("max_tokens", 4096);
        }
        read(ANTHROPIC, body.toString(), MessageCreateParams.Body.class).validate();
        if (c.requiredBetas().isEmpty()) {
            read(ANTHROPIC, body.toString(), com.anthropic.models.messages.MessageCreateParams.Body.class).validate();
        }
    }

    /**
     * @param block one content block
     * @return it as anthropic-java's {@code BetaContentBlockParam}, validated
     */
    public static BetaContentBlockParam anthropicBetaBlock(JsonNode block) {
        return read(ANTHROPIC, block.toString(), new TypeReference<BetaContentBlockParam>() {}).validate();
    }

    /**
     * Each item of a Responses {@code input} array as openai-java's {@code ResponseInputItem},
     * validated. An item without {@code type} is read as {@code EasyInputMessage} instead: the
     * spec's {@code EasyInputMessage} does not require {@code type}, and the API takes such
     * messages, but openai-java's {@code ResponseInputItem} chooses its variant by {@code type}
     * (the spec's {@code InputItem} has {@code type} as its discriminator) and calls every
     * typeless item unknown. Apps write messages in that short form; compact4j keeps them as
     * they came, and every message it makes itself carries {@code type}.
     *
     * @param items a Responses {@code input} array compact4j returned or sent
     * @return each item as openai-java's {@code ResponseInputItem}, validated
     */
    public static List<ResponseInputItem> openAiInputItems(String items) {
        JsonNode array = read(OPENAI, items, JsonNode.class);
        if (!array.isArray()) {
            throw new AssertionError("expected a JSON array of items, got " + array.getNodeType());
        }
        List<ResponseInputItem> parsed = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            try {
                parsed.add(n.has("type")
                        ? read(OPENAI, n.toString(), ResponseInputItem.class).validate()
                        : ResponseInputItem.ofEasyInputMessage(read(OPENAI, n.toString(), EasyInputMessage.class)
                                .validate()));
            } catch (RuntimeException e) {
                throw new AssertionError("item " + i + " is no valid openai-java ResponseInputItem: " + e.getMessage()
                        + "\n" + shorten(n.toString()), e);
            }
        }
        return parsed;
    }

    /**
     * @param messages a Chat Completions {@code messages} array compact4j returned
     * @return each message as openai-java's {@code ChatCompletionMessageParam}, validated
     */
    public static List<ChatCompletionMessageParam> chatMessages(String messages) {
        ArrayNode array = (ArrayNode) read(OPENAI, messages, JsonNode.class);
        List<ChatCompletionMessageParam> parsed = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            try {
                parsed.add(read(OPENAI, n.toString(), ChatCompletionMessageParam.class).validate());
            } catch (RuntimeException e) {
                throw new AssertionError("message " + i + " is no valid openai-java ChatCompletionMessageParam: "
                        + e.getMessage() + "\n" + shorten(n.toString()), e);
            }
        }
        return parsed;
    }

    // ---------------------------------------------------------------------------------------

    /**
     * @param json a JSON value
     * @param type the SDK's model class
     * @param <T> the class
     * @return the value read with openai-java's own mapper
     */
    public static <T> T openAi(String json, Class<T> type) {
        return read(OPENAI, json, type);
    }

    /**
     * @param json a JSON value
     * @param type the SDK's model class
     * @param <T> the class
     * @return the value read with anthropic-java's own mapper
     */
    public static <T> T anthropic(String json, Class<T> type) {
        return read(ANTHROPIC, json, type);
    }

    private static void knownFieldsOnly(String what, Map<String, ?> additional, String... alsoAllowed) {
        Set<String> unknown = new TreeSet<>(additional.keySet());
        unknown.removeAll(Set.of(alsoAllowed));
        if (!unknown.isEmpty()) {
            throw new AssertionError(what + " has no field " + unknown);
        }
    }

    private static ObjectNode object(ObjectMapper mapper, String json) {
        JsonNode n = read(mapper, json, JsonNode.class);
        if (!n.isObject()) {
            throw new AssertionError("expected a JSON object, got " + n.getNodeType());
        }
        return (ObjectNode) n;
    }

    private static String shorten(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }

    private static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
