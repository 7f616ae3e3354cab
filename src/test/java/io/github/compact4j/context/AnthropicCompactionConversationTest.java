package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversation compacted by Anthropic, kept in a journal file, and rebuilt when a block goes bad. */
class AnthropicCompactionConversationTest {

    private static MockResponse compacted(String summary) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"msg_1\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"compaction\",\"content\":\"" + summary
                + "\",\"signature\":\"EvQB" + summary.length() + "==\"}],\"stop_reason\":\"compaction\",\"usage\":"
                + "{\"input_tokens\":0,\"output_tokens\":0,\"iterations\":[{\"type\":\"compaction\",\"input_tokens\":"
                + "4000,\"output_tokens\":90}]}}");
    }

    @Test
    void aTamperedBlockIsRebuiltFromTheJournalAndCompactedAgain(@TempDir Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(compacted("<summary>first</summary>"));
            server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                    .setBody("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"invalid"
                            + " signature in compaction block\",\"details\":{\"error_code\":\"compaction_signature_invalid\"}}}"));
            server.enqueue(compacted("<summary>again</summary>"));
            AnthropicCompactClient claude = AnthropicCompactClient.builder().apiKey("sk-ant-test-0123456789abcdef")
                    .baseUrl(server.url("/").toString()).keepRecentTokens(200).build();
            Path file = dir.resolve("agent.journal.jsonl");
            ManagedConversation c = ManagedConversation.builder().compactor(claude).model("claude-sonnet-4-6")
                    .journal(CompactionJournal.jsonLines(file))
                    .policy(CompactionPolicy.builder().minSavingRatio(0).build()).build();
            List<Item> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(Message.user("Step " + i + ": " + "check the logs of the build. ".repeat(30)));
                all.add(Message.assistant("Checked step " + i + ". " + "Nothing unusual in the logs. ".repeat(30)));
            }
            c.appendAll(all);

            CompactionResult first = c.compact();
            assertEquals("anthropic-compact", first.strategy());
            assertEquals("<summary>first</summary>", CompactionBlock.of(c.items().get(0)).orElseThrow().summary());
            assertEquals(List.of("compact-2026-09-04"), c.toAnthropic().requiredBetas());
            // the journal file holds the summarized turns, and the block's JSON goes nowhere else
            assertTrue(Files.readString(file).contains("Step 0"));

            CompactionResult second = c.compact();
            assertEquals("<summary>again</summary>", CompactionBlock.of(c.items().get(0)).orElseThrow().summary());
            assertEquals(1, c.items().stream().filter(CompactionBlock::isBlock).count());
            assertEquals(3, server.getRequestCount());
            String retried = server.takeRequest().getBody().readUtf8() + server.takeRequest().getBody().readUtf8();
            String rebuilt = server.takeRequest().getBody().readUtf8();
            assertTrue(retried.contains("<summary>first</summary>"), "the second request sent the first block");
            assertTrue(!rebuilt.contains("<summary>first</summary>") && rebuilt.contains("Step 0"),
                    "after the rebuild the originals go instead of the rejected block");
            assertEquals(ResponsesItems.toJson(all), ResponsesItems.toJson(c.originalItems()));
            assertTrue(second.tokensAfter() < second.tokensBefore());
            AnthropicConversation next = c.toAnthropic();
            assertEquals("assistant", next.messages().get(0).get("role").textValue());
        }
    }
}
