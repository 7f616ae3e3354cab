package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Losslessness at its edges, the streaming entry points, and immutability. */
class ResponsesItemsTest {

    private static final String CONVERSATION = "["
            + "{\"role\":\"developer\",\"content\":\"Be brief.\"},"
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"List the files\"},"
            + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\",\"detail\":\"low\"}]},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Listing\"}],\"encrypted_content\":\"gAAAAB\"},"
            + "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"ls\",\"arguments\":\"{\\\"path\\\":\\\".\\\"}\",\"status\":\"completed\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"README.md\\npom.xml\"},"
            + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":"
            + "[{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"Two files.\"}]}"
            + "]";

    @Test
    void stringContentAndPartArraysAreBothKeptAsTheyCame() {
        List<Item> items = ResponsesItems.fromJson(CONVERSATION);
        Message developer = (Message) items.get(0);
        assertEquals("message", developer.type());
        assertFalse(developer.has("type"), "the short form stays short");
        assertTrue(developer.hasStringContent());
        assertEquals(List.of(), developer.parts());
        assertEquals("Be brief.", developer.text());

        Message user = (Message) items.get(1);
        assertFalse(user.hasStringContent());
        assertEquals(List.of("input_text", "input_image"), user.parts().stream().map(ContentPart::type).toList());
        assertEquals("List the files", user.text());
        assertEquals("low", user.parts().get(1).toJsonNode().get("detail").textValue());

        Message answer = (Message) items.get(5);
        assertEquals("Two files.", answer.text());
        assertEquals("msg_1", answer.id().orElseThrow());
        assertEquals(CONVERSATION, ResponsesItems.toJson(items));
    }

    @Test
    void unknownTypesAndFieldsAndNullsAreKeptInOrder() {
        String json = "[{\"type\":\"hologram_call\",\"id\":\"hc_1\",\"zeta\":null,\"alpha\":{\"nested\":[null,true,false]}},"
                + "{\"type\":\"function_call\",\"future_field\":{\"x\":1},\"call_id\":\"c\",\"name\":\"n\",\"arguments\":\"\",\"caller\":null}]";
        List<Item> items = ResponsesItems.fromJson(json);
        OpaqueItem unknown = assertInstanceOf(OpaqueItem.class, items.get(0));
        assertEquals("hologram_call", unknown.type());
        assertTrue(unknown.has("zeta"));
        assertTrue(unknown.field("zeta").orElseThrow().isNull());
        assertFalse(unknown.has("absent"));
        assertEquals(List.of("type", "id", "zeta", "alpha"), fieldNames(unknown.toJsonNode()));
        ToolCall call = assertInstanceOf(ToolCall.class, items.get(1));
        assertEquals(1, call.field("future_field").orElseThrow().get("x").intValue());
        assertEquals(json, ResponsesItems.toJson(items));
    }

