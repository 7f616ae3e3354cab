package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.OpenApiSpec;
import io.github.compact4j.testing.OpenApiSpec.Fill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every item kind of OpenAI's spec survives parse → serialize unchanged and lands in the right
 * {@link Item} subtype. The kinds and their instances come from the spec itself.
 */
class ResponsesItemsSpecTest {

    private static final OpenApiSpec SPEC = OpenApiSpec.load();

    /**
     * The library pairs calls with results by call id, so it asks for {@code call_id} even where an
     * input schema of the spec leaves it out (e.g. {@code function_call_output}); the instances
     * always carry it. Its absence is tested with the validation errors.
     */
    private static final Set<String> KEEP = Set.of("call_id");

    @Test
    void theSpecListsTheKindsWeExpect() {
        Set<String> names = SPEC.itemSchemaNames();
        // guards against a loader that silently finds nothing
        assertTrue(names.size() >= 45, "only " + names.size() + " item schemas: " + names);
        assertTrue(names.containsAll(List.of("EasyInputMessage", "OutputMessage", "FunctionToolCall",
                "FunctionCallOutputItemParam", "CustomToolCall", "ReasoningItem", "CompactionSummaryItemParam",
                "CompactionBody", "WebSearchToolCall", "MCPToolCall", "ItemReferenceParam")), names.toString());
    }

    @TestFactory
    Stream<DynamicTest> everyItemKindRoundTripsAndMapsToItsSubtype() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (String name : SPEC.itemSchemaNames()) {
            for (Fill fill : Fill.values()) {
                tests.add(DynamicTest.dynamicTest(name + " " + fill, () -> {
                    ObjectNode instance = SPEC.instance(name, fill, KEEP);
                    Item item = assertRoundTrip(instance);
                    Class<? extends Item> expected = expectedKind(name, instance);
                    assertInstanceOf(expected, item, name + " " + instance);
                    seen.add(expected);
                    checkAccessors(item, instance);
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("every subtype was produced", () -> assertEquals(
                Set.of(Message.class, ToolCall.class, ToolResult.class, Reasoning.class, Compaction.class, OpaqueItem.class),
                seen)));
        return tests.stream();
    }

    @Test
    void theCompactEndpointsRequestExampleRoundTrips() throws JsonProcessingException {
        JsonNode body = Json.MAPPER.readTree(SPEC.compactRequestExample());
        assertEquals("gpt-5.1-codex-max", body.get("model").textValue());
        List<Item> input = ResponsesItems.fromJsonNode(body.get("input"));
        assertEquals(2, input.size());
        Message user = assertInstanceOf(Message.class, input.get(0));
        assertEquals("message", user.type());
        assertTrue(user.hasStringContent());
        assertEquals("Create a simple landing page for a dog petting café.", user.text());
        Message answer = assertInstanceOf(Message.class, input.get(1));
        assertEquals("msg_001", answer.id().orElseThrow());
        assertEquals(Message.ASSISTANT, answer.role());
        assertEquals(List.of("output_text"), answer.parts().stream().map(ContentPart::type).toList());
        assertEquals(body.get("input"), ResponsesItems.toJsonNode(input));
        assertEquals(Json.MAPPER.writeValueAsString(body.get("input")), ResponsesItems.toJson(input));
    }

    @Test
    void theCompactEndpointsResponseExamplesRoundTrip() throws JsonProcessingException {
        JsonNode response = Json.MAPPER.readTree(SPEC.compactResponseExample());
        assertEquals("response.compaction", response.get("object").textValue());
        List<Item> output = ResponsesItems.fromJsonNode(response.get("output"));
        assertEquals(List.of(Message.class, Compaction.class), output.stream().map(Object::getClass).toList());
        assertEquals("gAAAAABpM0Yj-...=", ((Compaction) output.get(1)).encryptedContent());
        assertEquals(response.get("output"), ResponsesItems.toJsonNode(output));

        JsonNode example = SPEC.schemaExample("CompactResource");
        List<Item> kept = ResponsesItems.fromJson(Json.MAPPER.writeValueAsString(example.get("output")));
        assertEquals(List.of(Message.class, Message.class, Compaction.class),
                kept.stream().map(Object::getClass).toList());
        assertEquals("cmp_001", kept.get(2).id().orElseThrow());
        assertEquals(Json.MAPPER.writeValueAsString(example.get("output")), ResponsesItems.toJson(kept));
    }

    /** Parses the instance alone and in an array, and checks both come back byte for byte. */
    static Item assertRoundTrip(ObjectNode instance) throws JsonProcessingException {
        String json = Json.MAPPER.writeValueAsString(instance);
        Item item = ResponsesItems.itemFromJson(json);
        assertEquals(json, item.toJson());
        assertEquals(instance, Json.MAPPER.readTree(item.toJson()));
        assertEquals(instance, item.toJsonNode());
        assertEquals(item, ResponsesItems.fromJsonNode(instance));

        String array = "[" + json + "," + json + "]";
        List<Item> items = ResponsesItems.fromJson(array);
        assertEquals(List.of(item, item), items);
        assertEquals(array, ResponsesItems.toJson(items));
        return item;
    }

    /**
     * What the spec says an item is: messages by type or role, calls and results by having a call
     * id (results are the {@code *_output} kinds), reasoning and compaction by type, the rest
     * opaque. A new call kind in the spec that the library does not know fails here.
     */
    private static Class<? extends Item> expectedKind(String schema, ObjectNode instance) {
        JsonNode t = instance.get("type");
        String type = t != null && t.isTextual() ? t.textValue() : null;
        if (type == null) {
            return instance.has("role") ? Message.class : OpaqueItem.class;
        }
        boolean paired = SPEC.properties(schema).containsKey("call_id") || SPEC.required(schema).contains("call_id");
        return switch (type) {
            case "message" -> Message.class;
            case "reasoning" -> Reasoning.class;
            case "compaction" -> Compaction.class;
            default -> !paired ? OpaqueItem.class : type.endsWith("output") ? ToolResult.class : ToolCall.class;
        };
    }

    private static void checkAccessors(Item item, ObjectNode instance) {
        JsonNode t = instance.get("type");
        if (t != null && t.isTextual()) {
            assertEquals(t.textValue(), item.type());
        } else {
            // the short forms: a message without type, an item reference that is only an id
            assertEquals(item instanceof Message ? "message" : "item_reference", item.type());
        }
        JsonNode callId = instance.get("call_id");
        if (callId != null && callId.isTextual()) {
            String expected = callId.textValue();
            if (item instanceof ToolCall c) {
                assertEquals(expected, c.callId());
                assertEquals(c.type(), ToolResult.CALL_TYPES.get(c.resultType()));
            } else if (item instanceof ToolResult r) {
                assertEquals(expected, r.callId());
                assertEquals(r.type(), ToolCall.RESULT_TYPES.get(r.callType()));
            }
        }
        for (var it = instance.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertTrue(item.has(field), field);
            assertEquals(instance.get(field), item.field(field).orElseThrow());
        }
    }
}
