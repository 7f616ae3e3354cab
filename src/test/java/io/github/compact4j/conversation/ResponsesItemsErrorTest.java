package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets one readable error naming the item and the field, and quoting no content. */
class ResponsesItemsErrorTest {

    private static final String OK = "{\"role\":\"user\",\"content\":\"fine\"}";

    /** A secret-looking text that must never appear in an error message. */
    private static final String SECRET = "TOPSECRETcustomer4111111111111111expires1229";

    @Test
    void malformedJsonNamesTheItemAndLineAndColumn() {
        InvalidConversationException e = parse("[" + OK + ",\n  {\"role\": ]");
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.field().isEmpty());
        assertTrue(e.getMessage().startsWith("Invalid conversation: item 1: malformed JSON at line 2, column 12: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("nothing was sent anywhere"), e.getMessage());
        assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException);

        e = parse("[" + OK + " " + OK + "]");
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("was expecting comma to separate Array entries"), e.getMessage());

        e = parse("[" + OK + ",]");
        assertEquals(1, e.itemIndex().getAsInt());

        e = parse("[" + OK + "," + OK + ",{\"role\":\"user\",\"content\":\"unterminated");
        assertEquals(2, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("Unexpected end-of-input"), e.getMessage());

        e = parse("[" + OK);
        assertEquals(1, e.itemIndex().getAsInt());
    }

    @Test
    void problemsOutsideTheArrayNameNoItem() {
        InvalidConversationException e = parse("[" + OK + "] trailing");
        assertTrue(e.itemIndex().isEmpty(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid conversation: malformed JSON at line 1, column "), e.getMessage());

        e = parse("[] []");
        assertTrue(e.itemIndex().isEmpty());
        assertTrue(e.getMessage().contains("unexpected content after the closing ']' of the array"), e.getMessage());
    }

    @Test
    void parseErrorsQuoteNoConversationContent() {
        String[] broken = {
            // an unquoted value: Jackson quotes the token, cut to a few characters
            "[{\"role\":\"user\",\"content\":" + SECRET + "}]",
            "[{\"role\":\"user\",\"content\":\"" + SECRET + "\" \"x\":1}]",
            "[{\"role\":\"user\",\"content\":\"" + SECRET + "\\q\"}]",
            "[{\"role\":\"user\",\"content\":\"" + SECRET + "\n\"}]",
            "[{\"role\":\"user\",\"content\":\"" + SECRET,
            "[{\"role\":\"user\",\"content\":'" + SECRET + "'}]",
            "[{\"role\":\"user\",\"" + SECRET + "\":tru}]",
        };
        for (String json : broken) {
            for (Function<String, Object> parser : parsers()) {
                InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> parser.apply(json));
                // at most a token of Json.MAX_ERROR_TOKEN_CHARS characters may be quoted
                for (int i = 0; i + Json.MAX_ERROR_TOKEN_CHARS < SECRET.length(); i++) {
                    String run = SECRET.substring(i, i + Json.MAX_ERROR_TOKEN_CHARS + 1);
                    assertFalse(e.getMessage().contains(run), e.getMessage());
                }
                assertEquals(0, e.itemIndex().orElse(0));
            }
        }
        InvalidConversationException e = parse("[{\"role\":\"user\",\"content\":" + SECRET + "}]");
        assertTrue(e.getMessage().contains("Unrecognized token 'TOPSECRETcustomer411...'"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void theTopLevelMustBeAnArrayOfObjects() {
        InvalidConversationException e = parse("{\"role\":\"user\",\"content\":\"x\"}");
        assertTrue(e.itemIndex().isEmpty());
        assertTrue(e.getMessage().startsWith("Invalid conversation: expected a JSON array of items but found an object."),
                e.getMessage());
        assertTrue(parse("").getMessage().contains("expected a JSON array of items but found nothing"));
        assertTrue(parse("\"text\"").getMessage().contains("but found a string"));
        assertTrue(parse("null").getMessage().contains("but found null"));

        e = parse("[" + OK + ",42]");
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("item 1: expected a JSON object but found a number"), e.getMessage());
        e = parse("[[" + OK + "]]");
        assertEquals(0, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("found an array"), e.getMessage());
        e = parse("[" + OK + "," + OK + ",null]");
        assertEquals(2, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("found null"), e.getMessage());

        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJsonNode((JsonNode) Json.NODES.objectNode()));
        assertTrue(e.getMessage().contains("expected a JSON array of items but found an object"), e.getMessage());
        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJsonNode((ObjectNode) null));
        assertTrue(e.getMessage().contains("found nothing"), e.getMessage());
        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.itemFromJson("[1]"));
        assertTrue(e.getMessage().contains("expected a JSON object but found an array"), e.getMessage());
        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.itemFromJson(OK + " {}"));
        assertTrue(e.getMessage().contains("unexpected content after the item's closing '}'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        # item (placed at index 2)                                                                  | field             | problem
        {"type":"message","content":"x"}                                                             | role              | missing; a message item needs it
        {"role":7,"content":"x"}                                                                      | role              | expected a string but found a number
        {"role":"user"}                                                                               | content           | missing; a message needs content
        {"type":"message","role":"user","content":{"text":"x"}}                                     | content           | expected a string or an array of content parts but found an object
        {"role":"user","content":null}                                                                | content           | expected a string or an array of content parts but found null
        {"role":"user","content":[{"type":"input_text","text":"a"},"b"]}                           | content[1]        | expected a content part object but found a string
        {"type":"function_call","name":"ls","arguments":"{}"}                                         | call_id           | missing; a function_call item needs it
        {"type":"function_call","call_id":42,"name":"ls","arguments":"{}"}                           | call_id           | expected a string but found a number
        {"type":"function_call","call_id":"c","arguments":"{}"}                                       | name              | missing; a function_call item needs it
        {"type":"function_call","call_id":"c","name":"ls","arguments":{"path":"."}}                 | arguments         | expected a string but found an object
        {"type":"function_call","call_id":"c","name":"ls"}                                            | arguments         | missing; a function_call item needs it
        {"type":"custom_tool_call","call_id":"c","name":"sql"}                                        | input             | missing; a custom_tool_call item needs it
        {"type":"function_call_output","output":"x"}                                                  | call_id           | missing; a function_call_output item needs it
        {"type":"function_call_output","call_id":null,"output":"x"}                                  | call_id           | expected a string but found null
        {"type":"function_call_output","call_id":"c"}                                                 | output            | missing
        {"type":"function_call_output","call_id":"c","output":42}                                     | output            | expected a string or an array of content parts but found a number
        {"type":"custom_tool_call_output","call_id":"c","output":{"text":"x"}}                       | output            | expected a string or an array of content parts but found an object
        {"type":"shell_call_output","output":[]}                                                      | call_id           | missing; a shell_call_output item needs it
        {"type":"compaction","id":"cmp_1"}                                                            | encrypted_content | missing; a compaction item needs it
        {"type":"compaction","encrypted_content":["x"]}                                              | encrypted_content | expected a string but found an array
        {"type":7,"id":"x"}                                                                           | type              | expected a string but found a number
        {"content":"no role, no type"}                                                                | type              | missing; an item needs a 'type' (or a 'role' for a message, or an 'id' for an item reference)
        """)
    void invalidItemsNameIndexFieldAndProblem(String item, String field, String problem) {
        for (Function<String, Object> parser : parsers()) {
            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> parser.apply("[" + OK + "," + OK + "," + item + "]"));
            assertEquals(2, e.itemIndex().getAsInt());
            assertEquals(field, e.field().orElseThrow());
            assertEquals("Invalid conversation: item 2, field '" + field + "': " + problem
                    + ". Fix the conversation JSON at that place; nothing was sent anywhere.", e.getMessage());
            assertTrue(e instanceof CompactionException);
        }
        InvalidConversationException fromTree = assertThrows(InvalidConversationException.class,
                () -> ResponsesItems.fromJsonNode(Json.MAPPER.readTree("[" + OK + "," + OK + "," + item + "]")));
        assertEquals(2, fromTree.itemIndex().getAsInt());
        assertEquals(field, fromTree.field().orElseThrow());
        // one item on its own has no index
        InvalidConversationException single = assertThrows(InvalidConversationException.class,
                () -> ResponsesItems.itemFromJson(item));
        assertTrue(single.itemIndex().isEmpty());
        assertEquals(field, single.field().orElseThrow());
        assertTrue(single.getMessage().startsWith("Invalid conversation: field '" + field + "': " + problem),
                single.getMessage());
    }

    @Test
    void theSpecsOptionalCallIdsStayOptional() {
        // tool search and local shell outputs may omit call_id in the spec
        ResponsesItems.fromJson("[{\"type\":\"tool_search_call\",\"arguments\":{}},{\"type\":\"tool_search_output\",\"tools\":[]},"
                + "{\"type\":\"local_shell_call_output\",\"id\":\"call_1\",\"output\":\"{}\"}]");
        ToolResult byId = (ToolResult) ResponsesItems.itemFromJson("{\"type\":\"local_shell_call_output\",\"id\":\"call_1\",\"output\":\"\"}");
        assertEquals("call_1", byId.callId());
    }

    private static InvalidConversationException parse(String json) {
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJson(json));
        for (Function<String, Object> parser : parsers()) {
            // Jackson's byte and char parsers word a few errors and count columns differently
            InvalidConversationException other = assertThrows(InvalidConversationException.class, () -> parser.apply(json));
            assertEquals(e.itemIndex(), other.itemIndex());
            assertEquals(e.field(), other.field());
        }
        return e;
    }

    /** fromJson over a String, a Reader and an InputStream. */
    private static java.util.List<Function<String, Object>> parsers() {
        return java.util.List.of(
                ResponsesItems::fromJson,
                json -> ResponsesItems.fromJson(new StringReader(json)),
                json -> ResponsesItems.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
    /**
     * Jackson throws a bare NumberFormatException, quoting the number, for an exponent no
     * BigDecimal can hold: every parser reports it as an invalid conversation, quoting nothing.
     */
    @Test
    void aNumberWithAnExponentOutOfRangeIsInvalidNotACrash() {
        // out of range on every JDK (where exactly the range ends moved: JDK 25 reads 1E2147483648)
        for (String n : List.of("1E99999999999", "0.5e-99999999999", "12345678901234567890123E-2147483648")) {
            String item = "{\"type\":\"x_future\",\"v\":" + n + "}";
            String message = "{\"role\":\"user\",\"content\":\"hi\",\"v\":" + n + "}";
            List<Function<String, Object>> parsers = List.of(
                    ResponsesItems::fromJson,
                    j -> ResponsesItems.fromJson(new ByteArrayInputStream(j.getBytes(StandardCharsets.UTF_16LE))),
                    j -> ResponsesItems.fromJson(new StringReader(j)),
                    ChatCompletionsMessages::fromJson,
                    AnthropicMessages::fromJson,
                    j -> AnthropicConversation.fromJson("{\"messages\":" + j + "}"));
            for (Function<String, Object> parse : parsers) {
                String json = parse == parsers.get(0) || parse == parsers.get(1) || parse == parsers.get(2)
                        ? "[" + OK + "," + item + "]" : "[" + message + "]";
                InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> parse.apply(json));
                assertTrue(e.getMessage().contains("has an exponent too large"), e.getMessage());
                assertFalse(e.getMessage().contains(n.substring(0, 6)), e.getMessage());
            }
            assertThrows(InvalidConversationException.class, () -> ResponsesItems.itemFromJson(item));
            InvalidConversationException e = assertThrows(InvalidConversationException.class,
                    () -> ResponsesItems.fromJson("[" + OK + "," + item + "]"));
            assertEquals(1, e.itemIndex().getAsInt());
            // the Anthropic writer parses a call's arguments text into its tool_use input
            List<Item> call = List.of(ToolCall.function("c1", "f", "{\"a\":" + n + "}"));
            assertThrows(InvalidConversationException.class, () -> AnthropicMessages.toJson(call));
        }
    }
}
