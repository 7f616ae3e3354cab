package io.github.compact4j.openai;

import static io.github.compact4j.openai.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import io.github.compact4j.openai.Fixtures.RecordingSleeper;
import io.github.compact4j.testing.OpenApiSpec;
import io.github.compact4j.testing.SchemaValidator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the client against OpenAI's OpenAPI document: every request body it puts on the wire
 * validates against {@code CompactResponseMethodPublicBody}, and the document's example answers
 * parse into the expected result.
 */
class CompactContractTest {

    private static final String BODY = "CompactResponseMethodPublicBody";

    private static OpenApiSpec spec;
    private static SchemaValidator validator;

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeAll
    static void loadSpec() {
        spec = OpenApiSpec.load();
        validator = new SchemaValidator(spec);
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    /** Sends the request through the client and returns the body the server received. */
    private JsonNode sent(CompactionRequest request) throws Exception {
        server.enqueue(ok(Fixtures.COMPACTED));
        Fixtures.client(server, sleeper).build().compact(request);
        return Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8());
    }

    private static void assertValid(JsonNode body) {
        List<String> errors = validator.validate(BODY, body);
        assertTrue(errors.isEmpty(), () -> "the body breaks " + BODY + ":\n" + String.join("\n", errors));
    }

    @Test
    void theRequestBodiesTheClientSendsMatchTheSchema() throws Exception {
        String everyKind = "["
                + "{\"role\":\"user\",\"content\":\"short form\"},"
                + "{\"type\":\"message\",\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"rules\"}]},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"look\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\",\"detail\":\"auto\"}]},"
                + "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"thinking\"}],"
                + "\"encrypted_content\":\"gAAAAB\"},"
                + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"done\",\"annotations\":[],\"logprobs\":[]}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"ls\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"a\\nb\"},"
                + "{\"type\":\"custom_tool_call\",\"call_id\":\"call_2\",\"name\":\"patch\",\"input\":\"*** Begin Patch\"},"
                + "{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_2\",\"output\":\"applied\"},"
                + "{\"type\":\"compaction\",\"id\":\"cmp_0\",\"encrypted_content\":\"gAAAAAold\"},"
                + "{\"type\":\"item_reference\",\"id\":\"msg_0\"}"
                + "]";
        List<Item> items = ResponsesItems.fromJson(everyKind);

        assertValid(sent(Fixtures.request()));
        assertValid(sent(CompactionRequest.builder().model("gpt-5.1-codex-max").items(items)
                .instructions("You are a coding agent.").promptCacheKey("k".repeat(64)).serviceTier("priority").build()));
        assertValid(sent(CompactionRequest.builder().model("a-model-the-enum-does-not-list").items(List.of())
                .previousResponseId("resp_123").build()));
        JsonNode full = sent(CompactionRequest.builder().model("gpt-5").items(items).serviceTier("flex").build());
        assertValid(full);
        assertTrue(validator.strictOneOfViolations() > 0,
                "typed messages match two branches of InputItem, which is why oneOf is checked as 'any'");
        assertEquals(items.size(), full.get("input").size());
        Iterator<String> fields = full.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            assertTrue(spec.properties(BODY).containsKey(field),
                    "the client sends only fields the schema declares, not '" + field + "'");
        }
    }

    @Test
    void theDocumentsOwnRequestExampleGoesThroughUnchanged() throws Exception {
        JsonNode example = Json.MAPPER.readTree(spec.compactRequestExample());
        assertValid(example);

        List<Item> items = ResponsesItems.fromJsonNode(example.get("input"));
        JsonNode body = sent(CompactionRequest.builder().model(example.get("model").asText()).items(items).build());
        assertEquals(example, body, "the items go out exactly as the document's example has them");
        assertValid(body);
    }

    @Test
    void theValidatorRejectsBodiesThatBreakTheSchema() throws Exception {
        Map<String, String> broken = Map.of(
                "{\"input\":[]}", "required property 'model' is missing",
                "{\"model\":\"gpt-5\",\"prompt_cache_key\":\"" + "k".repeat(65) + "\"}", "length 65 breaks maxLength 64",
                "{\"model\":\"gpt-5\",\"service_tier\":\"turbo\"}", "$.service_tier: matches none",
                "{\"model\":\"gpt-5\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\"}]}", "$.input: matches none",
                "{\"model\":\"gpt-5\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "$.input: matches none",
                "{\"model\":\"gpt-5\",\"input\":[{\"type\":\"compaction\"}]}", "$.input: matches none",
                "{\"model\":42}", "$.model: matches none",
                "{\"model\":\"gpt-5\",\"instructions\":[\"a\"]}", "$.instructions: matches none");
        for (Map.Entry<String, String> c : broken.entrySet()) {
            List<String> errors = validator.validate(BODY, Json.MAPPER.readTree(c.getKey()));
            assertFalse(errors.isEmpty(), "should be invalid: " + c.getKey());
            assertTrue(String.join("\n", errors).contains(c.getValue()), c.getKey() + " -> " + errors);
        }
    }

    @Test
    void theSchemasExampleAnswerParses() throws Exception {
        String json = Json.MAPPER.writeValueAsString(spec.schemaExample("CompactResource"));
        server.enqueue(ok(json));
        CompactionResult r = Fixtures.client(server, sleeper).build().compact(Fixtures.request());

        assertEquals(3, r.items().size());
        assertInstanceOf(Message.class, r.items().get(0));
        Compaction c = assertInstanceOf(Compaction.class, r.items().get(2));
        assertEquals("cmp_001", c.id().orElseThrow());
        assertEquals("encrypted-summary", c.encryptedContent());
        assertEquals(Usage.builder().inputTokens(42897).outputTokens(12000).totalTokens(54912).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), r.usage(), "details absent in the example: zeros");
        assertEquals(Json.MAPPER.readTree(json).get("output"), ResponsesItems.toJsonNode(r.items()),
                "the output comes back as it was sent");
    }

    @Test
    void thePathsExampleAnswerParses() throws Exception {
        String json = spec.compactResponseExample();
        server.enqueue(ok(json));
        CompactionResult r = Fixtures.client(server, sleeper).build().compact(Fixtures.request());

        assertEquals(2, r.items().size());
        assertEquals("msg_000", r.items().get(0).id().orElseThrow(), "a user message keeps its id");
        Compaction c = assertInstanceOf(Compaction.class, r.items().get(1));
        assertEquals(Json.MAPPER.readTree(json).at("/output/1/encrypted_content").textValue(), c.encryptedContent());
        assertEquals(Usage.builder().inputTokens(139).outputTokens(438).totalTokens(577).cachedInputTokens(0).reasoningTokens(64).modelCalls(1).build(), r.usage());
    }
}
