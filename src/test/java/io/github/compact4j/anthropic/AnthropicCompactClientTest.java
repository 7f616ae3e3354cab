package io.github.compact4j.anthropic;

import static io.github.compact4j.anthropic.AnthropicFixtures.API_KEY;
import static io.github.compact4j.anthropic.AnthropicFixtures.MODEL;
import static io.github.compact4j.anthropic.AnthropicFixtures.SIGNATURE;
import static io.github.compact4j.anthropic.AnthropicFixtures.SUMMARY;
import static io.github.compact4j.anthropic.AnthropicFixtures.TOOLS;
import static io.github.compact4j.anthropic.AnthropicFixtures.client;
import static io.github.compact4j.anthropic.AnthropicFixtures.compacted;
import static io.github.compact4j.anthropic.AnthropicFixtures.conversation;
import static io.github.compact4j.anthropic.AnthropicFixtures.fieldNames;
import static io.github.compact4j.anthropic.AnthropicFixtures.json;
import static io.github.compact4j.anthropic.AnthropicFixtures.ok;
import static io.github.compact4j.anthropic.AnthropicFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.internal.Json;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicCompactClientTest {

    private MockWebServer server;
    private final AnthropicFixtures.RecordingSleeper sleeper = new AnthropicFixtures.RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void sendsTheOlderTurnsWithTheCompactionParameterAndKeepsTheRecentTurnsVerbatim() throws Exception {
        server.enqueue(ok(compacted()));
        AnthropicConversation before = conversation();
        ArrayNode original = before.messages();

        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build().compact(request().build());

        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.getMethod());
        assertEquals("/v1/messages", sent.getPath());
        assertEquals(API_KEY, sent.getHeader("x-api-key"));
        assertEquals("2023-06-01", sent.getHeader("anthropic-version"));
        assertEquals("compact-2026-09-04", sent.getHeader("anthropic-beta"));
        assertNull(sent.getHeader("Authorization"));
        assertEquals("application/json", sent.getHeader("Content-Type"));
        JsonNode body = json(sent);
        assertEquals(List.of("model", "max_tokens", "system", "messages", "tools", "compaction"), fieldNames(body));
        assertEquals(MODEL, body.get("model").textValue());
        assertEquals(AnthropicCompactClient.DEFAULT_MAX_TOKENS, body.get("max_tokens").intValue());
        assertEquals("You are a coding agent working in a Maven repository.", body.get("system").textValue());
        assertEquals(Json.MAPPER.readTree(TOOLS), body.get("tools"));
        assertEquals(Json.MAPPER.readTree("{\"type\":\"summarize\"}"), body.get("compaction"));
        // the first five messages, byte for byte: the task, two tool rounds with their results
        ArrayNode older = Json.NODES.arrayNode();
        for (int i = 0; i < 5; i++) {
            older.add(original.get(i));
        }
        assertEquals(older.toString(), body.get("messages").toString());

        assertEquals("anthropic-compact", r.strategy());
        List<Item> items = r.items();
        assertEquals(Message.SYSTEM, ((Message) items.get(0)).role());
        CompactionBlock block = CompactionBlock.of(items.get(1)).orElseThrow();
        assertEquals(SUMMARY, block.summary());
        assertEquals(SIGNATURE, block.signature().orElseThrow());
        AnthropicConversation after = before.withItems(items);
        ArrayNode expected = Json.NODES.arrayNode();
        expected.add(Json.MAPPER.readTree("{\"role\":\"assistant\",\"content\":[" + AnthropicFixtures.block(SUMMARY) + "]}"));
        for (int i = 5; i < original.size(); i++) {
            expected.add(original.get(i));
        }
        assertEquals(expected.toString(), after.messages().toString());
        assertEquals(before.system(), after.system());
        assertEquals(List.of("compact-2026-09-04"), after.requiredBetas());
        assertEquals(List.of(), before.requiredBetas());
        // compaction is billed in usage.iterations; the top-level figures are 0
        assertEquals(Usage.builder().inputTokens(5120 + 1024).outputTokens(410).cachedInputTokens(1024).build(), r.usage());
        assertEquals(List.of("req_011CompactOk"), r.requestIds());
        assertEquals(before.items().size(), r.itemsBefore());
        assertTrue(r.tokensAfter() < r.tokensBefore());
        assertEquals(TokenCounter.forModel(MODEL).count(items), r.tokensAfter());
        assertTrue(r.note().isEmpty(), "a compaction that went as planned needs no note");
    }

    @Test
    void compactionInstructionsThinkingVersionAndTheCallersOwnBetasAreSent() throws Exception {
        server.enqueue(ok(compacted()));
        client(server, sleeper).keepRecentTokens(200).maxTokens(20_000)
                .compactionInstructions("Keep every file path and test name.")
                .thinking("{\"type\":\"enabled\",\"budget_tokens\":4000}")
                .anthropicVersion("2026-10-21")
                .header("anthropic-beta", "context-1m-2025-08-07, compact-2026-09-04")
                .build().compact(request().build());
        RecordedRequest sent = server.takeRequest();
        assertEquals("compact-2026-09-04,context-1m-2025-08-07", sent.getHeader("anthropic-beta"));
        assertEquals(1, sent.getHeaders().values("anthropic-beta").size());
        assertEquals("2026-10-21", sent.getHeader("anthropic-version"));
        JsonNode body = json(sent);
        assertEquals(List.of("model", "max_tokens", "system", "messages", "tools", "thinking", "compaction"),
                fieldNames(body));
        assertEquals(20_000, body.get("max_tokens").intValue());
        assertEquals(Json.MAPPER.readTree("{\"type\":\"enabled\",\"budget_tokens\":4000}"), body.get("thinking"));
        assertEquals(Json.MAPPER.readTree("{\"type\":\"summarize\",\"instructions\":\"Keep every file path and test name.\"}"),
                body.get("compaction"));
    }

    @Test
    void theRequestsInstructionsAreTheSystemPromptAndNoToolsMeansNoToolsField() throws Exception {
        server.enqueue(ok(compacted()));
        List<Item> noSystem = conversation().items().subList(1, conversation().items().size());
        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build()
                .compact(request().items(noSystem).tools((String) null).instructions("Be brief.").build());
        JsonNode body = json(server.takeRequest());
        assertEquals(List.of("model", "max_tokens", "system", "messages", "compaction"), fieldNames(body));
        assertEquals("Be brief.", body.get("system").textValue());
        assertTrue(CompactionBlock.isBlock(r.items().get(0)), "the block heads a history without system messages");
    }

    @Test
    void callsStillWaitingForTheirResultsStayInTheTailWhateverTheBudget() throws Exception {
        server.enqueue(ok(compacted()));
        List<Item> items = new ArrayList<>(conversation().items());
        items.remove(items.size() - 1); // the last tool_use has no result yet
        CompactionResult r = client(server, sleeper).keepRecentTokens(0).build().compact(request().items(items).build());
        JsonNode messages = json(server.takeRequest()).get("messages");
        List<Item> sent = AnthropicMessages.fromJsonNode(messages);
        assertEquals(List.of(), io.github.compact4j.conversation.Turns.unpaired(sent), "no unanswered tool_use is sent");
        assertEquals("user", messages.get(messages.size() - 1).get("role").textValue());
        Item last = r.items().get(r.items().size() - 1);
        assertSame(items.get(items.size() - 1), last);
        assertTrue(last instanceof ToolCall);
    }

    @Test
    void aTargetShrinksTheVerbatimTail() throws Exception {
        server.enqueue(ok(compacted()));
        server.enqueue(ok(compacted()));
        AnthropicCompactClient c = client(server, sleeper).keepRecentTokens(100_000).build();
        CompactionResult wide = c.compact(request().build());
        assertEquals("Unchanged", wide.note().orElseThrow().substring(0, 9), "the whole conversation fits 100,000 tokens");
        assertEquals(0, server.getRequestCount(), "nothing to compact: no call");

        CompactionResult aimed = c.compact(request().targetTokens(AnthropicCompactClient.EXPECTED_SUMMARY_TOKENS + 120).build());
        assertEquals(1, server.getRequestCount());
        assertTrue(aimed.items().size() < conversation().items().size());
        assertTrue(CompactionBlock.isBlock(aimed.items().get(1)));
    }

    @Test
    void tooSmallASavingMakesNoCall() {
        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build()
                .compact(request().minSavingRatio(0.95).build());
        assertEquals(0, server.getRequestCount());
        assertEquals(conversation().items(), r.items());
        assertTrue(r.note().orElseThrow().contains("below the minimum saving"), r.note().orElseThrow());
        assertEquals(Usage.NONE, r.usage());
    }

    @Test
    void aSummaryThatSavesTooLittleLeavesTheConversationAsItWas() {
        String longSummary = "<summary>" + "Every detail of the session, written out at length. ".repeat(400) + "</summary>";
        server.enqueue(ok(AnthropicFixtures.message("[" + AnthropicFixtures.block(longSummary) + "]", "compaction")));
        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build().compact(request().build());
        assertEquals(conversation().items(), r.items());
        assertTrue(r.note().orElseThrow().startsWith("Unchanged: the compaction saves"), r.note().orElseThrow());
        assertEquals(List.of("req_011CompactOk"), r.requestIds());
        assertEquals(410, r.usage().outputTokens());
    }

    @Test
    void fromEnvReadsTheKeyAndTheBaseUrl() throws Exception {
        server.enqueue(ok(compacted()));
        AnthropicCompactClient c = AnthropicCompactClient.builder().fromEnv(Map.of("ANTHROPIC_API_KEY", API_KEY,
                "ANTHROPIC_BASE_URL", server.url("/gateway/").toString())).keepRecentTokens(200).build();
        c.compact(request().build());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/gateway/v1/messages", sent.getPath());
        assertEquals(API_KEY, sent.getHeader("x-api-key"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnthropicCompactClient.fromEnv(Map.of()));
        assertTrue(e.getMessage().contains("ANTHROPIC_API_KEY"), e.getMessage());
    }

    @Test
    void theBuilderFollowsTheContract() {
        AnthropicCompactClient.Builder b = AnthropicCompactClient.builder();
        assertThrows(IllegalArgumentException.class, () -> b.keepRecentTokens(-1));
        assertThrows(IllegalArgumentException.class, () -> b.maxTokens(0));
        assertThrows(IllegalArgumentException.class, () -> b.compactionInstructions("x".repeat(16_385)));
        assertThrows(IllegalArgumentException.class, () -> b.thinking("[1]"));
        assertThrows(IllegalArgumentException.class, () -> b.thinking("{not json"));
        assertThrows(IllegalArgumentException.class, () -> b.anthropicVersion(" "));
        assertThrows(IllegalArgumentException.class, () -> b.header("anthropic-version", "2024-01-01"));
        assertThrows(NullPointerException.class, () -> b.anthropicVersion(null));
        assertThrows(IllegalStateException.class, b::build);
        AnthropicCompactClient c = b.apiKey(API_KEY).compactionInstructions("secret plans").build();
        assertFalse(c.toString().contains(API_KEY));
        assertFalse(c.toString().contains("secret plans"));
        assertTrue(c.toString().contains("baseUrl=https://api.anthropic.com"), c.toString());
        assertEquals("anthropic-compact", c.name());
    }
}
