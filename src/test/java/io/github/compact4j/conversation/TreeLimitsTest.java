package io.github.compact4j.conversation;

import static io.github.compact4j.testing.SmallStack.nestedArrays;
import static io.github.compact4j.testing.SmallStack.nestedArraysText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.SmallStack;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Trees handed to the library are held to the limits text is held to (nesting, string, name and
 * number lengths), checked without recursion, and everything accepted can be copied, counted and
 * written on a 1 MB stack.
 */
class TreeLimitsTest {

    private static final int MAX = Json.MAX_DEPTH;

    /** One entry point in its text and tree forms, over a document nesting {@code depth} levels in all. */
    private record Case(String name, IntFunction<String> text, IntFunction<JsonNode> tree,
            Consumer<String> readText, Consumer<JsonNode> readTree) {}

    private static List<Case> cases() {
        return List.of(
                new Case("ResponsesItems array",
                        d -> "[{\"type\":\"x_future\",\"payload\":" + nestedArraysText(d - 2) + "}]",
                        d -> {
                            ArrayNode a = Json.NODES.arrayNode();
                            a.addObject().put("type", "x_future").set("payload", nestedArrays(d - 2));
                            return a;
                        },
                        ResponsesItems::fromJson, ResponsesItems::fromJsonNode),
                new Case("ResponsesItems item",
                        d -> "{\"type\":\"x_future\",\"payload\":" + nestedArraysText(d - 1) + "}",
                        d -> {
                            ObjectNode o = Json.NODES.objectNode().put("type", "x_future");
                            o.set("payload", nestedArrays(d - 1));
                            return o;
                        },
                        ResponsesItems::itemFromJson, n -> ResponsesItems.fromJsonNode((ObjectNode) n)),
                new Case("ChatCompletionsMessages",
                        d -> "[{\"role\":\"user\",\"content\":\"hi\",\"x\":" + nestedArraysText(d - 2) + "}]",
                        d -> {
                            ArrayNode a = Json.NODES.arrayNode();
                            a.addObject().put("role", "user").put("content", "hi").set("x", nestedArrays(d - 2));
                            return a;
                        },
                        ChatCompletionsMessages::fromJson, ChatCompletionsMessages::fromJsonNode),
                new Case("AnthropicMessages tool_use input",
                        d -> "[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\","
                                + "\"input\":{\"a\":" + nestedArraysText(d - 5) + "}}]}]",
                        d -> {
                            ArrayNode a = Json.NODES.arrayNode();
                            ObjectNode block = a.addObject().put("role", "assistant").putArray("content").addObject()
                                    .put("type", "tool_use").put("id", "t1").put("name", "f");
                            block.putObject("input").set("a", nestedArrays(d - 5));
                            return a;
                        },
                        AnthropicMessages::fromJson, AnthropicMessages::fromJsonNode),
                new Case("AnthropicConversation message",
                        d -> "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"x\":" + nestedArraysText(d - 3) + "}]}",
                        d -> {
                            ObjectNode body = Json.NODES.objectNode();
                            body.putArray("messages").addObject().put("role", "user").put("content", "hi")
                                    .set("x", nestedArrays(d - 3));
                            return body;
                        },
                        t -> AnthropicConversation.fromJson(t).items(), n -> AnthropicConversation.fromJsonNode(n).items()),
                new Case("AnthropicConversation other field",
                        d -> "{\"tools\":" + nestedArraysText(d - 1) + ",\"messages\":[]}",
                        d -> {
                            ObjectNode body = Json.NODES.objectNode();
                            body.set("tools", nestedArrays(d - 1));
                            body.putArray("messages");
                            return body;
                        },
                        t -> AnthropicConversation.fromJson(t).withItems(List.of()).toJson(),
                        n -> AnthropicConversation.fromJsonNode(n).withItems(List.of()).toJson()));
    }

    @Test
    void treeEntryPointsAcceptAndRejectExactlyWhatTextEntryPointsDo() {
        SmallStack.run(() -> {
            for (Case c : cases()) {
                for (int depth : new int[] {MAX - 1, MAX}) {
                    c.readText().accept(c.text().apply(depth));
                    c.readTree().accept(c.tree().apply(depth));
                }
                for (int depth : new int[] {MAX + 1, 5_000}) {
                    String text = c.text().apply(depth);
                    JsonNode tree = c.tree().apply(depth);
                    assertThrows(InvalidConversationException.class, () -> c.readText().accept(text), c.name());
                    InvalidConversationException e = assertThrows(InvalidConversationException.class,
                            () -> c.readTree().accept(tree), c.name());
                    assertTrue(e.getMessage().contains("nested more than 1000 levels deep"), e.getMessage());
                }
            }
        });
    }

