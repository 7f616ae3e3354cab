package io.github.compact4j.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the snippets of docs/hybrid.md. */
class HybridDocTest {

    @Test
    void theHybridOnItsOwn() {
        RecordingSummarizer recording = new RecordingSummarizer();
        Summarizer summarizer = recording;
        List<Item> history = HybridCompactorTest.toolConversation(40, 2_000);
        int before = TokenCounter.forModel("claude-sonnet-4-5").count(history);

        ContextCompactor hybrid = HybridCompactor.builder()
                .masking(ToolOutputMaskingCompactor.builder().build())
                .summarizing(SummarizingFallbackCompactor.builder().summarizer(summarizer).build())
                .build();

        CompactionResult r = hybrid.compact(CompactionRequest.builder()
                .model("claude-sonnet-4-5").items(history).targetTokens(80_000).build());

        assertTrue(before > 80_000, "the example's conversation is larger than its target: " + before);
        assertEquals(List.of("masking"), r.steps());
        assertEquals(Usage.NONE, r.usage());
        assertTrue(r.note().orElseThrow().startsWith("Masked only: masking brought the conversation from " + before),
                r.note().get());
        assertTrue(recording.requests.isEmpty());
    }

    @Test
    void theRegistryBuildsItOnRequest() {
        Backend claude = Backend.builder().provider("anthropic").model("claude-sonnet-4-5")
                .apiKey("sk-ant-test-0123456789abcdef").environment(Map.of()).build();
        Backend gpt = Backend.builder().provider("openai").model("gpt-5.1").apiKey("sk-test-0123456789abcdef")
                .environment(Map.of()).build();

        BackendRegistry registry = BackendRegistry.builder().hybrid(true).build();

        assertEquals("chain[anthropic-compact>hybrid>masking]", registry.compactorFor(claude).name());
        assertEquals("chain[openai-compact>hybrid>masking]", registry.compactorFor(gpt).name());
        assertEquals("chain[anthropic-compact>summarizing>masking]", BackendRegistry.withDefaults().compactorFor(claude).name(),
                "not the default");
    }
}
