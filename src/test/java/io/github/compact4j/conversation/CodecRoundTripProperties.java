package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.testing.SdkJudges;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodecRoundTripProperties {

    @Provide
    Arbitrary<String> chat() {
        return MultiFormatConversations.chat();
    }

    @Provide
    Arbitrary<String> anthropic() {
        return MultiFormatConversations.anthropic();
    }

    @Property(tries = 300)
    void chatMessagesComeBackExactly(@ForAll("chat") String json) {
        List<Item> items = ChatCompletionsMessages.fromJson(json);
        assertEquals(json, ChatCompletionsMessages.toJson(items));
        assertTrue(Turns.unpaired(items).isEmpty(), "every call has its result");
    }

    @Property(tries = 300)
    void anthropicConversationsComeBackExactly(@ForAll("anthropic") String json) {
        AnthropicConversation c = AnthropicConversation.fromJson(json);
        List<Item> items = c.items();
        assertEquals(json, c.withItems(items).toJson());
        String messages = c.messages().toString();
        assertEquals(Json.NODES.arrayNode().addAll(c.messages()).toString(),
                AnthropicMessages.toJsonNode(AnthropicMessages.fromJson(messages)).toString());
        assertTrue(Turns.unpaired(items).isEmpty(), "every tool_use has its tool_result");

        // through each item's own JSON, as a journal keeps it, the origin is gone: the text of the
        // conversation comes back converted, but every thinking block exactly, in the message of
        // the calls it was given with
        AnthropicConversation back = AnthropicMessages.toConversation(AnthropicMessagesTest.viaOwnJson(items));
        assertEquals(thinkingAndCalls(c.messages()), thinkingAndCalls(back.messages()));
        SdkJudges.anthropicConversation(back.toJson());
    }

    /**
     * Per message that holds any: its thinking and redacted_thinking blocks as JSON, and the ids
     * of its tool_use blocks, in order.
     */
    private static List<List<String>> thinkingAndCalls(ArrayNode messages) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode m : messages) {
            List<String> kept = new ArrayList<>();
            for (JsonNode b : m.path("content")) {
                String type = b.path("type").asText();
                if (type.endsWith("thinking")) {
                    kept.add(b.toString());
                } else if ("tool_use".equals(type)) {
                    kept.add("tool_use " + b.path("id").asText());
                }
            }
            if (!kept.isEmpty()) {
                out.add(kept);
            }
        }
        return out;
    }

    /** What the compaction algorithms do: keep a prefix and a suffix cut at safe points, drop the rest. */
    @Property(tries = 200)
    void chatPrefixAndSuffixAtSafeCutsAreWholeMessages(@ForAll("chat") String json, @ForAll Random r) {
        ArrayNode original = (ArrayNode) Json.NODES.arrayNode().addAll((ArrayNode) MessageJson.parse(json));
        List<Item> items = ChatCompletionsMessages.fromJson(json);
        int[] cut = twoSafeCuts(items, r);
        List<Item> kept = new ArrayList<>(items.subList(0, cut[0]));
        kept.addAll(items.subList(cut[1], items.size()));
        ArrayNode out = ChatCompletionsMessages.toJsonNode(kept);
        assertKeptMessages(original, out, messagesBefore(items, cut[0]), messagesFrom(items, cut[1]));
    }

    @Property(tries = 200)
    void anthropicPrefixAndSuffixAtSafeCutsAreWholeMessages(@ForAll("anthropic") String json, @ForAll Random r) {
        AnthropicConversation c = AnthropicConversation.fromJson(json);
        List<Item> items = c.items();
        int[] cut = twoSafeCuts(items, r);
        List<Item> kept = new ArrayList<>(items.subList(0, cut[0]));
        kept.addAll(items.subList(cut[1], items.size()));
        ArrayNode out = AnthropicMessages.toConversation(kept).messages();
        assertKeptMessages(c.messages(), out, messagesBefore(items, cut[0]), messagesFrom(items, cut[1]));
    }

    @Property(tries = 200)
    void editedToolOutputsComeBackEditedAndNothingElseChanges(@ForAll("anthropic") String json) {
        AnthropicConversation c = AnthropicConversation.fromJson(json);
        List<Item> edited = new ArrayList<>();
        for (Item it : c.items()) {
            edited.add(it instanceof ToolResult r ? r.withOutputText("[masked " + r.callId() + "]") : it);
        }
        AnthropicConversation back = c.withItems(edited);
        List<Item> reread = back.items();
        assertEquals(c.items().size(), reread.size());
        for (int i = 0; i < reread.size(); i++) {
            Item before = c.items().get(i);
            Item after = reread.get(i);
            if (before instanceof ToolResult r) {
                assertEquals("[masked " + r.callId() + "]", ((ToolResult) after).outputText());
                assertEquals(r.field("is_error"), after.field("is_error"));
            } else {
                assertEquals(before, after, "item " + i);
            }
        }
        JsonNode a = c.toJsonNode();
        JsonNode b = back.toJsonNode();
        assertEquals(a.get("system"), b.get("system"));
        assertEquals(a.get("messages").size(), b.get("messages").size());
    }

    @Property(tries = 200)
    void chatEditedToolOutputsComeBackEdited(@ForAll("chat") String json) {
        List<Item> items = ChatCompletionsMessages.fromJson(json);
        List<Item> edited = new ArrayList<>();
        for (Item it : items) {
            edited.add(it instanceof ToolResult r ? r.withOutputText("[masked]") : it);
        }
        ArrayNode before = (ArrayNode) MessageJson.parse(json);
        ArrayNode after = ChatCompletionsMessages.toJsonNode(edited);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            JsonNode x = before.get(i);
            JsonNode y = after.get(i);
            if ("tool".equals(x.get("role").textValue())) {
                assertEquals("[masked]", y.get("content").textValue());
                assertEquals(x.get("tool_call_id"), y.get("tool_call_id"));
                assertEquals(x.get("x_meta"), y.get("x_meta"));
            } else {
                assertEquals(x, y, "message " + i);
            }
        }
    }

    /** Responses → Chat (or Anthropic) → items keeps what was said and done, minus reasoning. */
    @Property(tries = 200)
    void convertingResponsesToChatKeepsCallsResultsAndText(@ForAll Random r) {
        List<Item> responses = MultiFormatConversations.portable(
                Conversations.generate(r, MultiFormatConversations.options(8, r.nextBoolean())));
        List<Item> viaChat = ChatCompletionsMessages.fromJson(ChatCompletionsMessages.toJson(responses));
        List<Item> viaAnthropic = AnthropicMessages.toConversation(responses).items();
        assertSameShape(shape(responses), shape(viaChat));
        // Anthropic has no free-form tools: a custom tool's input travels as {"input": "..."}
        List<Item> wrapped = new ArrayList<>();
        for (Item it : responses) {
            wrapped.add(it instanceof ToolCall c && "custom_tool_call".equals(c.type())
                    ? c.with("input", Json.NODES.textNode(Json.NODES.objectNode().put("input", c.arguments()).toString()))
                    : it);
        }
        assertSameShape(shape(wrapped), shape(viaAnthropic));
    }

    private static void assertSameShape(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "entry " + i);
        }
        assertEquals(expected.size(), actual.size());
    }

    private static List<String> shape(List<Item> items) {
        List<String> s = new ArrayList<>();
        for (Item it : items) {
            if (it instanceof Message m) {
                s.add((m.isInstruction() ? "instructions" : m.role()) + ":" + m.text());
            } else if (it instanceof ToolCall c) {
                s.add("call " + c.callId() + " " + c.toolName() + " " + Json.NODES.textNode(c.arguments()));
            } else if (it instanceof ToolResult res) {
                s.add("result " + res.callId() + " " + res.outputText());
            }
        }
        // Anthropic has one system prompt, and merges consecutive messages of one role into one
        // message (read back as one item whose text parts are joined by newlines)
        List<String> merged = new ArrayList<>();
        for (String x : s) {
            int last = merged.size() - 1;
            String role = x.substring(0, x.indexOf(':') + 1);
            if (!x.startsWith("call ") && !x.startsWith("result ") && last >= 0 && merged.get(last).startsWith(role)
                    && !role.isEmpty()) {
                merged.set(last, merged.get(last) + "\n" + x.substring(role.length()));
            } else {
                merged.add(x);
            }
        }
        return merged;
    }

    private static int[] twoSafeCuts(List<Item> items, Random r) {
        BitSet cuts = Turns.safeCuts(items);
        List<Integer> safe = new ArrayList<>();
        for (int i = cuts.nextSetBit(0); i >= 0; i = cuts.nextSetBit(i + 1)) {
            safe.add(i);
        }
        int a = safe.get(r.nextInt(safe.size()));
        int b = safe.get(r.nextInt(safe.size()));
        return new int[] {Math.min(a, b), Math.max(a, b)};
    }

    private static int messagesBefore(List<Item> items, int cut) {
        return cut == 0 ? 0 : sourceIndex(items.get(cut - 1)) + 1;
    }

    private static int messagesFrom(List<Item> items, int cut) {
        // the system prompt (index -1) lives beside the messages: a suffix starting there keeps them all
        return cut == items.size() ? Integer.MAX_VALUE : Math.max(0, sourceIndex(items.get(cut)));
    }

    private static int sourceIndex(Item item) {
        Origin o = Origin.of(item);
        return o.source.index;
    }

    private static void assertKeptMessages(ArrayNode original, ArrayNode out, int prefix, int suffixFrom) {
        int suffix = suffixFrom == Integer.MAX_VALUE ? 0 : original.size() - suffixFrom;
        if (prefix == suffixFrom || suffix + prefix == original.size()) {
            assertEquals(original, out, "nothing dropped, nothing changed");
            return;
        }
        assertEquals(prefix + suffix, out.size());
        for (int i = 0; i < prefix; i++) {
            assertEquals(original.get(i).toString(), out.get(i).toString(), "prefix message " + i);
        }
        for (int i = 0; i < suffix; i++) {
            assertEquals(original.get(suffixFrom + i).toString(), out.get(prefix + i).toString(), "suffix message " + i);
        }
    }
}