    @Test
    void decimalsKeepTheirSpellingAndExponentsKeepTheirValue() throws Exception {
        String exact = "[{\"type\":\"x\",\"n\":[1.10,0.000,-2.50,100,12345678901234567890123,3.141592653589793238462643383279]}]";
        assertEquals(exact, ResponsesItems.toJson(ResponsesItems.fromJson(exact)));

        // Exponent forms are parsed into BigDecimal exactly and written in its notation.
        String exponents = "[{\"type\":\"x\",\"n\":[2e3,1E-7,1.0e400,-0,-0.0]}]";
        String written = ResponsesItems.toJson(ResponsesItems.fromJson(exponents));
        assertEquals("[{\"type\":\"x\",\"n\":[2E+3,1E-7,1.0E+400,0,0.0]}]", written);
        JsonNode before = Json.MAPPER.readTree(exponents).get(0).get("n");
        JsonNode after = ResponsesItems.toJsonNode(ResponsesItems.fromJson(written)).get(0).get("n");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, before.get(i).decimalValue().compareTo(after.get(i).decimalValue()), "value " + i);
        }
        assertEquals(new BigDecimal("1.10"), ResponsesItems.fromJson(exact).get(0).field("n").orElseThrow().get(0).decimalValue());
    }

    @Test
    void unicodeIsKeptAndEscapesAreNormalised() {
        String raw = "[{\"role\":\"user\",\"content\":\"café 日本語 😀 \\\"q\\\" \\\\ \\n\\t\\u0001 \\u2028\"}]";
        assertEquals(raw.replace("\\u2028", "\u2028"), ResponsesItems.toJson(ResponsesItems.fromJson(raw)));
        assertEquals("café 日本語 😀 \"q\" \\ \n\t\u0001 \u2028", ((Message) ResponsesItems.fromJson(raw).get(0)).text());

        // Escapes of printable characters come back as the characters: same value, other spelling.
        String escaped = "[{\"role\":\"user\",\"content\":\"caf\\u00e9 \\/ \\ud83d\\ude00\"}]";
        assertEquals("[{\"role\":\"user\",\"content\":\"café / 😀\"}]",
                ResponsesItems.toJson(ResponsesItems.fromJson(escaped)));
    }

    @Test
    void aLoneSurrogateIsWrittenAsAnEscapeOnEveryPath() throws Exception {
        // a tool output cut in the middle of an emoji
        ToolResult cut = ToolResult.functionOutput("call_1", "ok \uD83D");
        String expected = "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok \\uD83D\"}";
        assertEquals(expected, cut.toJson());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(bytes)) {
            ResponsesItems.write(List.of(cut), g);
        }
        assertEquals("[" + expected + "]", bytes.toString(StandardCharsets.UTF_8));
        List<Item> back = ResponsesItems.fromJson(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals("ok \uD83D", ((ToolResult) back.get(0)).outputText());

        String lowFirst = "[{\"type\":\"x\",\"s\":\"\\udc00\\ud800\"}]";
        assertEquals("[{\"type\":\"x\",\"s\":\"\\uDC00\\uD800\"}]", ResponsesItems.toJson(ResponsesItems.fromJson(lowFirst)));
    }

    @Test
    void deepNestingAndEmptyArrays() {
        String deep = "[{\"type\":\"x\",\"d\":" + "[".repeat(900) + "{}" + "]".repeat(900) + "}]";
        assertEquals(deep, ResponsesItems.toJson(ResponsesItems.fromJson(deep)));

        assertEquals(List.of(), ResponsesItems.fromJson("[]"));
        assertEquals(List.of(), ResponsesItems.fromJson(" \n[ ]\n "));
        assertEquals("[]", ResponsesItems.toJson(List.of()));
        assertEquals(0, ResponsesItems.toJsonNode(List.of()).size());
        assertEquals(List.of(), ResponsesItems.fromJsonNode(Json.NODES.arrayNode()));
        String emptyParts = "[{\"role\":\"user\",\"content\":[]}]";
        assertEquals(emptyParts, ResponsesItems.toJson(ResponsesItems.fromJson(emptyParts)));
        assertEquals("", ((Message) ResponsesItems.fromJson(emptyParts).get(0)).text());
    }

    @Test
    void aDuplicateKeyKeepsItsLastValue() {
        // RFC 8259 leaves duplicate names undefined; Jackson, like most parsers, keeps the last
        assertEquals("[{\"type\":\"x\",\"a\":2}]",
                ResponsesItems.toJson(ResponsesItems.fromJson("[{\"type\":\"x\",\"a\":1,\"a\":2}]")));
    }

    @Test
    void jacksonsSizeLimitsAreReportedAsInvalidInput() {
        String tooDeep = "[{\"type\":\"x\",\"d\":" + "[".repeat(1000) + "]".repeat(1000) + "}]";
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJson(tooDeep));
        assertEquals(0, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        String longNumber = "[{\"type\":\"x\",\"n\":" + "9".repeat(1001) + "}]";
        e = assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJson(longNumber));
        assertTrue(e.getMessage().contains("Number value length"), e.getMessage());
    }

    @Test
    void whitespaceIsNotKeptButTheTreeIs() throws Exception {
        String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(CONVERSATION));
        List<Item> items = ResponsesItems.fromJson(pretty);
        assertEquals(CONVERSATION, ResponsesItems.toJson(items));
        assertEquals(Json.MAPPER.readTree(pretty), ResponsesItems.toJsonNode(items));
    }

    @Test
    void theLargestEncryptedContentTheSpecAllowsParses() {
        // CompactionSummaryItemParam.encrypted_content has maxLength 20971520
        String content = "A".repeat(20_971_520);
        String json = "[{\"type\":\"compaction\",\"encrypted_content\":\"" + content + "\"}]";
        List<Item> items = ResponsesItems.fromJson(json);
        assertEquals(20_971_520, ((Compaction) items.get(0)).encryptedContent().length());
    }

    @Test
    void streamsReadersNodesAndGeneratorsGiveTheSameItems() throws Exception {
        List<Item> fromString = ResponsesItems.fromJson(CONVERSATION);
        assertEquals(fromString, ResponsesItems.fromJson(new ByteArrayInputStream(CONVERSATION.getBytes(StandardCharsets.UTF_8))));
        assertEquals(fromString, ResponsesItems.fromJson(new StringReader(CONVERSATION)));
        ArrayNode tree = ResponsesItems.toJsonNode(fromString);
        assertEquals(Json.MAPPER.readTree(CONVERSATION), tree);
        assertEquals(fromString, ResponsesItems.fromJsonNode(tree));

        // write() streams into a request body that the caller is building
        StringWriter body = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("model", "gpt-5.1-codex-max");
            g.writeFieldName("input");
            ResponsesItems.write(fromString, g);
            g.writeEndObject();
        }
        assertEquals("{\"model\":\"gpt-5.1-codex-max\",\"input\":" + CONVERSATION + "}", body.toString());

        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(utf8)) {
            ResponsesItems.write(ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"naïve 😀\"}]"), g);
        }
        assertEquals("[{\"role\":\"user\",\"content\":\"naïve 😀\"}]", utf8.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aReaderOrStreamIsNotClosed() {
        boolean[] closed = {false};
        StringReader reader = new StringReader("[]") {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ResponsesItems.fromJson(reader);
        assertFalse(closed[0], "reader closed");
        ByteArrayInputStream in = new ByteArrayInputStream("[] ".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ResponsesItems.fromJson(in);
        assertFalse(closed[0], "stream closed");
    }

    @Test
    void changingTheNodesPassedInDoesNotChangeTheItems() {
        ArrayNode array = ResponsesItems.toJsonNode(ResponsesItems.fromJson(CONVERSATION));
        List<Item> items = ResponsesItems.fromJsonNode(array);
        ((ObjectNode) array.get(4)).put("output", "changed");
        ((ObjectNode) array.get(1).get("content").get(0)).put("text", "changed");
        array.removeAll();
        assertEquals(CONVERSATION, ResponsesItems.toJson(items));

        ObjectNode node = (ObjectNode) ResponsesItems.toJsonNode(items).get(3);
        Item call = ResponsesItems.fromJsonNode(node);
        node.put("name", "rm");
        assertEquals("ls", ((ToolCall) call).toolName());
    }

    @Test
    void changingTheNodesHandedOutDoesNotChangeTheItems() {
        List<Item> items = ResponsesItems.fromJson(CONVERSATION);
        items.get(4).toJsonNode().put("output", "changed");
        ((ObjectNode) ResponsesItems.toJsonNode(items).get(4)).put("output", "changed");
        ((ArrayNode) items.get(1).field("content").orElseThrow()).removeAll();
        ((ObjectNode) items.get(2).field("summary").orElseThrow().get(0)).put("text", "changed");
        ((Message) items.get(1)).parts().get(0).toJsonNode().put("text", "changed");
        assertEquals(CONVERSATION, ResponsesItems.toJson(items));
        assertThrows(UnsupportedOperationException.class, () -> items.set(0, items.get(1)));
        assertThrows(UnsupportedOperationException.class, () -> ((Message) items.get(1)).parts().clear());
    }

    @Test
    void withAndWithoutReturnNewItemsAndLeaveTheOriginal() {
        List<Item> items = ResponsesItems.fromJson(CONVERSATION);
        Item result = items.get(4);
        String before = result.toJson();

        Item marked = result.with("status", Json.NODES.textNode("completed"));
        assertNotEquals(result, marked);
        assertInstanceOf(ToolResult.class, marked);
        assertEquals(before, result.toJson());
        assertEquals(before.replace("}", ",\"status\":\"completed\"}"), marked.toJson());

        ObjectNode value = Json.NODES.objectNode().put("a", 1);
        Item withObject = result.with("extra", value);
        value.put("a", 2);
        assertEquals(1, withObject.field("extra").orElseThrow().get("a").intValue());

        assertTrue(result.with("note", null).field("note").orElseThrow().isNull());
        assertSame(result, result.without("absent"));
        Item bare = items.get(3).without("status");
        assertFalse(bare.has("status"));
        assertTrue(items.get(3).has("status"));

        Reasoning reasoning = (Reasoning) items.get(2);
        Reasoning plain = reasoning.withoutEncryptedContent();
        assertTrue(reasoning.encryptedContent().isPresent());
        assertTrue(plain.encryptedContent().isEmpty());
        assertSame(plain, plain.withoutEncryptedContent());

        Message user = (Message) items.get(1);
        assertEquals("short", user.withText("short").text());
        assertFalse(user.hasStringContent());

        ToolResult masked = ((ToolResult) result).withOutputText("[removed]");
        assertEquals("README.md\npom.xml", ((ToolResult) result).outputText());
        assertEquals("[removed]", masked.outputText());
        assertEquals("call_1", masked.callId());
    }

    @Test
    void withReclassifiesAndValidates() {
        Item opaque = ResponsesItems.itemFromJson("{\"type\":\"draft\",\"call_id\":\"c\",\"name\":\"n\",\"arguments\":\"{}\"}");
        assertInstanceOf(OpaqueItem.class, opaque);
        assertInstanceOf(ToolCall.class, opaque.with("type", Json.NODES.textNode("function_call")));

        Item call = ToolCall.function("call_9", "grep", "{}");
        InvalidConversationException e = assertThrows(InvalidConversationException.class, () -> call.without("call_id"));
        assertEquals("call_id", e.field().orElseThrow());
        assertTrue(e.itemIndex().isEmpty());
        e = assertThrows(InvalidConversationException.class, () -> call.with("arguments", Json.NODES.objectNode()));
        assertEquals("arguments", e.field().orElseThrow());
        assertTrue(e.getMessage().contains("expected a string but found an object"), e.getMessage());
    }

    @Test
    void factoriesBuildValidItemsAndRejectNulls() {
        assertEquals("{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}", Message.user("hi").toJson());
        assertEquals(Message.SYSTEM, Message.system("s").role());
        assertTrue(Message.developer("d").isInstruction());
        assertEquals(Message.ASSISTANT, Message.assistant("a").role());
        ToolCall call = ToolCall.function("call_1", "ls", "{}");
        assertEquals(call, ResponsesItems.itemFromJson(call.toJson()));
        ToolResult out = ToolResult.functionOutput("call_1", "x");
        assertEquals(out, ResponsesItems.itemFromJson(out.toJson()));
        assertEquals("function_call", out.callType());
        assertThrows(NullPointerException.class, () -> ToolCall.function(null, "ls", "{}"));
        assertThrows(NullPointerException.class, () -> ToolCall.function("c", "ls", null));
        assertThrows(NullPointerException.class, () -> ToolResult.functionOutput("c", null));
        assertThrows(NullPointerException.class, () -> Message.of(null, "x"));
    }

    @Test
    void equalityFollowsTheJsonAndToStringShowsNoContent() {
        Item a = ResponsesItems.itemFromJson("{\"role\":\"user\",\"content\":\"my password is hunter2\"}");
        Item b = ResponsesItems.itemFromJson("{\"role\":\"user\",\"content\":\"my password is hunter2\"}");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ResponsesItems.itemFromJson("{\"role\":\"user\",\"content\":\"other\"}"));
        assertFalse(a.toString().contains("hunter2"), a.toString());
        assertTrue(a.toString().contains("role=user"), a.toString());
        Item out = ToolResult.functionOutput("call_7", "AKIA-secret-output");
        assertFalse(out.toString().contains("AKIA"), out.toString());
        assertTrue(out.toString().contains("call_7"), out.toString());
    }

    @Test
    void anItemReferenceIsOpaqueWithTheSpecsDefaultType() {
        Item ref = ResponsesItems.itemFromJson("{\"id\":\"msg_123\"}");
        assertInstanceOf(OpaqueItem.class, ref);
        assertEquals("item_reference", ref.type());
        assertEquals("msg_123", ref.id().orElseThrow());
        assertEquals("{\"id\":\"msg_123\"}", ref.toJson());
        Item nullType = ResponsesItems.itemFromJson("{\"type\":null,\"role\":\"user\",\"content\":\"x\"}");
        assertEquals("message", nullType.type());
        assertInstanceOf(Message.class, nullType);
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
