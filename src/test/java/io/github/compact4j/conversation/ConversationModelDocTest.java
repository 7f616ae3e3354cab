package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.testing.Conversations;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The snippets of docs/conversation-model.md, with the results the page states. */
class ConversationModelDocTest {

    private static final String JSON = "[{\"role\":\"user\",\"content\":\"List the files\"},"
            + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"ls\",\"arguments\":\"{}\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"pom.xml\"}]";

    @Test
    void writeStreamsIntoARequestBody() throws Exception {
        List<Item> items = ResponsesItems.fromJson(JSON);
        StringWriter body = new StringWriter();
        try (JsonGenerator g = new ObjectMapper().createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("model", "gpt-5.1-codex-max");
            g.writeFieldName("input");
            ResponsesItems.write(items, g);
            g.writeEndObject();
        }
        assertEquals("{\"model\":\"gpt-5.1-codex-max\",\"input\":" + JSON + "}", body.toString());
    }

    @Test
    void theKindsLoop() {
        List<String> lines = new ArrayList<>();
        for (Item item : ResponsesItems.fromJson(JSON)) {
            if (item instanceof Message m) {
                lines.add(m.role() + ": " + m.text());
            } else if (item instanceof ToolCall call) {
                lines.add(call.toolName() + " " + call.arguments() + " -> expects " + call.resultType());
            } else if (item instanceof ToolResult result) {
                lines.add(result.callId() + " answered with " + result.outputText().length() + " chars");
            }
        }
        assertEquals(List.of("user: List the files", "ls {} -> expects function_call_output",
                "call_1 answered with 7 chars"), lines);
    }

    @Test
    void lossless() {
        String json = "[{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"ls\",\"arguments\":\"{}\","
                + "\"weight\":1.10,\"caller\":null,\"x-future\":{\"a\":[1,2.000]}}]";
        assertEquals(json, ResponsesItems.toJson(ResponsesItems.fromJson(json)));
        // the spelling Jackson writes: control characters as upper-case hex escapes
        assertEquals("[{\"role\":\"user\",\"content\":\"\\u001F\"}]",
                ResponsesItems.toJson(ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"\\u001f\"}]")));
    }

    @Test
    void validation() {
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJson(
                "[{\"role\":\"user\",\"content\":\"hi\"},{\"type\":\"function_call\",\"name\":\"ls\",\"arguments\":\"{}\"}]"));
        assertEquals(OptionalInt.of(1), e.itemIndex());
        assertEquals(Optional.of("call_id"), e.field());
        assertTrue(e.getMessage().startsWith(
                "Invalid conversation: item 1, field 'call_id': missing; a function_call item needs it. Fix "), e.getMessage());
    }

    @Test
    void immutability() {
        ToolResult result = ToolResult.functionOutput("call_1", "12,000 lines of build log");
        ToolResult masked = result.withOutputText("[build log removed]");
        assertEquals("12,000 lines of build log", result.outputText());
        assertEquals("call_1", masked.callId());
    }

    @Test
    void turns() {
        List<Item> items = List.of(
                Message.system("You are a coding agent."),
                Message.user("Fix the rounding bug."),
                ToolCall.function("call_a", "read_file", "{}"),
                ToolCall.function("call_b", "grep", "{}"),
                ToolResult.functionOutput("call_b", "3 matches"),
                ToolResult.functionOutput("call_a", "class Invoice {}"),
                Message.assistant("Fixed."));
        assertEquals(2, Turns.headEnd(items));
        assertEquals(List.of(2, 6), Turns.turnStarts(items));
        BitSet safe = new BitSet();
        for (int i : new int[] {0, 1, 2, 6, 7}) {
            safe.set(i);
        }
        assertEquals(safe, Turns.safeCuts(items));
        assertEquals(List.of(), Turns.unpaired(items));
    }

    @Test
    void thinkingBlocks() {
        String thinking = "{\"type\":\"thinking\",\"thinking\":\"Run the tests first.\",\"signature\":\"EqQBCkYIARgCIkD+sig==\"}";
        String redacted = "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"}";
        String messagesJson = "[{\"role\":\"user\",\"content\":\"fix it\"},{\"role\":\"assistant\",\"content\":["
                + thinking + "," + redacted + ",{\"type\":\"text\",\"text\":\"Running them.\"}]}]";
        List<Item> items = AnthropicMessages.fromJson(messagesJson);
        assertEquals("{\"type\":\"reasoning\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":"
                + "\"Run the tests first.\"}],\"anthropic\":{\"type\":\"thinking\",\"signature\":\"EqQBCkYIARgCIkD+sig==\"}}",
                items.get(1).toJson());
        assertEquals("{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"EmwKAhgBEgy3va\","
                + "\"anthropic\":{\"type\":\"redacted_thinking\"}}", items.get(2).toJson());
        String journalLineItems = "[" + String.join(",", items.stream().map(Item::toJson).toList()) + "]";

        List<Item> journaled = ResponsesItems.fromJson(journalLineItems);   // no origin
        String messages = AnthropicMessages.toJson(journaled);               // every thinking block, signed

        assertEquals(messagesJson, messages);
    }

    @Test
    void writtenAsResponsesItems() {
        String requestBody = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"be brief\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"fix it\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Run the tests.\",\"signature\":\"EqQBsig==\"},"
                + "{\"type\":\"text\",\"text\":\"Running them.\"}]}]}";
        List<Item> items = AnthropicConversation.fromJson(requestBody).items();
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.toJson(items));
        assertTrue(e.getMessage().startsWith("Invalid conversation: item 2, field 'type': a reasoning item made from an"
                + " Anthropic 'thinking' block has no Responses form: the Responses API takes reasoning only from OpenAI's"
                + " models, with the id they gave it. Write the conversation in the Anthropic Messages format, or drop the"
                + " reasoning items first. "), e.getMessage());
        assertThrows(InvalidConversationException.class, () -> ResponsesItems.checkWritable(items));
        // without the thinking, the assistant's text is string content
        List<Item> rest = items.stream().filter(i -> !(i instanceof Reasoning)).toList();
        assertEquals("{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Running them.\"}",
                ResponsesItems.toJsonNode(rest).get(2).toString());
    }

    @Test
    void generatedConversations() {
        List<Item> big = Conversations.generate(new Random(42), Conversations.options().turns(2_000, 2_000));
        assertEquals(big, Conversations.generate(new Random(42), Conversations.options().turns(2_000, 2_000)));
        assertEquals(2_000, Turns.turnStarts(big).size());
    }
}
