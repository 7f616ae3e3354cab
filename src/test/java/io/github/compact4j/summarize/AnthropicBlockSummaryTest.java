package io.github.compact4j.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic's readable compaction summary meets compact4j's own summaries. */
class AnthropicBlockSummaryTest {

    private static Item block(String summary) throws Exception {
        return CompactionBlock.item(Json.MAPPER.readTree("{\"type\":\"compaction\",\"content\":"
                + Json.NODES.textNode(summary) + ",\"signature\":\"EvQBsig==\"}"));
    }

    @Test
    void aBlockMovedToAnotherProviderIsASummaryMessageThisStrategyRecognises() throws Exception {
        Message m = CompactionBlock.of(block("<summary>Fixed module 3.</summary>")).orElseThrow().toSummaryMessage();
        assertTrue(SummaryMessage.isSummary(m));
        assertEquals("<summary>Fixed module 3.</summary>", SummaryMessage.summaryOf(m).orElseThrow());
        assertEquals(SummaryMessage.of("<summary>Fixed module 3.</summary>"), m, "the same marked message, word for word");
    }

    @Test
    void aBlockInTheMiddleIsRolledForwardAsThePreviousSummaryNotSummarizedAgain() throws Exception {
        FakeSummarizer summarizer = new FakeSummarizer();
        List<Item> items = new ArrayList<>();
        items.add(block("<summary>Earlier: fixed module 3.</summary>"));
        for (int i = 0; i < 12; i++) {
            items.add(Message.user("Step " + i + ": " + "run the build and read the log. ".repeat(40)));
            items.add(Message.assistant("Done with step " + i + ". " + "The log shows nothing new. ".repeat(40)));
        }
        CompactionResult r = SummarizingFallbackCompactor.builder().summarizer(summarizer).keepRecentTokens(500).build()
                .compact(CompactionRequest.builder().model("claude-sonnet-4-6").items(items).build());
        assertEquals("summarizing", r.strategy());
        assertEquals("<summary>Earlier: fixed module 3.</summary>",
                summarizer.requests.get(0).previousSummary().orElseThrow());
        assertFalse(summarizer.requests.get(0).userMessage().contains("anthropic_block"));
        assertFalse(r.items().stream().anyMatch(CompactionBlock::isBlock), "the block is replaced by the new summary");
    }
}
