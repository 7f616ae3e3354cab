package io.github.compact4j.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.RateLimitException;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.FallbackChain;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridCompactorTest {

    private static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    /** A task, then {@code steps} tool steps with outputs of about {@code outputWords} words, then an answer. */
    static List<Item> toolConversation(int steps, int outputWords) {
        List<Item> items = new ArrayList<>();
        items.add(Message.system("You are a coding agent."));
        items.add(Message.user("Find why the build fails on the staging branch."));
        for (int i = 0; i < steps; i++) {
            items.add(Message.assistant("Step " + i + ": running the tests of module " + i + "."));
            items.add(ToolCall.function("call_" + i, "shell", "{\"cmd\":\"mvn test -pl module-" + i + "\"}"));
            items.add(ToolResult.functionOutput("call_" + i, ("line " + i + " of the build output, nothing failed here\n")
                    .repeat(outputWords / 10)));
            items.add(Message.user("Go on with the next module."));
        }
        items.add(Message.assistant("Module 7 fails because the port 8123 is taken."));
        return items;
    }

    /** A chat without tools: masking finds nothing to do. */
    static List<Item> chat(int turns) {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Plan the conference with me."));
        for (int i = 0; i < turns; i++) {
            items.add(Message.assistant(("We could hold session " + i + " in room " + i + " in the afternoon. ").repeat(30)));
            items.add(Message.user("What about session " + (i + 1) + "?"));
        }
        return items;
    }

    static HybridCompactor hybrid(RecordingSummarizer summarizer) {
        return HybridCompactor.builder()
                .masking(ToolOutputMaskingCompactor.builder().tokenCounter(COUNTER).build())
                .summarizing(SummarizingFallbackCompactor.builder().summarizer(summarizer).keepRecentTokens(500)
                        .maxSummaryTokens(200).tokenCounter(COUNTER).build())
                .tokenCounter(COUNTER)
                .build();
    }

    private static CompactionRequest request(List<Item> items, int target) {
        return CompactionRequest.builder().model("gpt-4o").items(items).targetTokens(target).build();
    }

    @Test
    void theBuilderNeedsBothStepsAndRefusesNulls() {
        ContextCompactor masking = ToolOutputMaskingCompactor.builder().build();
        assertThrows(NullPointerException.class, () -> HybridCompactor.builder().masking(null));
        assertThrows(NullPointerException.class, () -> HybridCompactor.builder().summarizing(null));
        assertThrows(NullPointerException.class, () -> HybridCompactor.builder().tokenCounter(null));
        IllegalStateException noSummary = assertThrows(IllegalStateException.class,
                () -> HybridCompactor.builder().masking(masking).build());
        assertTrue(noSummary.getMessage().contains("summarizing step is required"), noSummary.getMessage());
        IllegalStateException noMask = assertThrows(IllegalStateException.class,
                () -> HybridCompactor.builder().summarizing(masking).build());
        assertTrue(noMask.getMessage().contains("masking step is required"), noMask.getMessage());
        HybridCompactor h = HybridCompactor.builder().masking(masking).summarizing(masking).build();
        assertSame(masking, h.masking());
        assertEquals("hybrid", h.name());
    }

    @Test
    void aTargetMaskingReachesIsReachedWithoutAModelCall() {
        List<Item> items = toolConversation(8, 600);
        int before = COUNTER.count(items);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        CompactionResult r = hybrid(summarizer).compact(request(items, before * 6 / 10));

        assertTrue(summarizer.requests.isEmpty());
        assertEquals(List.of("masking"), r.steps());
        assertTrue(r.tokensAfter() <= before * 6 / 10, r.toString());
        assertEquals(items.size(), r.items().size());
        assertEquals(0, r.usage().modelCalls());
        assertTrue(r.note().orElseThrow().startsWith("Masked only: masking brought the conversation from " + before),
                r.note().get());
    }

    @Test
    void aTargetMaskingCannotReachIsLeftToTheSummaryOfTheMaskedConversation() {
        List<Item> items = toolConversation(8, 600);
        int before = COUNTER.count(items);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        int target = before / 10;
        CompactionResult r = hybrid(summarizer).compact(request(items, target));

        assertEquals(List.of("masking", "summarizing"), r.steps());
        assertEquals(1, summarizer.requests.size());
        assertTrue(r.tokensAfter() <= target, r.toString());
        assertEquals(summarizer.tokensRead(), r.usage().inputTokens());
        String transcript = summarizer.requests.get(0).transcript();
        assertTrue(transcript.contains("removed to save context"), "the summarizer reads the masked outputs");
        for (int i = 0; i < 4; i++) {
            assertTrue(!transcript.contains("line " + i + " of the build output"), "not the original old output " + i);
        }
        assertTrue(r.note().orElseThrow().startsWith("Masked, then summarized"), r.note().get());
        assertSame(items.get(0), r.items().get(0));
        assertSame(items.get(items.size() - 1), r.items().get(r.items().size() - 1));
    }

    @Test
    void withoutATargetMaskingThatSavesTheMinimumIsEnough() {
        List<Item> items = toolConversation(8, 600);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        CompactionResult r = hybrid(summarizer).compact(request(items, 0));
        assertEquals(List.of("masking"), r.steps());
        assertTrue(summarizer.requests.isEmpty());
        assertTrue(r.note().orElseThrow().contains("at least the minimum saving of"), r.note().get());
    }

    @Test
    void aChatWithoutToolsIsSummarizedSinceMaskingFindsNothing() {
        List<Item> items = chat(12);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        CompactionResult r = hybrid(summarizer).compact(request(items, 0));
        assertEquals(List.of("summarizing"), r.steps());
        assertEquals(1, summarizer.requests.size());
        assertTrue(r.note().orElseThrow().startsWith("Summarized: masking changed nothing (nothing to mask"),
                r.note().get());
        assertTrue(r.tokensAfter() < r.tokensBefore());
    }

    @Test
    void alreadyUnderTheTargetNeitherStepRuns() {
        List<Item> items = toolConversation(3, 100);
        RecordingSummarizer summarizer = new RecordingSummarizer();
        CompactionResult r = hybrid(summarizer).compact(request(items, COUNTER.count(items)));
        assertSame(items.get(3), r.items().get(3));
        assertEquals(List.of(), r.steps());
        assertTrue(summarizer.requests.isEmpty());
        assertTrue(r.note().orElseThrow().contains("already at or under the target"), r.note().get());
    }

    @Test
    void aFailedSummaryFailsTheHybridAndAChainFallsBackToMasking() {
        List<Item> items = toolConversation(8, 600);
        String before = ResponsesItems.toJson(items);
        HybridCompactor h = HybridCompactor.builder()
                .masking(ToolOutputMaskingCompactor.builder().build())
                .summarizing(SummarizingFallbackCompactor.builder().keepRecentTokens(500).summarizer(req -> {
                    throw ApiErrors.forStatus(ApiErrors.fromResponse("Summary call failed", 429,
                            "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}"));
                }).build())
                .build();
        CompactionRequest request = request(items, 100);
        assertThrows(RateLimitException.class, () -> h.compact(request));
        assertEquals(before, ResponsesItems.toJson(items), "the caller keeps its conversation");

        CompactionResult r = FallbackChain.builder().then(h).then(ToolOutputMaskingCompactor.builder().build()).build()
                .compact(request);
        assertEquals("masking", r.strategy());
        assertTrue(r.fellBack());
    }

    @Test
    void aFirstStepThatMovesItemsIsRefused() {
        ContextCompactor dropsOne = new TracedCompactor() {
            @Override
            public String name() {
                return "drops-one";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                List<Item> out = r.items().subList(0, r.items().size() - 1);
                return CompactionResult.builder().items(out).itemsBefore(r.items().size());
            }
        };
        HybridCompactor h = HybridCompactor.builder().masking(dropsOne).summarizing(dropsOne).build();
        CompactionException e = assertThrows(CompactionException.class,
                () -> h.compact(request(toolConversation(4, 300), 10)));
        assertTrue(e.getMessage().contains("first step (drops-one) must keep every item in its place"), e.getMessage());
    }

    @Test
    void aSecondStepThatOrphansACallIsRefused() {
        ContextCompactor dropsAResult = new TracedCompactor() {
            @Override
            public String name() {
                return "drops-a-result";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                List<Item> out = new ArrayList<>(r.items());
                out.removeIf(i -> i instanceof ToolResult t && t.callId().equals("call_1"));
                return CompactionResult.builder().items(out).itemsBefore(r.items().size());
            }
        };
        HybridCompactor h = HybridCompactor.builder().masking(ToolOutputMaskingCompactor.builder().build())
                .summarizing(dropsAResult).build();
        CompactionException e = assertThrows(CompactionException.class,
                () -> h.compact(request(toolConversation(4, 300), 10)));
        assertTrue(e.getMessage().contains("separated a tool call from its result"), e.getMessage());
        assertTrue(e.getMessage().contains("call call_1"), e.getMessage());
    }

    @Test
    void theLogLinesSayWhatTheHybridDid() {
        List<Item> items = toolConversation(8, 600);
        try (LogCapture logs = new LogCapture(Level.DEBUG, "io.github.compact4j")) {
            CompactionResult r = hybrid(new RecordingSummarizer()).compact(request(items, COUNTER.count(items) / 10));
            ILoggingEvent own = logs.from(HybridCompactor.class.getName()).get(0);
            assertTrue(own.getFormattedMessage().startsWith("hybrid: masked, then summarized, "),
                    own.getFormattedMessage());
            assertTrue(own.getFormattedMessage().endsWith("1 summarizer call(s) reading " + r.usage().inputTokens()
                    + " tokens"), own.getFormattedMessage());
            assertEquals(r.traceId(), own.getMDCPropertyMap().get("compact4j.trace_id"));
            ILoggingEvent end = logs.from("io.github.compact4j.compaction").stream()
                    .filter(e -> e.getFormattedMessage().startsWith("compaction succeeded")).findFirst().orElseThrow();
            assertTrue(end.getFormattedMessage().startsWith("compaction succeeded: hybrid [masking > summarizing], "),
                    end.getFormattedMessage());
            Map<String, Object> kv = new java.util.HashMap<>();
            end.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
            assertEquals("masking > summarizing", kv.get("steps"));
        }
    }
}