    @Test
    void theIssuesExampleIsRejectedNamingTheItemAndTheField() {
        SmallStack.run(() -> {
            ArrayNode items = Json.NODES.arrayNode();
            items.addObject().put("type", "x_future").set("payload", nestedArrays(5_000));
            ObjectNode call = items.addObject().put("type", "function_call").put("call_id", "c1").put("name", "f")
                    .put("arguments", "{}");
            call.set("x_deep", nestedArrays(5_000));
            items.addObject().put("type", "function_call_output").put("call_id", "c1").put("output", "ok");

            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> ResponsesItems.fromJsonNode((JsonNode) items));
            assertEquals(0, e.itemIndex().getAsInt());
            assertEquals("payload", e.field().orElseThrow());
            assertTrue(e.getMessage().startsWith("Invalid conversation: item 0, field 'payload': nested more than 1000"
                    + " levels deep"), e.getMessage());

            items.remove(0);
            e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJsonNode((JsonNode) items));
            assertEquals(0, e.itemIndex().getAsInt());
            assertEquals("x_deep", e.field().orElseThrow());
        });
    }

    @Test
    void messageCodecsNameTheMessageAndThePathToTheDeepValue() {
        SmallStack.run(() -> {
            ArrayNode anthropic = Json.NODES.arrayNode();
            anthropic.addObject().put("role", "user").put("content", "hi");
            ObjectNode use = anthropic.addObject().put("role", "assistant").putArray("content").addObject()
                    .put("type", "tool_use").put("id", "t1").put("name", "f");
            use.putObject("input").set("q", nestedArrays(5_000));
            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> AnthropicMessages.fromJsonNode(anthropic));
            assertEquals(1, e.itemIndex().getAsInt());
            assertEquals("content[0].input", e.field().orElseThrow());
            assertTrue(e.getMessage().startsWith("Invalid conversation: message 1, field 'content[0].input': "),
                    e.getMessage());

            ObjectNode body = Json.NODES.objectNode();
            body.set("messages", anthropic);
            e = assertThrows(InvalidConversationException.class, () -> AnthropicConversation.fromJsonNode(body));
            assertEquals(1, e.itemIndex().getAsInt());
            assertEquals("content[0].input", e.field().orElseThrow());
            e = assertThrows(InvalidConversationException.class, () -> AnthropicConversation.of(null, anthropic));
            assertEquals(1, e.itemIndex().getAsInt());

            ObjectNode tools = Json.NODES.objectNode();
            tools.putArray("messages");
            tools.putArray("tools").addObject().put("name", "f").set("input_schema", nestedArrays(5_000));
            e = assertThrows(InvalidConversationException.class, () -> AnthropicConversation.fromJsonNode(tools));
            assertTrue(e.itemIndex().isEmpty());
            assertEquals("tools[0].input_schema", e.field().orElseThrow());
            e = assertThrows(InvalidConversationException.class,
                    () -> AnthropicConversation.of(nestedArrays(5_000), Json.NODES.arrayNode()));
            assertEquals("system", e.field().orElseThrow());

            ArrayNode chat = Json.NODES.arrayNode();
            ObjectNode call = chat.addObject().put("role", "assistant").putArray("tool_calls").addObject();
            call.put("id", "c1").put("type", "function").putObject("function").put("name", "f").put("arguments", "{}")
                    .set("x", nestedArrays(5_000));
            e = assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.fromJsonNode(chat));
            assertEquals(0, e.itemIndex().getAsInt());
            assertEquals("tool_calls[0].function", e.field().orElseThrow());
        });
    }

    @Test
    void withRefusesAValueThatWouldNestTooDeep() {
        SmallStack.run(() -> {
            Item item = Message.user("hi");
            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> item.with("x_deep", nestedArrays(5_000)));
            assertEquals("x_deep", e.field().orElseThrow());
            assertThrows(InvalidConversationException.class, () -> item.with("x_deep", nestedArrays(MAX)));
            // the item is level 1, so its value may nest one level less than the limit
            Item ok = item.with("x_deep", nestedArrays(MAX - 1));
            assertEquals(ResponsesItems.itemFromJson(ok.toJson()), ok);
        });
    }

    @Test
    void stringsNamesAndNumbersAreHeldToTheParsersLengthsToo() {
        int maxString = Json.MAX_STRING_CHARS;
        String longest = "a".repeat(maxString);
        String tooLong = longest + "a";
        ArrayNode ok = Json.NODES.arrayNode();
        ok.addObject().put("role", "user").put("content", longest);
        assertEquals(1, ResponsesItems.fromJsonNode((JsonNode) ok).size());
        ArrayNode bad = Json.NODES.arrayNode();
        bad.addObject().put("role", "user").put("content", "fine");
        bad.addObject().put("role", "user").putArray("content").addObject().put("type", "input_text").put("text", tooLong);
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> ResponsesItems.fromJsonNode((JsonNode) bad));
        assertEquals(1, e.itemIndex().getAsInt());
        assertEquals("content[0].text", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("a string of " + (maxString + 1) + " characters"), e.getMessage());
        assertThrows(InvalidConversationException.class,
                () -> ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"" + tooLong + "\"}]"));
        assertThrows(InvalidConversationException.class, () -> Message.user("hi").with("x", Json.NODES.textNode(tooLong)));

        String longName = "n".repeat(50_001);
        ObjectNode named = Json.NODES.objectNode().put("type", "x_future");
        named.putObject("meta").put(longName, 1);
        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJsonNode(named));
        assertEquals("meta", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("a field name of 50001 characters"), e.getMessage());
        assertTrue(e.getMessage().length() < 1_000, "the name is not quoted");
        named.remove("meta");
        named.putObject("meta").put("n".repeat(50_000), 1);
        ResponsesItems.fromJsonNode(named);

        ArrayNode chat = Json.NODES.arrayNode();
        chat.addObject().put("role", "user").put("content", "hi").put("x", new java.math.BigInteger("9".repeat(1_001)));
        e = assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.fromJsonNode(chat));
        assertEquals("x", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("a number of 1001 digits"), e.getMessage());
        assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.fromJson(chat.toString()));
        ((ObjectNode) chat.get(0)).put("x", new java.math.BigDecimal("0." + "1".repeat(1_001)));
        assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.fromJsonNode(chat));
        ((ObjectNode) chat.get(0)).put("x", new java.math.BigDecimal("1." + "1".repeat(998)));
        assertEquals(chat.toString(), ChatCompletionsMessages.toJson(ChatCompletionsMessages.fromJsonNode(chat)));
    }

    @Test
    void valuesNoJsonTextCanHoldAreRejected() {
        // written out, a NaN becomes the string "NaN" and bytes become base64: the item would not
        // read back as itself
        for (JsonNode odd : List.of(Json.NODES.numberNode(Double.NaN), Json.NODES.numberNode(Float.POSITIVE_INFINITY),
                Json.NODES.binaryNode(new byte[] {1, 2}), Json.NODES.pojoNode(new Object()))) {
            ArrayNode a = Json.NODES.arrayNode();
            a.addObject().put("type", "x_future").putObject("meta").set("v", odd);
            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> ResponsesItems.fromJsonNode((JsonNode) a), odd.getNodeType().name());
            assertEquals("meta.v", e.field().orElseThrow());
            assertThrows(InvalidConversationException.class, () -> Message.user("hi").with("x", odd));
        }
        ObjectNode finite = Json.NODES.objectNode().put("type", "x_future").put("v", 1.5);
        ResponsesItems.fromJsonNode(finite);
    }

    /**
     * The deepest conversation accepted goes through every walk over item JSON on a 1 MB stack:
     * copying, equality, token counting, and every writer, including the ones that wrap items in
     * levels they did not have (an Anthropic tool result's parts, a tool_use input parsed from
     * the arguments text).
     */
    @Test
    void theDeepestAcceptedConversationIsCopiedCountedAndWrittenInEveryFormat() {
        SmallStack.run(() -> {
            String deepArgs = "{\"a\":" + nestedArraysText(MAX - 1) + "}";
            ArrayNode a = Json.NODES.arrayNode();
            a.addObject().put("type", "message").put("role", "user").put("content", "task");
            a.addObject().put("type", "function_call").put("call_id", "c1").put("name", "f").put("arguments", deepArgs);
            ObjectNode result = a.addObject().put("type", "function_call_output").put("call_id", "c1");
            result.putArray("output").addObject().put("type", "x_part").set("x", nestedArrays(MAX - 4));
            a.addObject().put("type", "x_future").set("payload", nestedArrays(MAX - 2));

            List<Item> items = ResponsesItems.fromJsonNode((JsonNode) a);
            String json = ResponsesItems.toJson(items);
            assertEquals(items, ResponsesItems.fromJson(json));
            assertEquals(items, ResponsesItems.fromJsonNode((JsonNode) ResponsesItems.toJsonNode(items)));
            for (Item it : items) {
                assertTrue(TokenCounter.defaultCounter().count(it) > 0);
                assertEquals(it, ResponsesItems.fromJsonNode(it.toJsonNode()));
                it.hashCode();
            }
            List<Item> portable = items.subList(0, 3);
            ChatCompletionsMessages.toJson(portable);
            AnthropicMessages.toJson(portable);
            AnthropicMessages.toConversation(portable).toJson();
            ToolResult masked = ((ToolResult) items.get(2)).withOutputText("[removed]");
            ResponsesItems.toJson(List.of(items.get(1), masked));
        });
    }
}
