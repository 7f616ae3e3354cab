package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.StringWriter;
import io.github.compact4j.testing.SdkJudges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Conversations read from Chat Completions or Anthropic Messages and written as Responses items:
 * the exact JSON, judged by openai-java, and the way back to the source format unchanged.
 */
class CrossFormatResponsesTest {

    static final String CHAT = "["
            + "{\"role\":\"system\",\"content\":\"rules\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"fix it\"}],\"name\":\"ann\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"},"
            + "{\"type\":\"text\",\"text\":\"Running the tests.\"}],\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}],\"reasoning_content\":\"think\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"ok\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\",\"x_extra\":1}]},"
            + "{\"role\":\"user\",\"content\":\"thanks\"},"
            + "{\"role\":\"assistant\",\"content\":[]},"
            + "{\"role\":\"user\",\"content\":\"bye\"},"
            + "{\"role\":\"assistant\",\"content\":null}"
            + "]";

    static final String ANTHROPIC = "{\"system\":\"rules\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"fix it\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\",\"citations\":null},"
            + "{\"type\":\"text\",\"text\":\"Running the tests.\",\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"ls\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}]},"
            + "{\"role\":\"user\",\"content\":\"thanks\"},"
            + "{\"role\":\"assistant\",\"content\":[]}"
            + "]}";

    @Test
    void assistantTextReadFromChatIsAnInputMessageWithStringContent() {
        List<Item> items = ChatCompletionsMessages.fromJson(CHAT);
        String json = ResponsesItems.toJson(items);
        assertEquals("["
                + "{\"type\":\"message\",\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"fix it\"}]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Looking.\\nRunning the tests.\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"shell\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"bye\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"}"
                + "]", json);
        assertEquals(items.size(), SdkJudges.openAiInputItems(json).size());
        assertEquals("Looking.\nRunning the tests.", ((Message) items.get(2)).text());
        // and back, byte for byte: the parts, the extra field and the empty array are the source's
        assertEquals(CHAT, ChatCompletionsMessages.toJson(items));
    }

    @Test
    void assistantTextReadFromAnthropicIsAnInputMessageWithStringContent() {
        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> items = c.items();
        String json = ResponsesItems.toJson(items);
        assertEquals("["
                + "{\"type\":\"message\",\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"fix it\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Looking.\\nRunning the tests.\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"toolu_1\",\"name\":\"bash\",\"arguments\":\"{\\\"cmd\\\":\\\"ls\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"toolu_1\",\"output\":\"ok\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"}"
                + "]", json);
        assertEquals(items.size(), SdkJudges.openAiInputItems(json).size());
        // and back, byte for byte: both text blocks with their citations and cache_control
        assertEquals(ANTHROPIC, c.withItems(items).toJson());
        assertEquals(ANTHROPIC, AnthropicMessages.toConversation(items).toJson());
    }

    @Test
    void aMessageWhoseTextIsUnchangedGoesBackWithItsOwnContent() {
        List<Item> chat = new ArrayList<>(ChatCompletionsMessages.fromJson(CHAT));
        chat.set(2, chat.get(2).with("phase", TextNode.valueOf("commentary")));
        assertEquals(CHAT, ChatCompletionsMessages.toJson(chat), "phase has no Chat Completions form");

        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> anthropic = new ArrayList<>(c.items());
        anthropic.set(2, anthropic.get(2).with("phase", TextNode.valueOf("commentary")));
        assertEquals(ANTHROPIC, c.withItems(anthropic).toJson(), "phase has no Messages form");
    }

    @Test
    void anEditedTextReplacesTheMessagesTextAndKeepsItsCalls() {
        List<Item> chat = new ArrayList<>(ChatCompletionsMessages.fromJson(CHAT));
        chat.set(2, ((Message) chat.get(2)).withText("Checking."));
        assertEquals("{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}],\"reasoning_content\":\"think\"}",
                ChatCompletionsMessages.toJsonNode(chat).get(2).toString());

        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> anthropic = new ArrayList<>(c.items());
        anthropic.set(2, ((Message) anthropic.get(2)).withText("Checking."));
        assertEquals("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"ls\"}}]}",
                c.withItems(anthropic).messages().get(1).toString());
    }

    static final String THINKING = "{\"system\":\"rules\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"fix it\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Run it first.\","
            + "\"signature\":\"EqQBsig==\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"},"
            + "{\"type\":\"text\",\"text\":\"Done.\"}]},"
            + "{\"role\":\"user\",\"content\":\"and the docs?\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\","
            + "\"name\":\"web_search\",\"input\":{\"query\":\"junit\"}},{\"type\":\"web_search_tool_result\","
            + "\"tool_use_id\":\"srvtoolu_1\",\"content\":[]},{\"type\":\"text\",\"text\":\"Found them.\"}]}"
            + "]}";

    @Test
    void thinkingAndServerToolBlocksHaveNoResponsesFormAndAreRefusedByIndex() {
        AnthropicConversation c = AnthropicConversation.fromJson(THINKING);
        List<Item> items = c.items();
        assertRefused(items, 2, "type", "a reasoning item made from an Anthropic 'thinking' block has no Responses"
                + " form: the Responses API takes reasoning only from OpenAI's models, with the id they gave it. Write"
                + " the conversation in the Anthropic Messages format, or drop the reasoning items first.");

        List<Item> redacted = without(items, it -> it instanceof Reasoning r && r.encryptedContent().isEmpty());
        assertRefused(redacted, 4, "type", "a reasoning item made from an Anthropic 'redacted_thinking' block has no"
                + " Responses form");

        List<Item> noReasoning = without(items, Reasoning.class::isInstance);
        assertRefused(noReasoning, 6, "type", "an 'anthropic_block' item (Anthropic's 'server_tool_use' block) has no"
                + " Responses form. Write the conversation in the Anthropic Messages format, or drop the item first.");

        List<Item> rest = without(noReasoning, OpaqueItem.class::isInstance);
        String json = ResponsesItems.toJson(rest);
        assertEquals("["
                + "{\"type\":\"message\",\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"fix it\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"toolu_1\",\"name\":\"bash\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"toolu_1\",\"output\":\"ok\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"and the docs?\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Found them.\"}"
                + "]", json);
        SdkJudges.openAiInputItems(json);
        ResponsesItems.checkWritable(rest);

        // the conversation itself still goes back to Anthropic byte for byte
        assertEquals(THINKING, c.withItems(items).toJson());
    }

    @Test
    void thinkingReadBackFromItsOwnJsonIsWrittenAsItIsAsResponsesAndLeftOutOfChat() {
        List<Item> items = AnthropicConversation.fromJson(THINKING).items();
        List<Item> journaled = AnthropicMessagesTest.viaOwnJson(items);
        // without its origin an item is the caller's own: the journal's lossless form, read back as it was
        String json = ResponsesItems.toJson(journaled);
        assertEquals(journaled, ResponsesItems.fromJson(json));
        assertEquals(THINKING, AnthropicMessages.toConversation(ResponsesItems.fromJson(json)).toJson());

        String chat = ChatCompletionsMessages.toJson(without(journaled, OpaqueItem.class::isInstance));
        assertEquals(ChatCompletionsMessages.toJson(without(items, OpaqueItem.class::isInstance)), chat,
                "Chat Completions takes no reasoning, origin or none");
        assertEquals(-1, chat.indexOf("EqQBsig=="), chat);
        assertEquals(-1, chat.indexOf("EmwKAhgB"), chat);
    }

    @Test
    void aReasoningItemGivenAnIdIsWrittenAsItIs() {
        List<Item> items = new ArrayList<>(AnthropicConversation.fromJson(THINKING).items());
        items.set(2, items.get(2).with("id", TextNode.valueOf("rs_1")));
        String json = ResponsesItems.toJsonNode(items.subList(0, 3)).get(2).toString();
        assertEquals("{\"type\":\"reasoning\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\","
                + "\"text\":\"Run it first.\"}],\"id\":\"rs_1\"}", json);
        SdkJudges.openAiInputItems("[" + json + "]");
        // the field that keeps the signature is compact4j's: the item keeps it, the API never sees it
        assertEquals(json.replace(",\"id\"", ",\"anthropic\":{\"type\":\"thinking\",\"signature\":\"EqQBsig==\"},\"id\""),
                items.get(2).toJson());
        assertEquals(json.length() + 2, ResponsesItems.checkWritable(items.subList(2, 3)));
    }

    @Test
    void aChatRefusalAndARoleTheResponsesApiDoesNotKnowAreRefusedByIndex() {
        String chat = "[{\"role\":\"user\",\"content\":\"do it\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't do that.\"},"
                + "{\"role\":\"ipython\",\"content\":\"x = 1\"}]";
        List<Item> items = new ArrayList<>(ChatCompletionsMessages.fromJson(chat));
        assertEquals("{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\","
                + "\"refusal\":\"I can't do that.\"}]}", items.get(1).toJson(), "the refusal is kept as a refusal");
        assertRefused(items, 1, "content[0]", "an assistant message read from Chat Completions holding a part of type"
                + " 'refusal' has no Responses form: without the id the API gave it, an assistant message takes string"
                + " content or text, image and file inputs only. Write the conversation in the Chat Completions format,"
                + " or replace the message by its text first.");

        items.set(1, ((Message) items.get(1)).withText(((Message) items.get(1)).text()));
        assertRefused(items, 2, "role", "a message with role 'ipython', read from Chat Completions, has no Responses"
                + " form: the Responses API takes the roles user, assistant, system and developer. Write the"
                + " conversation in the Chat Completions format, or change its role first.");

        List<Item> untyped = new ArrayList<>(items);
        untyped.set(1, items.get(1).with("content", Json.NODES.arrayNode().add(Json.NODES.objectNode().put("text", "?"))));
        assertRefused(untyped, 1, "content[0]", "an assistant message read from Chat Completions holding a part without"
                + " a type has no Responses form");

        String json = ResponsesItems.toJson(items.subList(0, 2));
        assertEquals("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"do it\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"I can't do that.\"}]", json);
        SdkJudges.openAiInputItems(json);
        assertEquals(chat, ChatCompletionsMessages.toJson(ChatCompletionsMessages.fromJson(chat)));
    }

    @Test
    void anAnthropicAssistantMessageWithAnImageKeepsItsPartsAndIsRefusedUnlessTheyAreAllInputs() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"draw it\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Here.\"},{\"type\":\"image\",\"source\":{\"type\":\"url\","
                + "\"url\":\"https://x.test/a.png\"}}]},{\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\","
                + "\"url\":\"https://x.test/b.png\"}}]}]}";
        List<Item> items = AnthropicConversation.fromJson(body).items();
        assertRefused(items, 1, "content[0]", "an assistant message read from Anthropic Messages holding a part of type"
                + " 'output_text' has no Responses form");
        String json = ResponsesItems.toJson(items.subList(2, 4));
        assertEquals("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"input_image\","
                + "\"image_url\":\"https://x.test/b.png\",\"detail\":\"auto\"}]}]", json);
        SdkJudges.openAiInputItems(json);
    }

    @Test
    void anAnthropicCompactionBlockIsWrittenAsTheMarkedSummaryMessage() throws Exception {
        Item block = CompactionBlock.item(Json.MAPPER.readTree("{\"type\":\"compaction\",\"content\":"
                + "\"<summary>Fixed the build.</summary>\",\"signature\":\"EvQBsig==\"}"));
        String json = ResponsesItems.toJson(List.of(block, Message.user("Go on.")));
        assertEquals("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"<conversation_summary"
                + " generator=\\\"compact4j\\\">\\nEarlier turns of this conversation were replaced by the hand-off summary"
                + " below; the messages after it are verbatim. Continue the task from its current state, and do not redo"
                + " work the summary reports as done.\\n\\n<summary>Fixed the build.</summary>\\n</conversation_summary>\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"Go on.\"}]", json);
        SdkJudges.openAiInputItems(json);
        assertEquals(json.length(), ResponsesItems.checkWritable(List.of(block, Message.user("Go on."))),
                "the length of what is written, the summary message's, not the block's");
        assertEquals(CompactionBlock.withSummaries(List.of(block)).get(0).toJson(),
                ResponsesItems.toJsonNode(List.of(block)).get(0).toString());
    }

    @Test
    void itemsGivenInTheResponsesFormatAreWrittenAsTheyCameWhateverTheyHold() throws Exception {
        String json = "[{\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]},"
                + "{\"type\":\"anthropic_block\",\"block\":{\"type\":\"compaction\",\"content\":\"x\"}},"
                + "{\"role\":\"ipython\",\"content\":\"x\"}]";
        List<Item> items = ResponsesItems.fromJson(json);
        assertEquals(json, ResponsesItems.toJson(items));
        assertEquals(json, ResponsesItems.toJsonNode(items).toString());
        assertEquals(json.length(), ResponsesItems.checkWritable(items), "the length write() writes");
    }

    /** Every writer refuses alike, naming the item, the field and the reason. */
    private static void assertRefused(List<Item> items, int index, String field, String reason) {
        List<InvalidConversationException> refusals = List.of(
                assertThrows(InvalidConversationException.class, () -> ResponsesItems.toJson(items)),
                assertThrows(InvalidConversationException.class, () -> ResponsesItems.toJsonNode(items)),
                assertThrows(InvalidConversationException.class, () -> ResponsesItems.checkWritable(items)),
                assertThrows(InvalidConversationException.class, () -> {
                    try (JsonGenerator g = Json.MAPPER.createGenerator(new StringWriter())) {
                        ResponsesItems.write(items, g);
                    }
                }));
        for (InvalidConversationException e : refusals) {
            assertEquals(index, e.itemIndex().getAsInt(), e.getMessage());
            assertEquals(field, e.field().orElseThrow());
            String prefix = "Invalid conversation: item " + index + ", field '" + field + "': " + reason;
            assertEquals(prefix, e.getMessage().substring(0, Math.min(prefix.length(), e.getMessage().length())));
        }
    }

    private static List<Item> without(List<Item> items, Predicate<Item> drop) {
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (!drop.test(it)) {
                out.add(it);
            }
        }
        return out;
    }
}
