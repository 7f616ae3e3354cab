package io.github.compact4j.mask;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a conversation without calling a model: tool outputs the agent has moved past are
 * replaced by a one-line placeholder that says what was there. It is deterministic, costs no
 * tokens and cannot fail on a well-formed conversation, which makes it the last resort of every
 * fallback chain and a cheap first step before a summary.
 *
 * <p>What it does, item by item; "old" means before the most recent {@link
 * Builder#keepRecentTurns(int) N turns} (see {@link Turns} for what a turn is):
 * <ul>
 *   <li>An old tool output of at least {@link Builder#minOutputTokens(int) minOutputTokens} tokens
 *       becomes a {@link Builder#placeholder(String) placeholder} naming the tool, the call id and
 *       the size of what was removed, e.g. {@value #DEFAULT_PLACEHOLDER}. The result item keeps its
 *       type, call id and every other field, so it still answers its call. Outputs whose
 *       structure must stay (screenshots, tool-search results; {@link
 *       ToolResult#canReplaceOutput()} is false) are left alone.</li>
 *   <li>An old reasoning item loses its {@code encrypted_content}; the item itself, with its id
 *       and summary, stays, because an assistant message replayed without its reasoning item is
 *       rejected. <b>Turn this off</b> ({@link Builder#dropOldEncryptedReasoning(boolean)}) for
 *       OpenAI conversations sent with {@code store=false} or under Zero Data Retention: there
 *       OpenAI can only read a reasoning item from its encrypted content and answers a 404 "Item
 *       with id 'rs_...' not found" when it is missing.</li>
 *   <li>A plain-text tool output over {@link Builder#maxOutputTokens(int) maxOutputTokens} tokens
 *       anywhere after the head, the recent turns included unless {@link
 *       Builder#truncateRecentOutputs(boolean) turned off}, keeps its beginning and its end, with
 *       a {@link Builder#truncationMarker(String) marker} in between saying how much was cut.</li>
 * </ul>
 *
 * <p><b>Aiming at a target.</b> When the request carries a {@link CompactionRequest#targetTokens()
 * target}, the changes above are applied oldest first and masking stops as soon as the
 * conversation is at or under it, so recent outputs stay whole when masking older ones is
 * enough; when every change is made and the conversation is still above the target, the note
 * says so. Without a target every change is made. Either way a result saving less than the
 * request's {@linkplain CompactionRequest#worthApplying(int, int) minimum} is not applied.
 *
 * <p>What it never does: remove, add or reorder an item; touch a message (system and developer
 * messages and the task included); touch the head ({@link Turns#headEnd}); touch the recent turns
 * other than by truncating oversized outputs. So no tool call loses its result and the item count
 * and order stay as they were. Masking a masked conversation again changes nothing, and no item
 * grows.
 *
 * <pre>{@code
 * ContextCompactor masking = ToolOutputMaskingCompactor.builder()
 *         .keepRecentTurns(3)          // the default
 *         .minOutputTokens(100)        // smaller outputs cost less than their placeholder
 *         .maxOutputTokens(8_000)      // truncate anything larger, even in recent turns
 *         .build();
 * CompactionResult r = masking.compact(CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max").items(history).build());
 * history = r.items();                 // r.tokensBefore() -> r.tokensAfter()
 * }</pre>
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class ToolOutputMaskingCompactor extends TracedCompactor {

    /** The strategy name this compactor reports: {@value}. */
    public static final String NAME = "masking";

    /**
     * The default placeholder. Variables: {@code {tool}} (the called tool's name),
     * {@code {call_id}}, {@code {tokens}}, {@code {lines}} and {@code {chars}} (the size of the
     * removed output).
     */
    public static final String DEFAULT_PLACEHOLDER =
            "[output of {tool} (call {call_id}) removed to save context: {tokens} tokens, {lines} lines;"
            + " run the tool again if you need it]";

    /**
     * The default truncation marker. Variables: {@code {cut_tokens}}, {@code {cut_lines}} (line
     * breaks cut), {@code {cut_chars}} and {@code {tokens}} (the whole output's size).
     */
    public static final String DEFAULT_TRUNCATION_MARKER =
            "[... {cut_tokens} of {tokens} tokens ({cut_lines} lines) cut here to save context ...]";

    /** Default of {@link Builder#keepRecentTurns(int)}. */
    public static final int DEFAULT_KEEP_RECENT_TURNS = 3;
    /** Default of {@link Builder#minOutputTokens(int)}. */
    public static final int DEFAULT_MIN_OUTPUT_TOKENS = 100;
    /** Default of {@link Builder#maxOutputTokens(int)}. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 8_000;

    static final Set<String> PLACEHOLDER_VARIABLES = Set.of("tool", "call_id", "tokens", "lines", "chars");

    private static final Logger log = LoggerFactory.getLogger(ToolOutputMaskingCompactor.class);

    private final int keepRecentTurns;
    private final int minOutputTokens;
    private final int maxOutputTokens;
    private final boolean truncateRecentOutputs;
    private final boolean dropOldEncryptedReasoning;
    private final Template placeholder;
    private final Template truncationMarker;
    private final HeadTailCut cutter;
    private final TokenCounter tokenCounter;

    private ToolOutputMaskingCompactor(Builder b) {
        this.keepRecentTurns = b.keepRecentTurns;
        this.minOutputTokens = b.minOutputTokens;
        this.maxOutputTokens = b.maxOutputTokens;
        this.truncateRecentOutputs = b.truncateRecentOutputs;
        this.dropOldEncryptedReasoning = b.dropOldEncryptedReasoning;
        this.placeholder = Template.parse("placeholder", b.placeholder, PLACEHOLDER_VARIABLES);
        this.truncationMarker = Template.parse("truncationMarker", b.truncationMarker, HeadTailCut.VARIABLES);
        this.cutter = new HeadTailCut(truncationMarker);
        this.tokenCounter = b.tokenCounter;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this compactor's settings, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keepRecentTurns = keepRecentTurns;
        b.minOutputTokens = minOutputTokens;
        b.maxOutputTokens = maxOutputTokens;
        b.truncateRecentOutputs = truncateRecentOutputs;
        b.dropOldEncryptedReasoning = dropOldEncryptedReasoning;
        b.placeholder = placeholder.source();
        b.truncationMarker = truncationMarker.source();
        b.tokenCounter = tokenCounter;
        return b;
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Masks the request's conversation. Never calls a model, so {@link CompactionResult#usage()}
     * is {@link Usage#NONE}; when nothing could be masked the result holds the same items and
     * {@link CompactionResult#note()} says why.
     *
     * @param request what to compact; not modified
     * @return the masked conversation, with the same number of items in the same order
     */
    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        int n = items.size();
        int head = Turns.headEnd(items);
        List<Integer> starts = Turns.turnStarts(items);
        int recentFrom;
        if (keepRecentTurns == 0) {
            recentFrom = n;
        } else if (starts.size() <= keepRecentTurns) {
            recentFrom = head;
        } else {
            recentFrom = starts.get(starts.size() - keepRecentTurns);
        }

        Tally tally = new Tally();
        // every change masking would make, oldest first; applied up to the target, if there is one
        List<Change> changes = new ArrayList<>();
        Map<String, ToolCall> calls = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            if (item instanceof ToolCall c) {
                calls.put(c.type() + '\u0000' + c.callId(), c);
            } else if (i >= head && item instanceof ToolResult r) {
                ToolCall call = calls.get(r.callType() + '\u0000' + r.callId());
                int maskedBefore = tally.masked;
                Item replaced = maskOrCut(r, call, i < recentFrom, counter, tally);
                if (replaced != r) {
                    changes.add(new Change(i, replaced, tally.masked > maskedBefore ? Kind.MASKED : Kind.TRUNCATED));
                }
            } else if (i >= head && i < recentFrom && dropOldEncryptedReasoning && item instanceof Reasoning rs
                    && rs.encryptedContent().isPresent()) {
                changes.add(new Change(i, rs.withoutEncryptedContent(), Kind.REASONING));
                tally.reasoningDropped++;
            }
        }

        int before = counter.count(items);
        String targetNote = null;
        OptionalInt target = request.targetTokens();
        if (target.isPresent() && !changes.isEmpty()) {
            int goal = target.getAsInt();
            int now = before;
            int applied = 0;
            while (applied < changes.size() && now > goal) {
                Change c = changes.get(applied++);
                now -= counter.count(items.get(c.index)) - counter.count(c.item);
            }
            if (now > goal) {
                targetNote = "masked everything it could and the conversation (" + now + " tokens) is still above the"
                        + " target of " + goal + "; a summary (the hybrid strategy) or a larger target would help";
            }
            changes = changes.subList(0, applied);
            tally.recount(changes);
        }
        List<Item> out = new ArrayList<>(items);
        for (Change c : changes) {
            out.set(c.index, c.item);
        }
        int after = tally.changed() ? counter.count(out) : before;
        String note;
        if (tally.changed()) {
            note = targetNote;
        } else if (target.isPresent() && before <= target.getAsInt()) {
            note = "nothing masked: the conversation (" + before + " tokens) is already at or under the target of "
                    + target.getAsInt();
        } else {
            note = explain(tally, n, head, recentFrom, starts.size());
        }
        if (tally.changed() && !request.worthApplying(before, after)) {
            note = "Unchanged: masking would save " + (before - after) + " of " + before + " tokens, below the minimum"
                    + " saving of " + request.minimumSaving(before) + " (the request's minSavingRatio "
                    + request.minSavingRatio() + ").";
            after = before;
            out = null;
        }
        // the call's success line carries the token figures; this one says what masking did
        if (log.isDebugEnabled()) {
            log.atDebug()
                    .addKeyValue("outputs_masked", tally.masked)
                    .addKeyValue("outputs_truncated", tally.truncated)
                    .addKeyValue("reasoning_stripped", tally.reasoningDropped)
                    .addKeyValue("recent_from", recentFrom)
                    .log("masking: {} outputs masked, {} truncated, {} reasoning items stripped; items from {} kept as"
                            + " the last {} turns", tally.masked, tally.truncated, tally.reasoningDropped, recentFrom,
                            keepRecentTurns);
        }
        return CompactionResult.builder()
                .items(out != null && tally.changed() ? out : items)
                .tokensBefore(before)
                .tokensAfter(after)
                .itemsBefore(n)
                .usage(Usage.NONE)
                .note(note);
    }

    /** @return the result to keep: {@code r} itself, its masked form, or its truncated form */
    private Item maskOrCut(ToolResult r, ToolCall call, boolean old, TokenCounter counter, Tally tally) {
        if (!r.canReplaceOutput()) {
            if (old) {
                tally.fixedShape.add(r.type());
            }
            return r;
        }
        String text = r.outputText();
        if (placeholder.isRendering(text)) {
            if (old) {
                tally.alreadyMasked++;
            }
            return r;
        }
        int tokens = counter.count(text);
        if (old) {
            tally.oldOutputs++;
            if (tokens >= minOutputTokens) {
                String masked = placeholder.render(Map.of(
                        "tool", call != null ? call.toolName() : "an unknown tool",
                        "call_id", r.callId(),
                        "tokens", Integer.toString(tokens),
                        "lines", Integer.toString(lines(text)),
                        "chars", Integer.toString(text.length())));
                // a placeholder only pays when it is smaller than what it replaces
                if (counter.count(masked) < tokens) {
                    tally.masked++;
                    return r.withOutputText(masked);
                }
            }
            tally.tooSmall++;
        }
        if ((old || truncateRecentOutputs) && tokens > maxOutputTokens && hasPlainTextOutput(r)) {
            var cut = cutter.cut(text, tokens, maxOutputTokens, counter);
            if (cut.isPresent()) {
                tally.truncated++;
                return r.withOutputText(cut.get());
            }
        }
        return r;
    }

    /**
     * Truncation keeps the rest of the output as it is, so it applies only where the output is
     * one string: a content-part array (with images) or shell chunks (stdout apart from stderr)
     * would lose their structure, which is acceptable for an old output but not a recent one.
     */
    private static boolean hasPlainTextOutput(ToolResult r) {
        String field = "program_output".equals(r.type()) ? "result" : "output";
        return r.field(field).map(JsonNode::isTextual).orElse(false);
    }

    private static int lines(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int breaks = HeadTailCut.lineBreaks(text, 0, text.length());
        return text.endsWith("\n") ? breaks : breaks + 1;
    }

    private String explain(Tally t, int n, int head, int recentFrom, int turns) {
        if (n == 0) {
            return "nothing to mask: the conversation is empty";
        }
        if (recentFrom <= head) {
            return "nothing to mask: the conversation has " + turns + " turn" + (turns == 1 ? "" : "s")
                    + " after its head and the last " + keepRecentTurns + " are kept verbatim";
        }
        List<String> why = new ArrayList<>();
        if (t.oldOutputs == 0 && t.alreadyMasked == 0 && t.fixedShape.isEmpty()) {
            why.add("there are no tool outputs before the last " + keepRecentTurns + " turns");
        }
        if (t.tooSmall > 0) {
            why.add(t.tooSmall + " tool output" + (t.tooSmall == 1 ? " is" : "s are")
                    + " too small to be worth a placeholder (minOutputTokens " + minOutputTokens + ")");
        }
        if (t.alreadyMasked > 0) {
            why.add(t.alreadyMasked + " tool output" + (t.alreadyMasked == 1 ? " is" : "s are") + " already masked");
        }
        if (!t.fixedShape.isEmpty()) {
            why.add("outputs of type " + String.join(", ", t.fixedShape) + " keep their structure");
        }
        if (!dropOldEncryptedReasoning) {
            why.add("encrypted reasoning is kept (dropOldEncryptedReasoning is off)");
        }
        return "nothing to mask: " + String.join("; ", why);
    }

    /** Names the settings; holds no conversation content. */
    @Override
    public String toString() {
        return "ToolOutputMaskingCompactor{keepRecentTurns=" + keepRecentTurns + ", minOutputTokens=" + minOutputTokens
                + ", maxOutputTokens=" + maxOutputTokens + ", truncateRecentOutputs=" + truncateRecentOutputs
                + ", dropOldEncryptedReasoning=" + dropOldEncryptedReasoning + "}";
    }

    private enum Kind { MASKED, TRUNCATED, REASONING }

    /** One item masking would replace, and with what. */
    private record Change(int index, Item item, Kind kind) {}

    /** What one call did, for the result's note and the log line. */
    private static final class Tally {
        int masked;
        int truncated;
        int reasoningDropped;
        int oldOutputs;
        int tooSmall;
        int alreadyMasked;
        final Set<String> fixedShape = new TreeSet<>();

        /** Counts only the changes that were applied, once a target cut the list short. */
        void recount(List<Change> applied) {
            masked = 0;
            truncated = 0;
            reasoningDropped = 0;
            for (Change c : applied) {
                switch (c.kind()) {
                    case MASKED -> masked++;
                    case TRUNCATED -> truncated++;
                    case REASONING -> reasoningDropped++;
                }
            }
        }

        boolean changed() {
            return masked + truncated + reasoningDropped > 0;
        }
    }

    /**
     * Builds a {@link ToolOutputMaskingCompactor}. Not thread-safe; the compactor it builds is.
     *
     * <pre>{@code
     * ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder()
     *         .keepRecentTurns(2)
     *         .placeholder("[{tool} output ({tokens} tokens) elided, call {call_id}]")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private int keepRecentTurns = DEFAULT_KEEP_RECENT_TURNS;
        private int minOutputTokens = DEFAULT_MIN_OUTPUT_TOKENS;
        private int maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
        private boolean truncateRecentOutputs = true;
        private boolean dropOldEncryptedReasoning = true;
        private String placeholder = DEFAULT_PLACEHOLDER;
        private String truncationMarker = DEFAULT_TRUNCATION_MARKER;
        private TokenCounter tokenCounter;

        private Builder() {}

        /**
         * How many of the most recent turns stay as they are (apart from truncation of oversized
         * outputs). The agent is usually still working with what it saw in them.
         *
         * @param turns 0 or more; default {@value ToolOutputMaskingCompactor#DEFAULT_KEEP_RECENT_TURNS}.
         *     0 masks every turn after the head
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder keepRecentTurns(int turns) {
            if (turns < 0) {
                throw new IllegalArgumentException("keepRecentTurns must be 0 or more, got " + turns);
            }
            this.keepRecentTurns = turns;
            return this;
        }

        /**
         * The smallest old output worth masking. A placeholder costs some 30 tokens, and a short
         * output ("ok", an exit code) tells the agent more than a placeholder would; an output is
         * also never replaced by a placeholder that is not smaller.
         *
         * @param tokens 0 or more; default {@value ToolOutputMaskingCompactor#DEFAULT_MIN_OUTPUT_TOKENS}
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder minOutputTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("minOutputTokens must be 0 or more, got " + tokens);
            }
            this.minOutputTokens = tokens;
            return this;
        }

        /**
         * The largest plain-text output kept whole: a larger one keeps its beginning and its end,
         * about half the budget each, and the result, marker included, fits this many tokens.
         *
         * @param tokens 1 or more; default {@value ToolOutputMaskingCompactor#DEFAULT_MAX_OUTPUT_TOKENS};
         *     {@link Integer#MAX_VALUE} turns truncation off
         * @return this
         * @throws IllegalArgumentException when less than 1
         */
        public Builder maxOutputTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be 1 or more (Integer.MAX_VALUE turns"
                        + " truncation off), got " + tokens);
            }
            this.maxOutputTokens = tokens;
            return this;
        }

        /**
         * Whether oversized outputs in the recent turns are truncated too (default true). On, one
         * huge output (a full log, a minified file) cannot keep the conversation over its window
         * by itself, but the agent loses the middle of an output it may still be reading; off,
         * the recent turns stay byte for byte as they were.
         *
         * @param truncate whether to truncate oversized outputs in the recent turns
         * @return this
         */
        public Builder truncateRecentOutputs(boolean truncate) {
            this.truncateRecentOutputs = truncate;
            return this;
        }

        /**
         * Whether old reasoning items lose their {@code encrypted_content} (default true). It is
         * often the largest part of a reasoning item and models do not reread reasoning from
         * earlier turns. Turn it off for OpenAI conversations sent with {@code store=false} or
         * under Zero Data Retention: OpenAI then resolves a reasoning item only through its
         * encrypted content and rejects one without it ("Item with id 'rs_...' not found").
         *
         * @param drop whether to drop the encrypted content of reasoning items outside the recent turns
         * @return this
         */
        public Builder dropOldEncryptedReasoning(boolean drop) {
            this.dropOldEncryptedReasoning = drop;
            return this;
        }

        /**
         * The text that replaces a masked output. Variables: {@code {tool}}, {@code {call_id}},
         * {@code {tokens}}, {@code {lines}}, {@code {chars}}. It needs some fixed wording besides
         * the variables: that is how a second masking pass recognises outputs it already masked.
         *
         * @param template the wording; default {@value ToolOutputMaskingCompactor#DEFAULT_PLACEHOLDER}
         * @return this
         * @throws IllegalArgumentException when it uses another variable or has no fixed wording
         */
        public Builder placeholder(String template) {
            Template.parse("placeholder", template, PLACEHOLDER_VARIABLES);
            this.placeholder = template;
            return this;
        }

        /**
         * The text put where a truncated output was cut. Variables: {@code {cut_tokens}},
         * {@code {cut_lines}}, {@code {cut_chars}}, {@code {tokens}} (the whole output's size).
         *
         * @param template the wording; default {@value ToolOutputMaskingCompactor#DEFAULT_TRUNCATION_MARKER}
         * @return this
         * @throws IllegalArgumentException when it uses another variable or has no fixed wording
         */
        public Builder truncationMarker(String template) {
            Template.parse("truncationMarker", template, HeadTailCut.VARIABLES);
            this.truncationMarker = template;
            return this;
        }

        /**
         * @param counter the counter for sizes and for the result's token figures, or null (the
         *     default) for {@link TokenCounter#forModel(String)} of the request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = counter;
            return this;
        }

        /** @return the compactor */
        public ToolOutputMaskingCompactor build() {
            return new ToolOutputMaskingCompactor(this);
        }
    }
}
