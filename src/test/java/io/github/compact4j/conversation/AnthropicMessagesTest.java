package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.testing.SdkJudges;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    static final String MESSAGES = "["
            + "{\"role\":\"user\",\"content\":\"Fix the failing test in FooTest.java\"},"
            + "{\"role\":\"assistant\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"Run the tests first.\",\"signature\":\"EqQBCkYIARgCIkD+sig==\"},"
            + "{\"type\":\"text\",\"text\":\"Running them.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"mvn -q test\",\"timeout\":1.50}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"read\",\"input\":{\"path\":\"FooTest.java\"}}]},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"expected 3 but was 2\",\"is_error\":true},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":[{\"type\":\"text\",\"text\":\"class FooTest {}\"}],"
            + "\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"text\",\"text\":\"Also check the docs.\"}]},"
            + "{\"role\":\"assistant\",\"content\":["
            + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"},"
            + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"junit\"}},"
            + "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]},"
            + "{\"type\":\"text\",\"text\":\"Found it.\",\"citations\":null}]},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0K\"}},"
            + "{\"type\":\"document\",\"source\":{\"type\":\"url\",\"url\":\"https://x.test/spec.pdf\"},\"title\":\"spec\"},"
            + "{\"type\":\"text\",\"text\":\"See these.\"}]},"
            + "{\"role\":\"assistant\",\"content\":[]}"
            + "]";

    static final String BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
            + "\"system\":[{\"type\":\"text\",\"text\":\"You are a coding agent.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
            + "\"messages\":" + MESSAGES + ",\"tools\":[{\"name\":\"bash\",\"input_schema\":{\"type\":\"object\"}}]}";

    @Test
    void roundTripIsExact() {
        assertEquals(MESSAGES, AnthropicMessages.toJson(AnthropicMessages.fromJson(MESSAGES)));
        AnthropicConversation c = AnthropicConversation.fromJson(BODY);
        assertEquals(BODY, c.withItems(c.items()).toJson());
        assertEquals(BODY, c.toJson());
        AnthropicConversation bare = AnthropicMessages.toConversation(c.items());
        assertEquals(c.system().orElseThrow(), bare.system().orElseThrow());
        assertEquals(c.messages(), bare.messages());
    }

    @Test
    void blocksBecomeItemsTheAlgorithmUnderstands() {
        List<Item> items = AnthropicConversation.fromJson(BODY).items();
        List<String> kinds = new ArrayList<>();
        for (Item it : items) {
            kinds.add(it.type() + (it instanceof Message m ? ":" + m.role() : ""));
        }
        assertEquals(List.of("message:system", "message:user",
                "reasoning", "message:assistant", "function_call", "function_call",
                "function_call_output", "function_call_output", "message:user",
                "reasoning", "anthropic_block", "anthropic_block", "message:assistant",
                "message:user", "message:assistant"), kinds);
        assertEquals("You are a coding agent.", ((Message) items.get(0)).text());
        assertEquals("Run the tests first.", ((Reasoning) items.get(2)).contentText());
        ToolCall bash = (ToolCall) items.get(4);
        assertEquals("toolu_1", bash.callId());
        assertEquals("{\"cmd\":\"mvn -q test\",\"timeout\":1.50}", bash.arguments());
        ToolResult failed = (ToolResult) items.get(6);
        assertEquals("toolu_1", failed.callId());
        assertEquals("expected 3 but was 2", failed.outputText());
        assertTrue(failed.field("is_error").orElseThrow().booleanValue());
        assertEquals("class FooTest {}", ((ToolResult) items.get(7)).outputText());
        assertEquals("EmwKAhgBEgy3va", ((Reasoning) items.get(9)).encryptedContent().orElseThrow());
        assertEquals("See these.", ((Message) items.get(13)).text());
        assertTrue(Turns.unpaired(items).isEmpty());
        assertEquals(2, Turns.headEnd(items));
    }

    @Test
    void noCutFallsInsideAMessage() {
        List<Item> items = AnthropicConversation.fromJson(BODY).items();
        BitSet cuts = Turns.safeCuts(items);
        for (int i = 3; i <= 8; i++) {
            assertFalse(cuts.get(i), "cut at " + i + " is inside a tool exchange or a message");
        }
        assertTrue(cuts.get(2));
        assertTrue(cuts.get(9));
        assertFalse(cuts.get(10));
        assertTrue(cuts.get(13));
    }

    @Test
    void anEditedResultKeepsItsSiblingsThinkingAndCacheControl() {
        List<Item> items = new ArrayList<>(AnthropicMessages.fromJson(MESSAGES));
        int at = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ToolResult r && r.callId().equals("toolu_2")) {
                at = i;
            }
        }
        items.set(at, ((ToolResult) items.get(at)).withOutputText("[masked]"));
        JsonNode out = AnthropicMessages.toJsonNode(items);
        JsonNode user = out.get(2);
        assertEquals(3, user.get("content").size());
        JsonNode masked = user.get("content").get(1);
        assertEquals("[masked]", masked.get("content").textValue());
        assertEquals("toolu_2", masked.get("tool_use_id").textValue());
        assertEquals("ephemeral", masked.get("cache_control").get("type").textValue());
        assertEquals(AnthropicMessages.toJsonNode(AnthropicMessages.fromJson(MESSAGES)).get(1), out.get(1),
                "the thinking block and its signature are untouched");
        assertTrue(user.get("content").get(0).get("is_error").booleanValue());
    }

    @Test
    void itemsFromTheResponsesFormatBecomeAnthropicMessages() {
        List<Item> items = ResponsesItems.fromJson("["
                + "{\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"type\":\"reasoning\",\"id\":\"rs\",\"summary\":[],\"encrypted_content\":\"gAAA\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"a\",\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"b\",\"name\":\"g\",\"arguments\":\"\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"a\",\"output\":\"A\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"b\",\"output\":\"B\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"data:image/jpeg;base64,/9j/\"}]}]");
        AnthropicConversation c = AnthropicMessages.toConversation(items);
        assertEquals("{\"system\":\"rules\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"},"
                + "{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{\"x\":1}},"
                + "{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"g\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"a\",\"content\":\"A\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"b\",\"content\":\"B\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/\"}}]}]}",
                c.toJson());
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> AnthropicMessages.toJson(items));
        assertEquals(0, e.itemIndex().getAsInt());
    }

    static final String THINKING = "{\"type\":\"thinking\",\"thinking\":\"Run the tests first.\","
            + "\"signature\":\"EqQBCkYIARgCIkD+sig==\"}";
    static final String REDACTED = "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"}";
    static final String WITH_THINKING = "[{\"role\":\"user\",\"content\":\"fix it\"},"
            + "{\"role\":\"assistant\",\"content\":[" + THINKING + ","
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"mvn test\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
            + "{\"role\":\"assistant\",\"content\":[" + REDACTED + ",{\"type\":\"text\",\"text\":\"Done.\"}]}]";

    /** Each item through its own JSON and back, as a journal keeps it: no origin survives. */
    static List<Item> viaOwnJson(List<Item> items) {
        List<Item> back = new ArrayList<>();
        for (Item it : items) {
            back.add(ResponsesItems.itemFromJson(it.toJson()));
        }
        return back;
    }

    @Test
    void thinkingBlocksAreWrittenBackFromTheItemsOwnJson() {
        List<Item> items = AnthropicMessages.fromJson(WITH_THINKING);
        assertEquals("{\"type\":\"reasoning\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\","
                + "\"text\":\"Run the tests first.\"}],\"anthropic\":{\"type\":\"thinking\","
                + "\"signature\":\"EqQBCkYIARgCIkD+sig==\"}}", items.get(1).toJson());
        assertEquals("{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"EmwKAhgBEgy3va\","
                + "\"anthropic\":{\"type\":\"redacted_thinking\"}}", items.get(4).toJson());

        List<Item> journaled = viaOwnJson(items);
        assertEquals(items, journaled, "the same JSON");
        JsonNode out = AnthropicMessages.toJsonNode(journaled);
        assertEquals(THINKING, out.get(1).get("content").get(0).toString());
        assertEquals(REDACTED, out.get(3).get("content").get(0).toString());
        assertEquals(WITH_THINKING, out.toString(), "nothing else in these messages needs an origin either");
        SdkJudges.anthropicMessages(out);
    }

    @Test
    void aThinkingBlockKeepsFieldsAnthropicMayAddAfterItsOwn() {
        String block = "{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"EqQB\",\"x_later\":{\"n\":1}}";
        String messages = "[{\"role\":\"assistant\",\"content\":[" + block + ",{\"type\":\"text\",\"text\":\"ok\"}]}]";
        List<Item> journaled = viaOwnJson(AnthropicMessages.fromJson(messages));
        assertEquals(messages, AnthropicMessages.toJson(journaled));
    }

    @Test
    void reasoningThatIsNoLongerAWholeThinkingBlockStaysBehind() {
        List<Item> items = new ArrayList<>(viaOwnJson(AnthropicMessages.fromJson(WITH_THINKING)));
        // masking drops old encrypted content: the redacted block has nothing left to send
        items.set(4, ((Reasoning) items.get(4)).withoutEncryptedContent());
        // another provider's reasoning, as OpenAI returns it
        items.add(0, ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],"
                + "\"encrypted_content\":\"gAAAAB\"}"));
        // a marker whose type is no thinking block compact4j knows
        items.add(ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"summary\":[],\"content\":[],"
                + "\"anthropic\":{\"type\":\"x_thought\"}}"));
        assertEquals("[{\"role\":\"user\",\"content\":\"fix it\"},"
                + "{\"role\":\"assistant\",\"content\":[" + THINKING + ","
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"mvn test\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Done.\"}]", AnthropicMessages.toJson(items));
    }

    @Test
    void systemMessagesInsideTheArrayStayWhereTheyStand() {
        String json = "[{\"role\":\"user\",\"content\":\"build it\"},"
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"From now on, answer in French.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"D'accord.\"}]";
        List<Item> items = AnthropicMessages.fromJson(json);
        assertEquals(3, items.size());
        Message system = (Message) items.get(1);
        assertEquals(Message.SYSTEM, system.role());
        assertEquals("From now on, answer in French.", system.text());
        assertEquals(json, AnthropicMessages.toJson(items), "read and written back exactly");
        SdkJudges.anthropicMessages(AnthropicMessages.toJsonNode(items));

        // from another format: leading instructions are the system prompt, later ones system messages
        List<Item> responses = ResponsesItems.fromJson("[{\"role\":\"developer\",\"content\":\"Be terse.\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"developer\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"Now switch to French.\"}]},{\"role\":\"user\",\"content\":\"again\"}]");
        AnthropicConversation c = AnthropicMessages.toConversation(responses);
        assertEquals("\"Be terse.\"", c.system().orElseThrow().toString());
        assertEquals("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Now switch to French.\"}]},{\"role\":\"user\",\"content\":\"again\"}]", c.messages().toString());
        SdkJudges.anthropicMessages(c.messages());
    }

    @Test
    void errorsNameTheMessageAndTheField() {
        assertError("[{\"role\":\"tool\",\"content\":\"x\"}]", 0, "role", "expected 'user', 'assistant' or 'system'");
        assertError("[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://e.com/a.png\"}}]}]", 1, "content[1].type",
                "a system message holds text blocks only");
        assertError("[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"tool_use\",\"name\":\"f\",\"input\":{}}]}]", 1, "content[1].id", "message 1, field 'content[1].id': missing");
        assertError("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":\"yes\"}]}]",
                0, "content[0].is_error", "expected a boolean but found a string");
        assertError("[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]", 0, "content[0].type", "missing");
        assertError("[{\"role\":\"user\"}]", 0, "content", "missing");
        assertError("[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"signature\":\"s\"}]}]", 0,
                "content[0].thinking", "missing");
        InvalidConversationException system = assertThrows(InvalidConversationException.class,
                () -> AnthropicConversation.fromJson("{\"system\":[{\"type\":\"text\"}],\"messages\":[]}").items());
        assertEquals("system[0].text", system.field().orElseThrow());
        InvalidConversationException noMessages = assertThrows(InvalidConversationException.class,
                () -> AnthropicConversation.fromJson("{\"system\":\"s\"}"));
        assertEquals("messages", noMessages.field().orElseThrow());
    }

    private static void assertError(String json, int index, String field, String text) {
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> AnthropicMessages.fromJson(json));
        assertEquals(index, e.itemIndex().getAsInt());
        assertEquals(field, e.field().orElse(null));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void toStringNamesTheShapeNotTheContent() {
        AnthropicConversation c = AnthropicConversation.fromJson(BODY);
        String s = c.toString();
        assertFalse(s.contains("coding agent"), s);
        assertTrue(s.contains("messages=6"), s);
        assertInstanceOf(Message.class, c.items().get(0));
    }
}
