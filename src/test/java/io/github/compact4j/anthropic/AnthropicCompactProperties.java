package io.github.compact4j.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.testing.SdkJudges;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Over generated Anthropic conversations (thinking with signatures, server tools, cache_control,
 * calls still open at the end): the compaction never sends a tool_use without its tool_result,
 * never separates a pair across the cut, keeps the recent messages byte for byte behind the
 * block, and every body it sends is one anthropic-java accepts.
 */
class AnthropicCompactProperties {

    record Case(ObjectNode body, int keepRecentTokens) {}

    @Property(tries = 40)
    @StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void theCutKeepsToolPairsTogetherAndTheTailByteIdentical(@ForAll("cases") Case c) throws Exception {
        AnthropicConversation conversation = AnthropicConversation.fromJsonNode(c.body());
        List<Item> items = conversation.items();
        MockWebServer server = new MockWebServer();
        server.start();
        try {
            server.enqueue(AnthropicFixtures.ok(AnthropicFixtures.compacted()));
            CompactionResult r = AnthropicFixtures.client(server, new AnthropicFixtures.RecordingSleeper())
                    .keepRecentTokens(c.keepRecentTokens()).build()
                    .compact(AnthropicFixtures.request().items(items).minSavingRatio(0).build());
            if (server.getRequestCount() == 0) {
                Statistics.collect("no call");
                assertEquals(items, r.items(), "no call, no change");
                return;
            }
            RecordedRequest sent = server.takeRequest();
            String body = sent.getBody().readUtf8();
            SdkJudges.anthropicBetaBody(body);
            JsonNode sentMessages = Json.MAPPER.readTree(body).get("messages");
            List<Item> older = AnthropicMessages.fromJsonNode(sentMessages);
            assertEquals(List.of(), Turns.unpaired(older), "every tool_use sent has its tool_result, and no result is orphaned");

            List<Item> out = r.items();
            int block = CompactionBlock.lastIndexIn(out);
            Statistics.collect(block < 0 ? "not worth applying" : "compacted");
            if (block < 0) {
                // the summary would not have saved a token: the conversation comes back as it was
                assertEquals(items, out);
                assertTrue(r.note().orElseThrow().startsWith("Unchanged: the compaction saves"), r.note().orElseThrow());
                return;
            }
            assertEquals(1, out.stream().filter(CompactionBlock::isBlock).count());
            List<Item> tail = out.subList(block + 1, out.size());
            List<Item> suffix = items.subList(items.size() - tail.size(), items.size());
            for (int i = 0; i < tail.size(); i++) {
                assertSame(suffix.get(i), tail.get(i), "the tail is the request's own items");
            }
            Set<String> sentIds = callIds(older);
            for (String id : callIds(tail)) {
                assertTrue(!sentIds.contains(id), "call " + id + " is on both sides of the cut");
            }
            // the messages behind the block are the conversation's last messages, byte for byte
            ArrayNode original = conversation.messages();
            ArrayNode written = conversation.withItems(out).messages();
            assertEquals("assistant", written.get(0).get("role").textValue());
            for (int i = 1; i < written.size(); i++) {
                assertEquals(original.get(original.size() - written.size() + i).toString(), written.get(i).toString());
            }
            assertEquals(original.size() - (written.size() - 1), sentMessages.size(), "every message is sent or kept");
            SdkJudges.anthropicBetaMessages(written);
        } finally {
            server.shutdown();
            Statistics.coverage(cov -> cov.check("compacted").percentage(p -> p >= 50));
        }
    }


    private static Set<String> callIds(List<Item> items) {
        Set<String> ids = new HashSet<>();
        for (Item it : items) {
            if (it instanceof ToolCall call) {
                ids.add(call.callId());
            } else if (it instanceof ToolResult result) {
                ids.add(result.callId());
            }
        }
        return ids;
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<ObjectNode> bodies = Arbitraries.randomValue(r -> MultiFormatConversations.anthropicJson(r, 12, r.nextBoolean()));
        return Combinators.combine(bodies, Arbitraries.integers().between(0, 4_000)).as(Case::new);
    }
}
