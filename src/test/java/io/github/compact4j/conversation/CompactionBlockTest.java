package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.SdkJudges;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionBlockTest {

    /** A conversation after Anthropic's threshold compaction fired inside a turn, and a signed block. */
    static final String SERVER_SIDE = "{\"system\":\"You are a coding agent.\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Fix the build.\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"compaction\",\"content\":\"<summary>Build fixed in"
            + " module 3.</summary>\",\"encrypted_content\":\"Eo8BCkYIBxgC\",\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"text\",\"text\":\"Running the full build now.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_7\",\"name\":\"shell\",\"input\":{\"cmd\":\"mvn verify\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_7\",\"content\":\"BUILD SUCCESS\"}]}]}";

    static final String SIGNED = "{\"type\":\"compaction\",\"content\":\"<summary>caf\\u00e9</summary>\","
            + "\"signature\":\"EvQBCkYIBRgC==\",\"tool_changes\":[{\"type\":\"tool_addition\",\"tool\":{\"type\":\"tool_reference\",\"name\":\"grep\"}}]}";

    @Test
    void aBlockInsideAnAssistantMessageIsReadAsItsOwnItemAndWrittenBackExactly() throws Exception {
        AnthropicConversation c = AnthropicConversation.fromJson(SERVER_SIDE);
        List<Item> items = c.items();
        assertEquals(6, items.size());
        CompactionBlock b = CompactionBlock.of(items.get(2)).orElseThrow();
        assertEquals("<summary>Build fixed in module 3.</summary>", b.summary());
        assertEquals("Eo8BCkYIBxgC", b.encryptedContent().orElseThrow());
        assertTrue(b.signature().isEmpty());
        assertEquals(CompactionBlock.THRESHOLD_BETA, b.requiredBeta());
        assertEquals(2, CompactionBlock.lastIndexIn(items));
        assertEquals(c.toJson(), AnthropicMessages.toConversation(items).toJson());
        assertEquals(c.toJson(), c.withItems(items).toJson());
        assertEquals(List.of("compact-2026-01-12"), c.requiredBetas());
        assertEquals(Json.MAPPER.readTree(SERVER_SIDE).toString().length(), c.toJson().length());
    }

    @Test
    void aSignedBlockMadeIntoAnItemIsAnAssistantMessageOfItsOwnByteForByte() throws Exception {
        JsonNode block = Json.MAPPER.readTree(SIGNED);
        Item item = CompactionBlock.item(block);
        CompactionBlock b = CompactionBlock.of(item).orElseThrow();
        assertEquals("<summary>café</summary>", b.summary());
        assertEquals("EvQBCkYIBRgC==", b.signature().orElseThrow());
        assertEquals(CompactionBlock.ON_DEMAND_BETA, b.requiredBeta());
        assertEquals(block, b.block());
        assertEquals(block.toString(), b.block().toString());
        AnthropicConversation c = AnthropicMessages.toConversation(List.of(item, Message.user("Go on.")));
        assertEquals("[{\"role\":\"assistant\",\"content\":[" + block + "]},{\"role\":\"user\",\"content\":\"Go on.\"}]",
                c.messages().toString());
        assertEquals(List.of("compact-2026-09-04"), c.requiredBetas());
        // through the JSON a journal keeps (each item's own), and back to Anthropic: still the same block
        List<Item> again = ResponsesItems.fromJson(io.github.compact4j.testing.ItemsJson.of(List.of(item, Message.user("Go on."))));
        assertEquals(c.messages().toString(), AnthropicMessages.toConversation(again).messages().toString());
        // anthropic-java reads it as a compaction block param with nothing the API would refuse
        assertTrue(SdkJudges.anthropicBetaBlock(block).asCompaction()._additionalProperties().isEmpty());
        SdkJudges.anthropicBetaMessages(c.messages());
    }

    @Test
    void onlyCompactionBlocksAreBlocks() throws Exception {
        assertThrows(InvalidConversationException.class,
                () -> CompactionBlock.item(Json.MAPPER.readTree("{\"type\":\"text\",\"text\":\"hi\"}")));
        assertFalse(CompactionBlock.isBlock(Message.user("<summary>x</summary>")));
        assertFalse(CompactionBlock.isBlock(ResponsesItems.itemFromJson(
                "{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAA\"}")));
        Item server = AnthropicMessages.fromJson("[{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\","
                + "\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}]}]").get(0);
        assertFalse(CompactionBlock.isBlock(server));
        assertEquals(-1, CompactionBlock.lastIndexIn(List.of(server)));
        assertEquals(List.of(), AnthropicConversation.fromJson("{\"messages\":[]}").requiredBetas());
    }

    @Test
    void anotherProviderGetsTheReadableSummaryAsAMarkedUserMessage() {
        List<Item> items = AnthropicConversation.fromJson(SERVER_SIDE).items();
        List<Item> portable = CompactionBlock.withSummaries(items);
        assertEquals(items.size(), portable.size());
        Message summary = (Message) portable.get(2);
        assertEquals(Message.USER, summary.role());
        assertTrue(summary.text().contains("<summary>Build fixed in module 3.</summary>"));
        for (int i = 0; i < items.size(); i++) {
            if (i != 2) {
                assertSame(items.get(i), portable.get(i));
            }
        }
        // Chat Completions writes the block the same way instead of refusing it
        String chat = ChatCompletionsMessages.toJson(items);
        assertEquals(ChatCompletionsMessages.toJson(portable), chat);
        SdkJudges.openAiInputItems(ResponsesItems.toJson(List.of(summary)));
        List<Item> none = List.of(Message.user("hi"));
        assertEquals(none, CompactionBlock.withSummaries(none));
    }

    @Test
    void toStringNamesTheShapeNotTheSummary() throws Exception {
        String s = CompactionBlock.item(Json.MAPPER.readTree(SIGNED)).toString() + CompactionBlock.of(
                CompactionBlock.item(Json.MAPPER.readTree(SIGNED))).orElseThrow();
        assertFalse(s.contains("café"), s);
        assertTrue(s.contains("signed=true"), s);
    }
}
