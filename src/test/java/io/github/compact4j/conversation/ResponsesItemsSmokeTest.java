package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesItemsSmokeTest {

    @Test
    void roundTripKeepsEveryFieldNullAndNumberExactly() {
        String json = "[{\"role\":\"user\",\"content\":\"hi\",\"x\":null},"
                + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"ls\",\"arguments\":\"{}\",\"w\":1.10,\"z\":{\"a\":[1,2.000]}},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"a\\nb\"},"
                + "{\"type\":\"future_type\",\"id\":\"f1\"}]";
        List<Item> items = ResponsesItems.fromJson(json);
        assertEquals(json, ResponsesItems.toJson(items));
        assertInstanceOf(Message.class, items.get(0));
        assertInstanceOf(ToolCall.class, items.get(1));
        assertInstanceOf(ToolResult.class, items.get(2));
        assertInstanceOf(OpaqueItem.class, items.get(3));
        int tokens = TokenCounter.forModel("gpt-5").count(items);
        assertTrue(tokens > 10, "counted " + tokens);
        assertEquals(tokens, TokenCounter.forModel("gpt-5").count(items));
    }

    @Test
    void badItemNamesIndexAndField() {
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () ->
                ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"a\"},{\"type\":\"function_call\",\"call_id\":null,\"name\":\"x\",\"arguments\":\"{}\"}]"));
        assertEquals(1, e.itemIndex().getAsInt());
        assertEquals("call_id", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("item 1, field 'call_id': expected a string but found null"), e.getMessage());
        InvalidConversationException m = assertThrows(InvalidConversationException.class, () ->
                ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"a\"}, {\"role\": ]"));
        assertEquals(1, m.itemIndex().getAsInt());
    }
}
