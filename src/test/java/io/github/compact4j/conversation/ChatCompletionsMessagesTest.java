package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsMessagesTest {

    /** Every kind of message the Chat Completions request schema allows, plus fields it does not know. */
    static final String RICH = "["
            + "{\"role\":\"system\",\"content\":\"You are a coding agent.\",\"name\":\"ops\"},"
            + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Fix the test\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\",\"detail\":\"high\"}},"
            + "{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\",\"filename\":\"log.txt\"}}],\"name\":\"ann\",\"x\":1.10},"
            + "{\"role\":\"assistant\",\"content\":\"Looking.\",\"tool_calls\":["
            + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"cmd\\\":\\\"mvn test\\\"}\"}},"
            + "{\"id\":\"call_2\",\"type\":\"custom\",\"custom\":{\"name\":\"apply_patch\",\"input\":\"*** Begin Patch\"}}],"
            + "\"refusal\":null,\"reasoning_content\":\"think\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"BUILD FAILURE\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":[{\"type\":\"text\",\"text\":\"patched\"}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't do that.\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}},"
            + "{\"role\":\"function\",\"name\":\"get_weather\",\"content\":\"sunny\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\"},{\"type\":\"refusal\",\"refusal\":\"no\"}],\"audio\":null}"
            + "]";

    @Test
    void roundTripIsExact() {
        List<Item> items = ChatCompletionsMessages.fromJson(RICH);
        assertEquals(RICH, ChatCompletionsMessages.toJson(items));
        assertEquals(Json.NODES.arrayNode().addAll(ChatCompletionsMessages.toJsonNode(items)).toString(), RICH);
    }

    @Test
    void messagesBecomeItemsTheAlgorithmUnderstands() {
        List<Item> items = ChatCompletionsMessages.fromJson(RICH);
        List<String> kinds = new ArrayList<>();
        for (Item it : items) {
            kinds.add(it.type() + (it instanceof Message m ? ":" + m.role() : ""));
        }
        assertEquals(List.of("message:system", "message:developer", "message:user", "message:assistant",
                "function_call", "custom_tool_call", "function_call_output", "custom_tool_call_output",
                "message:assistant", "function_call", "function_call_output", "message:assistant"), kinds);
        ToolCall shell = (ToolCall) items.get(4);
        assertEquals("call_1", shell.callId());
        assertEquals("shell", shell.toolName());
        assertEquals("{\"cmd\":\"mvn test\"}", shell.arguments());
        assertEquals("BUILD FAILURE", ((ToolResult) items.get(6)).outputText());
        assertEquals("patched", ((ToolResult) items.get(7)).outputText());
        assertEquals("I can't do that.", ((Message) items.get(8)).text());
        // the legacy pair is joined by a made-up call id
        assertEquals(((ToolCall) items.get(9)).callId(), ((ToolResult) items.get(10)).callId());
        assertTrue(Turns.unpaired(items).isEmpty());
        assertEquals(Turns.headEnd(items), 3);
        assertEquals("Fix the test", ((Message) items.get(2)).text());
    }

    @Test
    void noCutFallsInsideAMessageThatBecameSeveralItems() {
        List<Item> items = ChatCompletionsMessages.fromJson(RICH);
        BitSet cuts = Turns.safeCuts(items);
        assertFalse(cuts.get(4), "between the assistant text and its first call");
        assertFalse(cuts.get(5), "between the two calls of one message");
        assertTrue(cuts.get(3), "before the assistant message");
        assertTrue(cuts.get(8), "after both results");
    }

    @Test
    void anEditedResultKeepsTheRestOfItsMessage() {
        String json = "[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"ls\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"a\\nb\\nc\",\"x_meta\":{\"ms\":3}}]";
        List<Item> items = new ArrayList<>(ChatCompletionsMessages.fromJson(json));
        items.set(2, ((ToolResult) items.get(2)).withOutputText("[output masked]"));
        assertEquals("[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"ls\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"[output masked]\",\"x_meta\":{\"ms\":3}}]",
                ChatCompletionsMessages.toJson(items));
    }

    @Test
    void aMessageMissingSomeOfItsItemsIsRebuiltFromTheRest() {
        List<Item> items = ChatCompletionsMessages.fromJson(RICH);
        List<Item> some = new ArrayList<>(items.subList(0, 4)); // the assistant text without its calls
        JsonNode out = Json.MAPPER.valueToTree(ChatCompletionsMessages.toJsonNode(some));
        JsonNode assistant = out.get(3);
        assertEquals("Looking.", assistant.get("content").textValue());
        assertFalse(assistant.has("tool_calls"));
        assertEquals("think", assistant.get("reasoning_content").textValue());

        List<Item> secondCallOnly = List.of(items.get(5));
        JsonNode only = ChatCompletionsMessages.toJsonNode(secondCallOnly).get(0);
        assertTrue(only.get("content").isNull(), only.toString());
        assertEquals(1, only.get("tool_calls").size());
        assertEquals("call_2", only.get("tool_calls").get(0).get("id").textValue());
    }

    @Test
    void itemsFromTheResponsesFormatBecomeChatMessages() {
        List<Item> items = ResponsesItems.fromJson("["
                + "{\"role\":\"developer\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://x.test/i.png\",\"detail\":\"auto\"}]},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\",\"annotations\":[]}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"a\",\"name\":\"f\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"b\",\"name\":\"g\",\"arguments\":\"{\\\"x\\\":1}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"a\",\"output\":\"A\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"b\",\"output\":[{\"type\":\"input_text\",\"text\":\"B\"}]}]");
        assertEquals("[{\"role\":\"developer\",\"content\":\"rules\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/i.png\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"tool_calls\":["
                + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"x\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"A\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"b\",\"content\":[{\"type\":\"text\",\"text\":\"B\"}]}]",
                ChatCompletionsMessages.toJson(items));
    }

    @Test
    void itemsWithNoChatFormAreRefusedByIndex() {
        List<Item> items = ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"type\":\"compaction\",\"id\":\"cmp\",\"encrypted_content\":\"gAAA\"}]");
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> ChatCompletionsMessages.toJson(items));
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("compaction"), e.getMessage());
        List<Item> search = ResponsesItems.fromJson("[{\"type\":\"web_search_call\",\"id\":\"ws\",\"status\":\"completed\"}]");
        assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.toJson(search));
    }

    @Test
    void errorsNameTheMessageAndTheField() {
        assertError("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]",
                1, "tool_calls[0].function.arguments",
                "message 1, field 'tool_calls[0].function.arguments': expected a string but found an object");
        assertError("[{\"role\":\"tool\",\"content\":\"x\"}]", 0, "tool_call_id", "message 0, field 'tool_call_id': missing");
        assertError("[{\"role\":\"user\",\"content\":5}]", 0, "content",
                "message 0, field 'content': expected a string or an array of content parts but found a number");
        assertError("[{\"content\":\"x\"}]", 0, "role", "message 0, field 'role': missing");
        assertError("[{\"role\":\"user\",\"content\":\"x\"},7]", 1, null, "message 1: expected a message object but found a number");
        assertError("[{\"role\":\"user\",\"content\":[\"x\"]}]", 0, "content[0]",
                "message 0, field 'content[0]': expected a content part object but found a string");
        assertError("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"mystery\"}]}]", 0,
                "tool_calls[0].type", "expected 'function' or 'custom' but found 'mystery'");
        InvalidConversationException bad = assertThrows(InvalidConversationException.class,
                () -> ChatCompletionsMessages.fromJson("[{\"role\":"));
        assertTrue(bad.getMessage().contains("malformed JSON at line 1"), bad.getMessage());
        assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.fromJson("{}"));
    }

    private static void assertError(String json, int index, String field, String text) {
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> ChatCompletionsMessages.fromJson(json));
        assertEquals(index, e.itemIndex().getAsInt());
        assertEquals(field, e.field().orElse(null));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void readingDoesNotKeepAHoldOnTheCallersJson() {
        JsonNode array = Json.NODES.arrayNode().add(Json.NODES.objectNode().put("role", "user").put("content", "a"));
        List<Item> items = ChatCompletionsMessages.fromJsonNode(array);
        ((com.fasterxml.jackson.databind.node.ObjectNode) array.get(0)).put("content", "changed");
        assertEquals("[{\"role\":\"user\",\"content\":\"a\"}]", ChatCompletionsMessages.toJson(items));
        assertInstanceOf(Message.class, items.get(0));
    }
}
