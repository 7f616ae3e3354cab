package io.github.compact4j.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.summarize.SummaryMessage;
import io.github.compact4j.summarize.SummaryRejectedException;
import io.github.compact4j.summarize.SummaryRequest;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.ItemsJson;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The hybrid over generated conversations in the three formats, with the library's masking and
 * summarizing compactors as its steps and an in-process summarizer that records what it read.
 */
class HybridCompactorProperties {

    static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    /** Recent outputs are never truncated here, so the recent turns must come back byte for byte. */
    static ToolOutputMaskingCompactor masking(int keepTurns) {
        return ToolOutputMaskingCompactor.builder().keepRecentTurns(keepTurns).minOutputTokens(10)
                .truncateRecentOutputs(false).tokenCounter(COUNTER).build();
    }

    static SummarizingFallbackCompactor summarizing(Summarizer summarizer) {
        return SummarizingFallbackCompactor.builder().summarizer(summarizer).keepRecentTokens(3_000)
                .maxSummaryTokens(256).tokenCounter(COUNTER).build();
    }

    static HybridCompactor hybrid(int keepTurns, Summarizer summarizer) {
        return HybridCompactor.builder().masking(masking(keepTurns)).summarizing(summarizing(summarizer))
                .tokenCounter(COUNTER).build();
    }

    static CompactionRequest request(List<Item> items, int target) {
        return CompactionRequest.builder().model("gpt-4o").items(items).targetTokens(target).build();
    }

