package io.github.compact4j.testing;

import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.MessageCreateParams;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.ResponseInputItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official SDKs as judges: what compact4j sends and returns is read with the SDK's own JSON
 * mapper into its model classes and must pass their {@code validate()}. A body an SDK rejects is
 * a bug in compact4j.
 */
public final class SdkJudges {

    private SdkJudges() {}

    /**
     * @param body a Messages request body compact4j sent
     * @return it as anthropic-java's beta {@code MessageCreateParams.Body}, validated
     */
    public static MessageCreateParams.Body anthropicBetaBody(String body) {
        return read(com.anthropic.core.ObjectMappers.jsonMapper(), body, new TypeReference<MessageCreateParams.Body>() {})
                .validate();
    }

    /**
     * @param messages a Messages {@code messages} array compact4j returned
     * @return each message as anthropic-java's {@code BetaMessageParam}, validated
     */
    public static List<BetaMessageParam> anthropicBetaMessages(JsonNode messages) {
        List<BetaMessageParam> params = read(com.anthropic.core.ObjectMappers.jsonMapper(), messages.toString(),
                new TypeReference<List<BetaMessageParam>>() {});
        params.forEach(BetaMessageParam::validate);
        return params;
    }

    /**
     * @param block one content block
     * @return it as anthropic-java's {@code BetaContentBlockParam}, validated
     */
    public static BetaContentBlockParam anthropicBetaBlock(JsonNode block) {
        return read(com.anthropic.core.ObjectMappers.jsonMapper(), block.toString(),
                new TypeReference<BetaContentBlockParam>() {}).validate();
    }

    /**
     * @param items a Responses {@code input} array compact4j returned
     * @return each item as openai-java's {@code ResponseInputItem}, validated
     */
    public static List<ResponseInputItem> openAiInputItems(String items) {
        List<ResponseInputItem> parsed = read(com.openai.core.ObjectMappers.jsonMapper(), items,
                new TypeReference<List<ResponseInputItem>>() {});
        parsed.forEach(ResponseInputItem::validate);
        return parsed;
    }

    /**
     * @param json a JSON value
     * @param type the SDK's model class
     * @param <T> the class
     * @return the value read with openai-java's own mapper
     */
    public static <T> T openAi(String json, Class<T> type) {
        try {
            return com.openai.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json a JSON value
     * @param type the SDK's model class
     * @param <T> the class
     * @return the value read with anthropic-java's own mapper
     */
    public static <T> T anthropic(String json, Class<T> type) {
        try {
            return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(com.fasterxml.jackson.databind.ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
