package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.TextBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.anthropicjava.SdkMessages.Block;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * SDK object → items → SDK object: an equal object, and the same JSON the SDK itself writes,
 * over generated conversations with every content block kind anthropic-java models, plain and beta.
 */
class AnthropicJavaItemsProperties {

    @Property(tries = 250)
    void messageParamsComeBackEqualAndWithTheSdksJson(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<Block> used = new ArrayList<>();
        List<MessageParam> sdk = SdkMessages.messages(r, r.nextInt(14), used);
        used.forEach(b -> Statistics.label("block").collect(b));
        String json = SdkMessages.MAPPER.writeValueAsString(sdk);

        List<Item> items = AnthropicJavaItems.fromMessageParams(sdk);
        assertEquals(count(json, "tool_use"), items.stream().filter(ToolCall.class::isInstance).count(),
                "every tool_use block is a tool call the compactors see");
        List<MessageParam> back = AnthropicJavaItems.toMessageParams(items);

        assertEquals(sdk, back);
        assertEquals(json, SdkMessages.MAPPER.writeValueAsString(back));
    }

    @Property(tries = 250)
    void betaMessageParamsComeBackEqualAndWithTheSdksJson(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<Block> used = new ArrayList<>();
        List<BetaMessageParam> sdk = SdkMessages.betaMessages(r, r.nextInt(14), used);
        used.forEach(b -> Statistics.label("block").collect(b));
        String json = SdkMessages.MAPPER.writeValueAsString(sdk);

        List<BetaMessageParam> back = AnthropicJavaItems.toBetaMessageParams(AnthropicJavaItems.fromBetaMessageParams(sdk));

        assertEquals(sdk, back);
        assertEquals(json, SdkMessages.MAPPER.writeValueAsString(back));
    }

