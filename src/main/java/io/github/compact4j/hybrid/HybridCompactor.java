package io.github.compact4j.hybrid;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masks first and summarizes only when masking is not enough: the cheap step does what it can,
 * and the model call, when one is needed, reads the masked conversation, which is smaller than
 * the original.
 *
 * <pre>{@code
 * ContextCompactor hybrid = HybridCompactor.builder()
 *         .masking(ToolOutputMaskingCompactor.builder().build())
 *         .summarizing(SummarizingFallbackCompactor.builder().summarizer(summarizer).build())
 *         .build();
 * CompactionResult r = hybrid.compact(CompactionRequest.builder()
 *         .model("claude-sonnet-4-5").items(history).targetTokens(80_000).build());
 * r.steps();   // [masking] when masking reached the target, [masking, summarizing] when it did not
 * }</pre>
 *
 * <p><b>What it does.</b> With a {@linkplain CompactionRequest#targetTokens() target}: nothing when
 * the conversation is already at or under it; otherwise the masking step aims at the target, and
 * when the masked conversation is at or under it the hybrid stops there, with no model call.
 * Otherwise the summarizing step compacts the masked conversation towards the same target.
 * Without a target, "enough" is the request's {@linkplain CompactionRequest#worthApplying(int, int)
 * minimum saving}: masking alone when it saves that much, masking then summarizing when it does
 * not. The minimum saving is judged on the whole: what masking saved counts towards it, so the
 * summarizing step is asked only for the rest.
 *
 * <p><b>What it keeps.</b> The invariants of its two steps: no tool call separated from its result
 * (the hybrid checks the summarizing step's result for it), the head and the items after the
 * summary exactly as the masking step left them, which is the caller's items in the head and
 * in the recent turns (masking may shorten an oversized recent output, see its
 * {@code truncateRecentOutputs}), and nothing the caller passed changed.
 *
 * <p><b>What it reports.</b> {@link CompactionResult#steps()} names the steps whose changes the
 * result holds, the {@linkplain CompactionResult#note() note} says what each did and why it
 * stopped, and {@link CompactionResult#usage()} is the summarizer's cost (none when masking was
 * enough).
 *
 * <p><b>Why it is given its steps.</b> Strategies never use one another, so the hybrid cannot
 * build a masking or summarizing compactor itself: it is handed two {@link ContextCompactor}s
 * (the registry builds them). The first must keep every item in its place, as masking does; the
 * second may replace a middle run of items, as summarizing does. See {@code docs/hybrid.md}.
 *
 * <p>Immutable and thread-safe when its steps are.
 */
public final class HybridCompactor extends TracedCompactor {

    /** The strategy name, in {@link CompactionResult#strategy()}: {@value}. */
    public static final String NAME = "hybrid";

    private static final Logger log = LoggerFactory.getLogger(HybridCompactor.class);

    private final ContextCompactor masking;
    private final ContextCompactor summarizing;
    private final TokenCounter tokenCounter;

    private HybridCompactor(Builder b) {
        this.masking = b.masking;
        this.summarizing = b.summarizing;
        this.tokenCounter = b.tokenCounter;
    }

    /** @return a new builder; both steps are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** @return the first step, which keeps every item in place */
    public ContextCompactor masking() {
        return masking;
    }

    /** @return the second step, run only when the first is not enough */
    public ContextCompactor summarizing() {
        return summarizing;
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        int before = counter.count(items);
        OptionalInt target = request.targetTokens();
        if (target.isPresent() && before <= target.getAsInt()) {
            return finish(Outcome.UNCHANGED, request, items, before, before, before, Usage.NONE, List.of(), List.of(),
                    "Unchanged: the conversation (" + before + " tokens) is already at or under the target of "
                            + target.getAsInt() + "; neither step ran.");
        }

        // 1. masking, aimed at the target; every token it saves counts towards the minimum saving of the whole
        CompactionRequest maskRequest = request.toBuilder().targetTokens(target.orElse(0)).minSavingRatio(0)
                .minSavingTokens(0).build();
        CompactionResult masked = masking.compact(maskRequest);
        List<Item> maskedItems = masked.items();
        checkInPlace(items, maskedItems);
        int afterMask = maskedItems.equals(items) ? before : counter.count(maskedItems);
        boolean maskSaved = afterMask < before;
        String maskWhy = masked.note().orElse("");
        boolean enough = target.isPresent() ? afterMask <= target.getAsInt() : request.worthApplying(before, afterMask);
        if (enough) {
            if (request.worthApplying(before, afterMask)) {
                String reached = target.isPresent() ? "at or under the target of " + target.getAsInt()
                        : "at least the minimum saving of " + request.minimumSaving(before);
                return finish(Outcome.MASKED, request, maskedItems, before, afterMask, afterMask, masked.usage(),
                        masked.requestIds(), List.of(masking.name()), "Masked only: masking brought the conversation"
                                + " from " + before + " to " + afterMask + " tokens, " + reached
                                + "; no summarizer was called.");
            }
            return finish(Outcome.UNCHANGED, request, items, before, afterMask, before, masked.usage(),
                    masked.requestIds(), List.of(), "Unchanged: masking reaches the target (" + afterMask
                            + " tokens) but saves " + (before - afterMask) + " of " + before + ", below the minimum"
                            + " saving of " + request.minimumSaving(before) + "; no summarizer was called.");
        }

        // 2. summarizing the masked conversation, towards the same target. It must save what the whole
        // still misses, and be worth a model call on its own: the request's minimum of what it is given.
        int stillNeeded = Math.max(0, request.minimumSaving(before) - (before - afterMask));
        CompactionRequest summaryRequest = request.toBuilder().items(maskedItems).targetTokens(target.orElse(0))
                .minSavingTokens(Math.max(request.minSavingTokens(), stillNeeded)).build();
        CompactionResult summarized = summarizing.compact(summaryRequest);
        Usage usage = masked.usage().plus(summarized.usage());
        List<String> requestIds = new ArrayList<>(masked.requestIds());
        requestIds.addAll(summarized.requestIds());
        List<Item> out = summarized.items();
        String summaryWhy = summarized.note().orElse("the summarizing step changed nothing");
        if (!out.equals(maskedItems)) {
            checkPairs(maskedItems, out);
            int after = counter.count(out);
            summaryWhy = "it would bring the conversation to " + after + " tokens, a saving below the minimum of "
                    + request.minimumSaving(before);
            if (request.worthApplying(before, after)) {
                List<String> steps = maskSaved ? List.of(masking.name(), summarizing.name()) : List.of(summarizing.name());
                String stop = target.isPresent() ? "above the target of " + target.getAsInt()
                        : "short of the minimum saving of " + request.minimumSaving(before);
                String first = maskSaved
                        ? "Masked, then summarized: masking brought the conversation from " + before + " to " + afterMask
                                + " tokens, " + stop
                        : "Summarized: masking changed nothing (" + trimPeriod(maskWhy) + ") and the conversation ("
                                + before + " tokens) was " + stop;
                return finish(Outcome.MASKED_THEN_SUMMARIZED, request, out, before, afterMask, after, usage, requestIds,
                        steps, first + "; summarizing the middle of the masked conversation brought it to " + after
                                + " tokens." + summarized.note().map(n -> " " + n).orElse(""));
            }
        }
        if (maskSaved && request.worthApplying(before, afterMask)) {
            return finish(Outcome.MASKED, request, maskedItems, before, afterMask, afterMask, usage, requestIds,
                    List.of(masking.name()), "Masked only: masking brought the conversation from " + before + " to "
                            + afterMask + " tokens" + (target.isPresent() ? ", above the target of " + target.getAsInt()
                                    : "") + "; the summary was not applied: " + summaryWhy);
        }
        return finish(Outcome.UNCHANGED, request, items, before, afterMask, before, usage, requestIds, List.of(),
                "Unchanged: masking saved " + (before - afterMask) + " of " + before + " tokens"
                        + (maskSaved ? "" : " (" + trimPeriod(maskWhy) + ")") + ", and the summary was not applied: "
                        + summaryWhy);
    }

    private enum Outcome { UNCHANGED, MASKED, MASKED_THEN_SUMMARIZED }

    private CompactionResult.Builder finish(Outcome outcome, CompactionRequest request, List<Item> items, int before,
            int masked, int after, Usage usage, List<String> requestIds, List<String> steps, String note) {
        if (log.isDebugEnabled()) {
            log.atDebug()
                    .addKeyValue("hybrid_outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("tokens_before", before)
                    .addKeyValue("tokens_masked", masked)
                    .addKeyValue("tokens_after", after)
                    .addKeyValue("target", request.targetTokens().orElse(0))
                    .addKeyValue("summarizer_input_tokens", usage.inputTokens())
                    .log("hybrid: {}, {} -> {} tokens after masking -> {} tokens{}", switch (outcome) {
                        case UNCHANGED -> "unchanged";
                        case MASKED -> "masked only";
                        case MASKED_THEN_SUMMARIZED -> "masked, then summarized";
                    }, before, masked, after, usage.modelCalls() == 0 ? "; no summarizer call"
                            : "; " + usage.modelCalls() + " summarizer call(s) reading " + usage.inputTokens() + " tokens");
        }
        return CompactionResult.builder()
                .items(items)
                .tokensBefore(before)
                .tokensAfter(after)
                .itemsBefore(request.items().size())
                .usage(usage)
                .requestIds(requestIds)
                .steps(steps)
                .note(note);
    }

    /** The first step must keep every item where it was, so that the second step's cuts are the caller's. */
    private void checkInPlace(List<Item> items, List<Item> masked) {
        boolean same = masked.size() == items.size();
        for (int i = 0; same && i < items.size(); i++) {
            same = items.get(i).getClass() == masked.get(i).getClass() && callId(items.get(i)).equals(callId(masked.get(i)));
        }
        if (!same) {
            throw new CompactionException("The hybrid's first step (" + masking.name() + ") must keep every item in"
                    + " its place, as masking does; it returned " + masked.size() + " items for " + items.size()
                    + " or moved one. Give the hybrid a masking compactor as its first step; the conversation was"
                    + " left as it was");
        }
    }

    /** No tool call or result may lose its partner in the summarizing step. */
    private void checkPairs(List<Item> in, List<Item> out) {
        List<String> was = unpairedIds(in);
        List<String> now = unpairedIds(out);
        if (!was.equals(now)) {
            throw new CompactionException("The hybrid's second step (" + summarizing.name() + ") separated a tool call"
                    + " from its result (unpaired before: " + was + ", after: " + now + "); the conversation was"
                    + " left as it was");
        }
    }

    private static List<String> unpairedIds(List<Item> items) {
        List<String> ids = new ArrayList<>();
        for (int i : Turns.unpaired(items)) {
            Item it = items.get(i);
            ids.add(it instanceof ToolResult r ? "result " + r.callId() : "call " + ((ToolCall) it).callId());
        }
        return ids;
    }

    private static String callId(Item it) {
        if (it instanceof ToolCall c) {
            return c.callId();
        }
        return it instanceof ToolResult r ? r.callId() : "";
    }

    private static String trimPeriod(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** Names its steps; holds no conversation content. */
    @Override
    public String toString() {
        return "HybridCompactor{masking=" + masking + ", summarizing=" + summarizing + "}";
    }

    /**
     * Builds a {@link HybridCompactor}. Not thread-safe; the compactor it builds is.
     *
     * <pre>{@code
     * HybridCompactor hybrid = HybridCompactor.builder()
     *         .masking(ToolOutputMaskingCompactor.builder().build())
     *         .summarizing(SummarizingFallbackCompactor.builder().summarizer(summarizer).build())
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private ContextCompactor masking;
        private ContextCompactor summarizing;
        private TokenCounter tokenCounter;

        private Builder() {}

        /**
         * @param masking the first step: a compactor that keeps every item in its place and costs
         *     nothing, normally a {@code ToolOutputMaskingCompactor} (required)
         * @return this
         */
        public Builder masking(ContextCompactor masking) {
            this.masking = Objects.requireNonNull(masking, "masking");
            return this;
        }

        /**
         * @param summarizing the second step, run on the masked conversation when masking is not
         *     enough: normally a {@code SummarizingFallbackCompactor} (required)
         * @return this
         */
        public Builder summarizing(ContextCompactor summarizing) {
            this.summarizing = Objects.requireNonNull(summarizing, "summarizing");
            return this;
        }

        /**
         * @param counter counts the tokens the hybrid compares with the target and reports; by
         *     default {@link TokenCounter#forModel(String)} of the request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * @return the compactor
         * @throws IllegalStateException when a step is missing
         */
        public HybridCompactor build() {
            if (masking == null) {
                throw new IllegalStateException("the masking step is required: HybridCompactor.builder()"
                        + ".masking(ToolOutputMaskingCompactor.builder().build())");
            }
            if (summarizing == null) {
                throw new IllegalStateException("the summarizing step is required: HybridCompactor.builder()"
                        + ".summarizing(SummarizingFallbackCompactor.builder().summarizer(...).build())");
            }
            return new HybridCompactor(this);
        }
    }
}
