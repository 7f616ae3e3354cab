package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.internal.Json;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testing.MultiFormatConversations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/native-compaction.md, compiled and run against a local server. */
class NativeCompactionDocTest {

    @Test
    void anthropicsOnDemandCompaction() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"type\":\"message\","
                    + "\"role\":\"assistant\",\"content\":[{\"type\":\"compaction\",\"content\":\"<summary>s</summary>\","
                    + "\"signature\":\"EvQB==\"}],\"stop_reason\":\"compaction\",\"usage\":{\"input_tokens\":0,"
                    + "\"output_tokens\":0}}"));
            String requestBody = MultiFormatConversations.anthropicJson(new Random(5), 14, false).toString();
            String toolsJson = "[{\"name\":\"shell\",\"input_schema\":{\"type\":\"object\"}}]";
            Map<String, String> env = Map.of("ANTHROPIC_API_KEY", "sk-ant-doc-0123456789abcdef");

            AnthropicCompactClient claude = AnthropicCompactClient.builder()
                    .apiKey(env.get("ANTHROPIC_API_KEY"))
                    .baseUrl(server.url("/").toString())   // the doc's https://api.anthropic.com
                    .keepRecentTokens(2_000)
                    .build();
            AnthropicConversation conversation = AnthropicConversation.fromJson(requestBody);
            CompactionResult result = claude.compact(CompactionRequest.builder()
                    .model("claude-sonnet-4-6")
                    .items(conversation.items())
                    .tools(toolsJson)
                    .build());
            AnthropicConversation next = conversation.withItems(result.items());
            String beta = String.join(",", next.requiredBetas());

            assertEquals("compact-2026-09-04", beta);
            assertEquals("anthropic-compact", result.strategy());
        }
    }

    @Test
    void serverSideCompaction(@TempDir Path dir) throws Exception {
        AtomicInteger told = new AtomicInteger();
        CompactionListener metrics = new CompactionListener() {
            @Override
            public void onServerCompaction(ServerCompactionEvent event) {
                told.incrementAndGet();
            }
        };
        BackendRegistry registry = BackendRegistry.builder().loadServices(false).build();
        Backend backend = Backend.builder().provider("anthropic").model("claude-sonnet-4-6")
                .apiKey("sk-ant-doc-0123456789abcdef").environment(Map.of()).build();
        ObjectNode body = Json.NODES.objectNode();

        ServerSideCompaction.Anthropic edits = ServerSideCompaction.anthropic()
                .model("claude-sonnet-4-6")
                .compact()
                .clearToolUses().keepToolUses(3)
                .build();
        body.set("context_management", edits.contextManagement());
        String betaHeader = edits.betaHeader();

        ManagedConversation convo = ManagedConversation.builder()
                .compactor(registry.compactorFor(backend))
                .model("claude-sonnet-4-6")
                .journal(CompactionJournal.jsonLines(dir.resolve("agent-a.journal.jsonl")))
                .listener(metrics)
                .build();
        convo.appendAll(AnthropicConversation.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":\"Go.\"}]}").items());
        String responseBody = "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"compaction\","
                + "\"content\":\"<summary>s</summary>\"},{\"type\":\"text\",\"text\":\"On it.\"}],\"stop_reason\":"
                + "\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":3}}";
        ArrayNode assistantMessages = Json.NODES.arrayNode();
        assistantMessages.addObject().put("role", "assistant").set("content", Json.MAPPER.readTree(responseBody).get("content"));
        convo.appendAll(AnthropicMessages.fromJsonNode(assistantMessages), ResponseMetadata.fromJson(responseBody));

        assertEquals("context-management-2025-06-27,compact-2026-01-12", betaHeader);
        assertEquals(1, told.get());
        assertEquals(2, convo.size());
        JsonNode cm = body.get("context_management");
        assertEquals(2, cm.get("edits").size());

        String openAi = ServerSideCompaction.openAi().model("gpt-5.1-codex-max").build().contextManagement().toString();
        Item trigger = ServerSideCompaction.compactionTrigger();
        assertTrue(openAi.startsWith("[{\"type\":\"compaction\",\"compact_threshold\":"), openAi);
        assertEquals("compaction_trigger", trigger.type());
        assertEquals(List.of("compact-2026-01-12"), convo.toAnthropic().requiredBetas());
    }
}
