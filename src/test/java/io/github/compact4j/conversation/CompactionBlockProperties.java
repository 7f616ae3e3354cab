package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.ItemsJson;
import io.github.compact4j.testing.MultiFormatConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Anthropic conversations holding compaction blocks, placed where the API puts them (an assistant
 * message of its own, or the first block of an assistant message): they come back byte for byte,
 * and moving them to another provider replaces each block with a marked summary and changes
 * nothing else.
 */
class CompactionBlockProperties {

    @Property(tries = 80)
    void blocksRoundTripAndMoveToOtherProvidersAsSummariesWithNothingElseChanged(@ForAll("withBlocks") ObjectNode body) {
        AnthropicConversation c = AnthropicConversation.fromJsonNode(body);
        List<Item> items = c.items();
        assertEquals(body.toString(), c.withItems(items).toJson());
        assertBlocksSurviveTheJournal(items, body);

        List<Item> moved = CompactionBlock.withSummaries(items);
        assertEquals(items.size(), moved.size());
        for (int i = 0; i < items.size(); i++) {
            Item before = items.get(i);
            if (CompactionBlock.isBlock(before)) {
                Message m = (Message) moved.get(i);
                assertEquals(Message.USER, m.role());
                assertTrue(m.text().contains(CompactionBlock.of(before).orElseThrow().summary().strip()));
            } else {
                assertSame(before, moved.get(i), "item " + i + " is untouched");
            }
        }
        boolean otherBlocks = items.stream().anyMatch(it -> it instanceof OpaqueItem && !CompactionBlock.isBlock(it));
        if (!otherBlocks) {
            // Chat Completions has no form for server tool blocks; compaction blocks it writes as summaries
            assertEquals(ChatCompletionsMessages.toJson(moved), ChatCompletionsMessages.toJson(items));
        }
    }

    /** Through the JSON a journal keeps, the blocks keep every byte, wherever they are written. */
    private static void assertBlocksSurviveTheJournal(List<Item> items, ObjectNode body) {
        List<Item> back = ResponsesItems.fromJson(ItemsJson.of(items));
        List<String> before = blocks(body.get("messages"));
        List<String> after = blocks(AnthropicMessages.toConversation(back).messages());
        assertEquals(before, after);
        assertTrue(!before.isEmpty());
    }

    private static List<String> blocks(com.fasterxml.jackson.databind.JsonNode messages) {
        List<String> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode m : messages) {
            if (m.get("content").isArray()) {
                for (com.fasterxml.jackson.databind.JsonNode b : m.get("content")) {
                    if ("compaction".equals(b.path("type").asText())) {
                        out.add(b.toString());
                    }
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<ObjectNode> withBlocks() {
        return Arbitraries.randomValue(r -> {
            ObjectNode body = MultiFormatConversations.anthropicJson(r, 10, r.nextBoolean());
            ArrayNode messages = (ArrayNode) body.get("messages");
            int blocks = 1 + r.nextInt(2);
            for (int k = 0; k < blocks; k++) {
                ObjectNode block = block(r);
                List<Integer> assistants = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    if ("assistant".equals(messages.get(i).path("role").asText()) && messages.get(i).get("content").isArray()) {
                        assistants.add(i);
                    }
                }
                if (!assistants.isEmpty() && r.nextBoolean()) {
                    ((ArrayNode) messages.get(assistants.get(r.nextInt(assistants.size()))).get("content")).insert(0, block);
                } else {
                    ObjectNode own = Json.NODES.objectNode();
                    own.put("role", "assistant");
                    own.putArray("content").add(block);
                    messages.insert(r.nextInt(messages.size() + 1), own);
                }
            }
            return body;
        });
    }

    private static ObjectNode block(Random r) {
        ObjectNode b = Json.NODES.objectNode();
        b.put("type", "compaction");
        b.put("content", "<summary>" + MultiFormatConversations.text(r, 5, 60) + (r.nextBoolean() ? " é 😀 \"q\"" : "")
                + "</summary>");
        switch (r.nextInt(3)) {
            case 0 -> b.put("signature", "EvQB" + Long.toHexString(r.nextLong()) + "==");
            case 1 -> b.put("encrypted_content", "Eo8B" + Long.toHexString(r.nextLong()));
            default -> {
                b.put("signature", "EvQB" + Long.toHexString(r.nextLong()));
                ObjectNode change = b.putArray("tool_changes").addObject().put("type", "tool_addition");
                change.putObject("tool").put("type", "tool_reference").put("name", "grep");
            }
        }
        if (r.nextInt(3) == 0) {
            b.putObject("cache_control").put("type", "ephemeral");
        }
        return b;
    }
}