    @Property(tries = 150)
    void aRequestComesBackEqualWithItsSystemPromptAndTools(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        MessageCreateParams.Builder b = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(2048)
                .messages(SdkMessages.messages(r, r.nextInt(10), new ArrayList<>()))
                .addTool(Tool.builder().name("read_file").inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(java.util.Map.of("path", java.util.Map.of("type", "string")))).build())
                        .build());
        switch (r.nextInt(3)) {
            case 0 -> b.system(SdkMessages.text(r));
            case 1 -> b.systemOfTextBlockParams(List.of(TextBlockParam.builder().text(SdkMessages.text(r)).build(),
                    TextBlockParam.builder().text("Be brief.").cacheControl(
                            com.anthropic.models.messages.CacheControlEphemeral.builder().build()).build()));
            default -> { }
        }
        MessageCreateParams params = b.build();

        List<Item> items = AnthropicJavaItems.fromParams(params);
        MessageCreateParams back = AnthropicJavaCompaction.withMessages(params, items);

        assertEquals(params, back);
        assertEquals(SdkMessages.MAPPER.writeValueAsString(params._body()), SdkMessages.MAPPER.writeValueAsString(back._body()));
        assertEquals(SdkMessages.MAPPER.valueToTree(params.tools().orElseThrow()).toString(),
                AnthropicJavaCompaction.compactionRequest(params).build().tools().orElseThrow());
    }

    @Property(tries = 200)
    void anAnswerBecomesTheAssistantMessageTheSdksToParamMakesKeepingWhatItDoesNotKnow(@ForAll long seed)
            throws Exception {
        Random r = new Random(seed);
        List<Block> used = new ArrayList<>();
        Message answer = SdkMessages.answer(r, used);
        used.forEach(b -> Statistics.label("block").collect(b));

        List<MessageParam> back = AnthropicJavaItems.toMessageParams(AnthropicJavaItems.fromMessage(answer));

        assertEquals(1, back.size());
        checkAgainstToParam(SdkMessages.MAPPER.valueToTree(answer).get("content"), SdkMessages.MAPPER.valueToTree(back.get(0)),
                used.contains(Block.UNKNOWN) ? null : SdkMessages.MAPPER.valueToTree(answer.toParam()));
        if (used.contains(Block.UNKNOWN)) {
            assertThrows(AnthropicInvalidDataException.class, answer::toParam);
        } else if (!SdkMessages.MAPPER.writeValueAsString(answer).contains("x_future")) {
            // toParam() holds a tool's input as a raw JSON value where reading gives a typed Input:
            // the object to compare with is the SDK's reading of toParam()'s JSON
            assertEquals(SdkMessages.read(SdkMessages.MAPPER.valueToTree(answer.toParam()), MessageParam.class), back.get(0));
        }
    }

    @Property(tries = 200)
    void aBetaAnswerWithItsCompactionBlockBecomesTheAssistantMessageTheSdkMakes(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<Block> used = new ArrayList<>();
        BetaMessage answer = SdkMessages.betaAnswer(r, used);
        used.forEach(b -> Statistics.label("block").collect(b));

        List<BetaMessageParam> back = AnthropicJavaItems.toBetaMessageParams(AnthropicJavaItems.fromBetaMessage(answer));

        assertEquals(1, back.size());
        checkAgainstToParam(SdkMessages.MAPPER.valueToTree(answer).get("content"), SdkMessages.MAPPER.valueToTree(back.get(0)),
                used.contains(Block.UNKNOWN) ? null : SdkMessages.MAPPER.valueToTree(answer.toParam()));
        if (!used.contains(Block.UNKNOWN) && !SdkMessages.MAPPER.writeValueAsString(answer).contains("x_future")) {
            assertEquals(SdkMessages.read(SdkMessages.MAPPER.valueToTree(answer.toParam()), BetaMessageParam.class),
                    back.get(0));
        }
    }

    /**
     * Each block of what came back is the block of {@code toParam()} plus the fields the SDK does
     * not know; a block the SDK does not know comes back as it came.
     */
    private static void checkAgainstToParam(JsonNode answerContent, JsonNode back, JsonNode toParam) {
        assertEquals("assistant", back.get("role").textValue());
        ArrayNode blocks = (ArrayNode) back.get("content");
        assertEquals(answerContent.size(), blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode raw = answerContent.get(i);
            ObjectNode got = (ObjectNode) blocks.get(i).deepCopy();
            if ("x_future_block".equals(raw.get("type").textValue())) {
                assertEquals(raw, got, "an unknown block comes back as it came");
                continue;
            }
            for (Iterator<String> names = raw.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.startsWith("x_future")) {
                    assertEquals(raw.get(name), got.get(name), "block " + i + " keeps " + name);
                    got.remove(name);
                }
            }
            if (toParam != null) {
                assertEquals(toParam.get("content").get(i), got, "block " + i);
            }
        }
    }

    @Test
    void theGeneratorMakesEveryBlockKindAsTheSdkModelsIt() {
        for (Block kind : Block.values()) {
            for (int seed = 0; seed < 20; seed++) {
                Random r = new Random(seed);
                if (!kind.betaOnly) {
                    ContentBlockParam plain = SdkMessages.read(SdkMessages.block(kind, r, false), ContentBlockParam.class);
                    assertEquals(kind != Block.UNKNOWN, plain.isValid(), kind + ": " + plain);
                }
                BetaContentBlockParam beta = SdkMessages.read(SdkMessages.block(kind, r, false), BetaContentBlockParam.class);
                assertEquals(kind != Block.UNKNOWN, beta.isValid(), kind + ": " + beta);
                if (kind != Block.UNKNOWN) {
                    beta.validate();
                }
                if (SdkMessages.ANSWER_BLOCKS.contains(kind) && kind != Block.UNKNOWN) {
                    JsonNode answerBlock = SdkMessages.block(kind, r, true);
                    assertDoesNotThrow(() -> SdkMessages.read(answerBlock,
                            com.anthropic.models.beta.messages.BetaContentBlock.class).validate(), kind + " " + answerBlock);
                    // anthropic-java 3.16.0's ServerToolUseBlock.validate() compares its name enum with a
                    // JSON string and so rejects every block; its isValid() has the same flaw
                    if (!kind.betaOnly && kind != Block.SERVER_TOOL_USE) {
                        assertDoesNotThrow(() -> SdkMessages.read(answerBlock,
                                com.anthropic.models.messages.ContentBlock.class).validate(), kind + " " + answerBlock);
                    }
                }
            }
        }
        for (int seed = 0; seed < 50; seed++) {
            SdkMessages.messages(new Random(seed), 10, new ArrayList<>()).stream()
                    .filter(m -> !SdkMessages.MAPPER.valueToTree(m).toString().contains("x_future_block"))
                    .forEach(MessageParam::validate);
        }
    }

    private static long count(String json, String type) {
        return json.split("\"type\":\"" + type + "\"", -1).length - 1L;
    }
}