    @Property(tries = 150)
    void keepsTheInvariantsOfBothStepsInEveryFormat(@ForAll ConversationFormat format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 4) int keepTurns, @ForAll boolean withTarget,
            @ForAll @DoubleRange(min = 0.05, max = 1.1) double targetShare, @ForAll boolean openCallsAtEnd) {
        String json = format.generate(r, 14, openCallsAtEnd);
        List<Item> items = format.read(json);
        List<Item> caller = new ArrayList<>(items);
        String callerJson = ItemsJson.of(items);
        int before = COUNTER.count(items);
        int target = withTarget ? Math.max(1, (int) (before * targetShare)) : 0;
        CompactionRequest request = request(caller, target);
        RecordingSummarizer fake = new RecordingSummarizer();

        CompactionResult result;
        try {
            result = hybrid(keepTurns, fake).compact(request);
        } catch (SummaryRejectedException e) {
            // a middle so small that the summary is not smaller: the failure leaves everything as it was
            assertEquals(callerJson, ItemsJson.of(caller), "the caller's list is untouched");
            assertEquals(SummaryRejectedException.Reason.NOT_SMALLER, e.reason());
            Statistics.label("outcome").collect("summary rejected");
            return;
        }

        assertEquals(callerJson, ItemsJson.of(caller), "the caller's list is untouched");
        assertEquals(callerJson, ItemsJson.of(request.items()), "the request is untouched");
        assertEquals(HybridCompactor.NAME, result.strategy());
        assertEquals(before, result.tokensBefore());
        assertEquals(COUNTER.count(result.items()), result.tokensAfter());
        assertEquals(unpairedIds(items), unpairedIds(result.items()), "no tool call loses its result");
        assertEquals(unpairedIds(items), unpairedIds(format.read(format.write(result.items()))),
                "and none in the conversation's own format either");
        assertEquals(fake.requests.size(), result.usage().modelCalls());
        int recentFrom = recentFrom(items, keepTurns);

        // what the first step does on its own, with the same aim: the masked conversation
        CompactionResult maskOnly = masking(keepTurns).compact(request.toBuilder().minSavingRatio(0).build());
        boolean maskEnough = withTarget ? maskOnly.tokensAfter() <= target
                : request.worthApplying(before, maskOnly.tokensAfter());
        String outcome = withTarget && before <= target ? "already under the target"
                : maskEnough ? "masking was enough" : result.steps().isEmpty() ? "unchanged" : result.steps().toString();
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(c -> {
            c.check("masking was enough").percentage(p -> p > 10);
            c.check("[masking, summarizing]").percentage(p -> p > 10);
        });

        if (withTarget && before <= target) {
            assertEquals(items, result.items());
            assertTrue(fake.requests.isEmpty());
            assertEquals(List.of(), result.steps());
            return;
        }
        if (maskEnough) {
            assertTrue(fake.requests.isEmpty(), "the summarizer is never called when masking reached the target");
            assertEquals(0, result.usage().modelCalls());
            if (request.worthApplying(before, maskOnly.tokensAfter())) {
                assertEquals(List.of("masking"), result.steps());
                assertEquals(ItemsJson.of(maskOnly.items()), ItemsJson.of(result.items()));
                assertTrue(result.note().orElseThrow().startsWith("Masked only"), result.note().get());
            } else {
                assertEquals(items, result.items());
                assertEquals(List.of(), result.steps());
            }
            for (int j = recentFrom; j < items.size(); j++) {
                assertEquals(items.get(j).toJson(), result.items().get(j).toJson(), "recent item " + j);
            }
            return;
        }
        if (!result.steps().contains("summarizing")) {
            assertTrue(result.note().orElseThrow().contains("summary was not applied"), result.note().get());
            return;
        }

        // masked, then summarized: head, one summary, then the masked conversation's own items
        List<Item> out = result.items();
        int p = onlySummaryIndex(out);
        int tail = items.size() - (out.size() - p - 1);
        for (int i = 0; i < p; i++) {
            assertEquals(items.get(i).toJson(), out.get(i).toJson(), "head item " + i + " is the caller's");
        }
        for (int j = tail; j < items.size(); j++) {
            Item kept = out.get(p + 1 + j - tail);
            assertEquals(maskOnly.items().get(j).toJson(), kept.toJson(), "item " + j + " is as masking left it");
            if (j >= recentFrom) {
                assertEquals(items.get(j).toJson(), kept.toJson(), "recent item " + j + " is the caller's");
            }
        }
        assertTrue(Turns.safeCuts(items).get(tail), "the summary ends at a safe cut");
        assertEquals(fake.answers.get(fake.answers.size() - 1), SummaryMessage.summaryOf(out.get(p)).orElseThrow(),
                "the summary is the summarizer's last answer");
        assertEquals(maskOnly.tokensAfter() < before ? List.of("masking", "summarizing") : List.of("summarizing"),
                result.steps());
        checkFedTheMaskedConversation(fake, maskOnly.items());
        if (withTarget) {
            assertTrue(result.tokensAfter() <= target || result.note().orElseThrow().contains("above the target"),
                    () -> result.tokensAfter() + " > " + target + " without saying why: " + result.note());
        }
        assertTrue(result.note().orElseThrow().contains("summariz"), result.note().get());
    }

    @Property(tries = 120)
    void neverCallsTheSummarizerWhenMaskingReachesTheTarget(@ForAll ConversationFormat format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 3) int keepTurns, @ForAll @DoubleRange(min = 0, max = 1) double where) {
        List<Item> items = format.read(format.generate(r, 16, false));
        int before = COUNTER.count(items);
        int floor = masking(keepTurns).compact(request(items, 0).toBuilder().minSavingRatio(0).build()).tokensAfter();
        Assume.that(floor < before);
        // any target from what full masking reaches up to the conversation itself
        int target = floor + (int) Math.floor(where * (before - floor));
        RecordingSummarizer fake = new RecordingSummarizer();

        CompactionResult result = hybrid(keepTurns, fake).compact(request(items, target));

        assertTrue(fake.requests.isEmpty(), "masking reaches " + target + ": no summarizer call");
        assertEquals(0, result.usage().modelCalls());
        if (result.steps().isEmpty()) {
            // masking reaches the target, but by less than the minimum saving: nothing is applied
            assertEquals(items, result.items());
            if (target >= before) {
                assertTrue(result.note().orElseThrow().contains("already at or under the target"), result.note().get());
                return;
            }
            assertTrue(result.note().orElseThrow().contains("below the minimum saving"), result.note().get());
            int maskedTo = masking(keepTurns).compact(request(items, target).toBuilder().minSavingRatio(0).build())
                    .tokensAfter();
            assertTrue(before - maskedTo < request(items, target).minimumSaving(before), "only a small saving is refused");
        } else {
            assertEquals(List.of("masking"), result.steps());
            assertTrue(result.tokensAfter() <= target, () -> result.tokensAfter() + " > target " + target);
        }
        Statistics.label("steps").collect(result.steps().toString());
        Statistics.label("steps").coverage(c -> c.check("[masking]").percentage(p -> p > 50));
    }

    @Property(tries = 80)
    void theSummarizerReadsNoMoreThanSummarizingAloneWould(@ForAll ConversationFormat format, @ForAll Random r,
            @ForAll @DoubleRange(min = 0.05, max = 0.5) double targetShare) {
        List<Item> items = format.read(format.generate(r, 16, false));
        int target = Math.max(1, (int) (COUNTER.count(items) * targetShare));
        RecordingSummarizer forHybrid = new RecordingSummarizer();
        RecordingSummarizer alone = new RecordingSummarizer();

        CompactionResult h;
        try {
            h = hybrid(3, forHybrid).compact(request(items, target));
            summarizing(alone).compact(request(items, target));
        } catch (SummaryRejectedException e) {
            Assume.that(false); // a middle so small the summary is not smaller: nothing to compare
            return;
        }

        Assume.that(!forHybrid.requests.isEmpty() && !alone.requests.isEmpty());
        assertTrue(forHybrid.tokensRead() <= alone.tokensRead(), () -> "the hybrid's summarizer read "
                + forHybrid.tokensRead() + " tokens, summarizing alone " + alone.tokensRead());
        Statistics.label("hybrid reads less").collect(forHybrid.tokensRead() < alone.tokensRead());
        assertEquals(forHybrid.tokensRead(), h.usage().inputTokens(), "the result reports what the summarizer read");
    }

    // ---------------------------------------------------------------------------------------

    /** Every tool output the summarizer was given is the masked one, cut at most. */
    private static void checkFedTheMaskedConversation(RecordingSummarizer fake, List<Item> masked) {
        Map<String, String> maskedOutputs = new HashMap<>();
        for (Item it : masked) {
            if (it instanceof ToolResult tr && tr.canReplaceOutput()) {
                maskedOutputs.put(tr.callType() + " " + tr.callId(), tr.outputText());
            }
        }
        for (SummaryRequest call : fake.requests) {
            for (Item it : call.items()) {
                if (it instanceof ToolResult tr && tr.canReplaceOutput()) {
                    String m = maskedOutputs.get(tr.callType() + " " + tr.callId());
                    assertTrue(m != null, "a result of the masked conversation");
                    assertTrue(COUNTER.count(tr.outputText()) <= COUNTER.count(m),
                            "the summarizer gets the masked output of " + tr.callId() + ", not the original");
                }
            }
        }
    }

    static int recentFrom(List<Item> items, int keepTurns) {
        List<Integer> starts = Turns.turnStarts(items);
        if (keepTurns == 0) {
            return items.size();
        }
        return starts.size() <= keepTurns ? Turns.headEnd(items) : starts.get(starts.size() - keepTurns);
    }

    static List<String> unpairedIds(List<Item> items) {
        List<String> ids = new ArrayList<>();
        for (int i : Turns.unpaired(items)) {
            Item it = items.get(i);
            ids.add(it instanceof ToolResult r ? "result " + r.callId() : "call " + ((ToolCall) it).callId());
        }
        return ids;
    }

    static int onlySummaryIndex(List<Item> items) {
        int p = -1;
        for (int i = 0; i < items.size(); i++) {
            if (SummaryMessage.isSummary(items.get(i))) {
                assertEquals(-1, p, "exactly one summary message");
                p = i;
            }
        }
        assertTrue(p >= 0, "a summary message");
        return p;
    }
}
