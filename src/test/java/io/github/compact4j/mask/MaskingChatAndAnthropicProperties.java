package io.github.compact4j.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.MultiFormatConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Masking, the last resort of a fallback chain, on conversations read with the Chat Completions
 * and Anthropic codecs: what it rewrites goes back into the same messages, so the result is the
 * same conversation in the same format, shorter.
 */
class MaskingChatAndAnthropicProperties {

    @Property(tries = 100)
    void chatMessagesKeepTheirPlaceAndPairs(@ForAll Random r, @ForAll @IntRange(min = 0, max = 4) int keepTurns) {
        ArrayNode in = MultiFormatConversations.chatJson(r, 12, false);
        List<Item> items = ChatCompletionsMessages.fromJsonNode(in);
        CompactionResult result = ToolOutputMaskingCompactor.builder().keepRecentTurns(keepTurns).minOutputTokens(10)
                .build().compact(CompactionRequest.builder().model("gpt-4o").items(items).minSavingRatio(0).build());
        ArrayNode out = ChatCompletionsMessages.toJsonNode(result.items());
        countMasked(result);
        assertEquals(in.size(), out.size(), "one message out for each message in");
        for (int i = 0; i < in.size(); i++) {
            JsonNode a = in.get(i);
            JsonNode b = out.get(i);
            assertEquals(a.get("role"), b.get("role"), "message " + i);
            assertEquals(a.get("tool_call_id"), b.get("tool_call_id"), "message " + i);
            assertEquals(a.get("tool_calls"), b.get("tool_calls"), "message " + i);
            assertEquals(a.get("name"), b.get("name"), "message " + i);
        }
        assertEquals(Turns.unpaired(items), Turns.unpaired(ChatCompletionsMessages.fromJsonNode(out)));
    }

    @Property(tries = 100)
    void anthropicMessagesKeepTheirPlaceAndPairs(@ForAll Random r, @ForAll @IntRange(min = 0, max = 4) int keepTurns) {
        AnthropicConversation in = AnthropicConversation.fromJsonNode(MultiFormatConversations.anthropicJson(r, 12, false));
        List<Item> items = in.items();
        CompactionResult result = ToolOutputMaskingCompactor.builder().keepRecentTurns(keepTurns).minOutputTokens(10)
                .build().compact(CompactionRequest.builder().model("claude-sonnet-4-5").items(items).minSavingRatio(0).build());
        AnthropicConversation out = in.withItems(result.items());
        countMasked(result);
        assertEquals(in.system(), out.system());
        ArrayNode a = in.messages();
        ArrayNode b = out.messages();
        assertEquals(a.size(), b.size(), "one message out for each message in");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).get("role"), b.get(i).get("role"), "message " + i);
            assertEquals(ids(a.get(i)), ids(b.get(i)), "tool_use and tool_result ids of message " + i);
        }
        assertEquals(Turns.unpaired(items).size(), Turns.unpaired(out.items()).size());
        assertEquals(Json.NODES.textNode("claude-sonnet-4-5"), out.toJsonNode().get("model"));
    }

    /** Makes sure the properties exercise masking at all: most runs must shrink something. */
    private static void countMasked(CompactionResult result) {
        Statistics.label("masked").collect(result.tokensAfter() < result.tokensBefore());
        Statistics.label("masked").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    private static List<String> ids(JsonNode message) {
        List<String> ids = new ArrayList<>();
        JsonNode c = message.get("content");
        if (c.isArray()) {
            for (JsonNode b : c) {
                if (b.has("tool_use_id")) {
                    ids.add("result " + b.get("tool_use_id").textValue());
                } else if ("tool_use".equals(b.path("type").asText())) {
                    ids.add("use " + b.get("id").textValue());
                }
            }
        }
        return ids;
    }
}
