package io.github.compact4j.summarize;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.logging.CallEvents;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a conversation on any backend by summarizing its middle with an LLM: the head (system
 * and developer messages and the first user message, the task) and the most recent turns stay
 * word for word, and everything between them becomes one summary message.
 *
 * <pre>{@code
 * ContextCompactor compactor = SummarizingFallbackCompactor.builder()
 *         .summarizer(mySummarizer)            // any Summarizer
 *         .keepRecentTokens(20_000)            // the recent turns kept verbatim
 *         .build();
 * CompactionResult r = compactor.compact(CompactionRequest.builder().model("claude-sonnet-4-5").items(items).build());
 * }</pre>
 *
 * <p><b>How it cuts.</b> The head is {@link Turns#headEnd(List)}. The tail is the longest run of
 * most recent items that fits {@code keepRecentTokens}, counted with the {@link TokenCounter}, or
 * less when the request carries a {@linkplain CompactionRequest#targetTokens() target}: then the
 * tail gets what the target leaves after the head and a full-size summary, so the result lands
 * at or under the target whenever the head fits in it. Both
 * cuts fall only on {@link Turns#safeCuts(List)}: never between a tool call and its result, never
 * after a reasoning item, never inside a Chat Completions or Anthropic message that became several
 * items. So the result has no orphaned call or result, and its head and tail are the request's
 * items, unchanged. Calls of the last turn still waiting for their results are always in the tail,
 * even past the budget, so the results the app sends next find their calls.
 *
 * <p><b>What the summarizer gets.</b> The middle, as a transcript. A summary left by an earlier
 * compaction ({@link SummaryMessage}) is not summarized again: it is handed over as the previous
 * summary, so repeated compactions roll one summary forward; so is the readable summary of an
 * Anthropic compaction block. An OpenAI compaction item cannot be
 * read by anyone but OpenAI; the transcript says so where it stood and the result's
 * {@link CompactionResult#note() note} repeats it. Tool outputs longer than
 * {@code maxToolOutputTokens} are cut to their beginning and end first. When the middle does not
 * fit the summarizer's window, it goes in parts, each call carrying the running summary forward.
 *
 * <p><b>Checks.</b> A summary that is empty, or cut off by the output limit (retried once with
 * twice the budget), or not smaller than the turns it replaces, is refused with a
 * {@link SummaryRejectedException}: the caller keeps its history, a fallback chain moves on. When
 * the saving would be below {@code minSavingRatio} / {@code minSavingTokens}, the conversation
 * comes back unchanged with a note saying why, and no model is called when that is clear
 * beforehand.
 *
 * <p><b>Formats.</b> The result holds the head, one {@link SummaryMessage} (a {@code user}
 * message, for the reasons given there) and the tail. A conversation read with
 * {@code ChatCompletionsMessages} or {@code AnthropicMessages} goes back to its format with the same
 * codec, head and tail byte for byte:
 * <pre>{@code
 * List<Item> items = ChatCompletionsMessages.fromJson(messagesJson);
 * String compacted = ChatCompletionsMessages.toJson(compactor.compact(request(items)).items());
 * }</pre>
 *
 * <p>Thread-safe; the request is never modified.
 */
public final class SummarizingFallbackCompactor extends TracedCompactor {

    /** The strategy name, in {@link CompactionResult#strategy()}. */
    public static final String NAME = "summarizing";

    /** Default output budget of a summary, in tokens. */
    public static final int DEFAULT_MAX_SUMMARY_TOKENS = 4_096;

    /** Default size of the recent turns kept verbatim, in tokens. */
    public static final int DEFAULT_KEEP_RECENT_TOKENS = 20_000;

    /** Default window of the summarizer model, in tokens, when none is given. */
    public static final int DEFAULT_SUMMARIZER_CONTEXT_WINDOW = 128_000;

    /** Default cap on one tool output fed to the summarizer, in tokens. */
    public static final int DEFAULT_MAX_TOOL_OUTPUT_TOKENS = 2_000;

    /** Cap on the opening task message given to the summarizer for context, in tokens. */
    static final int MAX_TASK_TOKENS = 2_000;

    /**
     * The default instructions for the summarizer model: a hand-off summary another model can
     * resume the work from. Replace them with {@link Builder#prompt(String)}.
     */
    public static final String DEFAULT_PROMPT = """
            You write hand-off notes for AI agents. An agent has been working on a task in a long \
            conversation. The older part of that conversation is about to be removed from its context and \
            replaced by your note; the agent (or another model, with no memory of the removed part) will go \
            on working from your note and the most recent turns, which it still sees.

            Write the note so the work can continue without asking again and without redoing anything. \
            Use these sections, and leave out a section only when there is nothing for it:

            1. Task and constraints: what the user wants, in their terms; the requirements, preferences \
            and limits they set, and any they changed along the way.
            2. Decisions: what was decided and why, including approaches tried and dropped.
            3. Work done: what was changed or produced, naming files, functions and other artifacts, and \
            the commands run with what they showed.
            4. Facts to keep: exact values that must not be lost, such as identifiers, paths, URLs, numbers, \
            versions, names, error codes, and the user's own wording where it matters.
            5. Errors: what failed, the error message, and whether and how it was fixed.
            6. Current state and next steps: where the work stands now, what remains, and what was about \
            to happen next.

            Rules: state facts; do not retell the conversation turn by turn. Copy exact strings exactly. \
            Leave out greetings, repeated tool output, and anything later turns superseded. When a previous \
            summary is given, merge it and the new turns into one updated note: keep what still holds, \
            update what changed, drop what no longer matters. When part of the history could not be read, \
            say so. Be brief: the fewest words that keep every fact. Reply with the note only.""";

    private static final Logger log = LoggerFactory.getLogger(SummarizingFallbackCompactor.class);

    private final Summarizer summarizer;
    private final int keepRecentTokens;
    private final String prompt;
    private final int maxSummaryTokens;
    private final int chunkTokens;
    private final int maxToolOutputTokens;
    private final TokenCounter tokenCounter;
    private final int summarizerContextWindow;

    private SummarizingFallbackCompactor(Builder b) {
        this.summarizer = b.summarizer;
        this.keepRecentTokens = b.keepRecentTokens;
        this.prompt = b.prompt;
        this.maxSummaryTokens = b.maxSummaryTokens;
        this.chunkTokens = b.chunkTokens;
        this.maxToolOutputTokens = b.maxToolOutputTokens;
        this.tokenCounter = b.tokenCounter;
        this.summarizerContextWindow = b.summarizerContextWindow;
    }

    /** @return a new builder; {@link Builder#summarizer(Summarizer)} is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        int n = items.size();
        int[] suffix = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1] + counter.count(items.get(i));
        }
        int before = suffix[0];
        BitSet cuts = Turns.safeCuts(items);

        int head = Turns.headEnd(items);
        if (head > 0 && SummaryMessage.isSummary(items.get(head - 1))) {
            head--; // an earlier summary standing where the task would be is rolled forward, not kept
        }
        head = cuts.nextSetBit(head);
        int keep = keepRecentTokens;
        if (request.targetTokens().isPresent()) {
            // the verbatim tail is what the target leaves after the head and a full-size summary
            int headTokens = before - suffix[head];
            keep = Math.min(keep, Math.max(0, request.targetTokens().getAsInt() - headTokens - maxSummaryTokens));
        }
        int tail = head;
        while (tail < n && suffix[tail] > keep) {
            tail = cuts.nextSetBit(tail + 1);
        }
        // Calls still waiting for their results stay, whatever the budget: the app is about to send
        // those results, and they would be orphans if their calls were summarized away.
        int pending = firstPendingCall(items);
        if (pending < tail) {
            tail = Math.max(head, cuts.previousSetBit(pending));
        }
        List<Item> middle = items.subList(head, tail);
        int middleTokens = suffix[head] - suffix[tail];
        int required = request.minimumSaving(before);

        List<String> previous = new ArrayList<>();
        List<Item> fed = new ArrayList<>(middle.size());
        int compactionItems = 0;
        for (Item it : middle) {
            if (SummaryMessage.isSummary(it)) {
                previous.add(SummaryMessage.summaryOf(it).orElse(""));
            } else if (CompactionBlock.isBlock(it)) {
                // Anthropic's compaction summary is readable: rolled forward like one of ours
                previous.add(CompactionBlock.of(it).orElseThrow().summary().strip());
            } else {
                if (it instanceof Compaction) {
                    compactionItems++;
                }
                fed.add(it);
            }
        }
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("items", n).addKeyValue("tokens", before).addKeyValue("head", head)
                    .addKeyValue("middle", middle.size()).addKeyValue("middle_tokens", middleTokens)
                    .addKeyValue("tail", n - tail).addKeyValue("previous_summaries", previous.size())
                    .log("summarizing: split the conversation");
        }

        if (fed.isEmpty()) {
            String why = middle.isEmpty()
                    ? "nothing to summarize: after the head, the conversation (" + suffix[head] + " tokens) fits in "
                            + (keep < keepRecentTokens ? "the tail the target leaves (" + keep + ")"
                                    : "keepRecentTokens (" + keepRecentTokens + ")")
                            + ", or cannot be cut there without separating a tool call from its result"
                    : "nothing to summarize: the turns between the head and the recent turns are an earlier summary only";
            return unchanged(request, before, why, Usage.NONE, List.of());
        }
        if (middleTokens < required) {
            return unchanged(request, before, "summarizing would save at most " + middleTokens + " of " + before
                    + " tokens, below the minimum saving of " + required, Usage.NONE, List.of());
        }

        String previousSummary = previous.isEmpty() ? null : String.join("\n\n", previous);
        String task = task(items, counter);
        Plan plan = plan(fed, counter, previousSummary, task);
        String running = previousSummary;
        Usage usage = Usage.NONE;
        List<String> requestIds = new ArrayList<>();
        for (int k = 0; k < plan.chunks.size(); k++) {
            Chunk chunk = plan.chunks.get(k);
            SummaryRequest call = SummaryRequest.builder()
                    .previousSummary(running)
                    .items(chunk.items)
                    .transcript(chunk.transcript)
                    .task(task)
                    .instructions(prompt)
                    .maxOutputTokens(maxSummaryTokens)
                    .part(k + 1, plan.chunks.size())
                    .build();
            Summary s = call(call, requestIds);
            usage = usage.plus(s.usage());
            if (s.truncated()) {
                if (log.isDebugEnabled()) {
                    log.atDebug().addKeyValue("part", k + 1).addKeyValue("max_output_tokens", maxSummaryTokens)
                            .log("summarizing: the summary was cut off by the output limit; retrying with twice the budget");
                }
                s = call(call.withMaxOutputTokens(maxSummaryTokens * 2), requestIds);
                usage = usage.plus(s.usage());
                if (s.truncated()) {
                    throw new SummaryRejectedException(SummaryRejectedException.Reason.TRUNCATED,
                            "The summary was cut off by the output limit (" + maxSummaryTokens * 2 + " tokens) even "
                                    + "after a retry" + partOf(k, plan), requestIds);
                }
            }
            if (s.text().isBlank()) {
                throw new SummaryRejectedException(SummaryRejectedException.Reason.EMPTY,
                        "The summarizer returned an empty summary" + partOf(k, plan), requestIds);
            }
            running = s.text().strip();
        }

        Message summary = SummaryMessage.of(running);
        int summaryTokens = counter.count(summary);
        if (summaryTokens >= middleTokens) {
            throw new SummaryRejectedException(SummaryRejectedException.Reason.NOT_SMALLER,
                    "The summary (" + summaryTokens + " tokens) is not smaller than the " + middleTokens
                            + " tokens it would replace", requestIds);
        }
        List<Item> out = new ArrayList<>(head + 1 + n - tail);
        out.addAll(items.subList(0, head));
        out.add(summary);
        out.addAll(items.subList(tail, n));
        int after = suffix[0] - middleTokens + summaryTokens;
        if (before - after < required) {
            return unchanged(request, before, "the summary saves " + (before - after) + " of " + before
                    + " tokens, below the minimum saving of " + required, usage, requestIds);
        }
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("tokens_before", before).addKeyValue("tokens_after", after)
                    .addKeyValue("parts", plan.chunks.size()).addKeyValue("summary_tokens", summaryTokens)
                    .log("summarizing: done");
        }
        return CompactionResult.builder()
                .items(out)
                .tokensBefore(before)
                .tokensAfter(after)
                .itemsBefore(n)
                .usage(usage)
                .requestIds(requestIds)
                .note(note(compactionItems, request, after, before - suffix[head], summaryTokens));
    }

    /** What needs saying about a result: compaction items it could not read, a target it could not reach. */
    private static String note(int compactionItems, CompactionRequest request, int after, int headTokens,
            int summaryTokens) {
        List<String> notes = new ArrayList<>(2);
        if (compactionItems > 0) {
            notes.add("The summarized turns held " + compactionItems + " OpenAI compaction item(s), which only OpenAI"
                    + " can read; what they held is not in the summary.");
        }
        int target = request.targetTokens().orElse(Integer.MAX_VALUE);
        if (after > target) {
            notes.add("The result (" + after + " tokens) is above the target of " + target + ": the head (" + headTokens
                    + " tokens), the summary (" + summaryTokens + ") and the calls still waiting for their results"
                    + " are kept whatever the target.");
        }
        return notes.isEmpty() ? null : String.join(" ", notes);
    }

    private Summary call(SummaryRequest call, List<String> requestIds) {
        // Only a listener needs the call's timing; nobody listening, nothing is read or built.
        boolean listening = CallEvents.listening();
        Instant start = listening ? Instant.now() : null;
        long startNanos = listening ? System.nanoTime() : 0L;
        Summary s;
        try {
            s = summarizer.summarize(call);
        } catch (CompactionException | java.util.concurrent.CancellationException e) {
            if (listening) {
                told(call, start, startNanos, null, e);
            }
            throw e; // a cancelled call must stop the chain, not look like a failure to fall back from
        } catch (RuntimeException e) {
            CompactionException wrapped = new CompactionException("The summarizer failed with " + e.getClass().getName()
                    + "; the conversation was left as it was", e);
            if (listening) {
                told(call, start, startNanos, null, wrapped);
            }
            throw wrapped;
        }
        if (s == null) {
            CompactionException none = new CompactionException(
                    "The summarizer returned no summary (null); the conversation was left as it was");
            if (listening) {
                told(call, start, startNanos, null, none);
            }
            throw none;
        }
        requestIds.addAll(s.requestIds());
        if (listening) {
            told(call, start, startNanos, s, null);
        }
        return s;
    }

    /** Tells the call's listeners about one summarizer call. */
    private void told(SummaryRequest call, Instant start, long startNanos, Summary s, RuntimeException failure) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        String model = summarizer instanceof HttpSummarizer h ? h.model : null;
        Usage usage = s != null ? s.usage() : Usage.NONE;
        List<String> ids = s != null ? s.requestIds()
                : failure instanceof CompactionException ce ? ce.requestIds() : List.of();
        CallEvents.summarizerCall((traceId, spanId, strategy) -> new CompactionListener.SummarizerCallEvent(traceId,
                spanId, strategy, model, call.part(), call.parts(), start, took, usage, ids, failure));
    }

    private static String partOf(int k, Plan plan) {
        return plan.chunks.size() == 1 ? "" : " (part " + (k + 1) + " of " + plan.chunks.size() + ")";
    }

    private CompactionResult.Builder unchanged(CompactionRequest request, int before, String why, Usage usage,
            List<String> requestIds) {
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("tokens", before).log("summarizing: conversation left unchanged, {}", why);
        }
        return CompactionResult.builder()
                .items(request.items())
                .tokensBefore(before)
                .tokensAfter(before)
                .itemsBefore(request.items().size())
                .usage(usage)
                .requestIds(requestIds)
                .note("Unchanged: " + why + ".");
    }

    /** The index of the first call of the last turn that has no result yet, or the size when none. */
    private static int firstPendingCall(List<Item> items) {
        List<Integer> starts = Turns.turnStarts(items);
        int lastTurn = starts.isEmpty() ? 0 : starts.get(starts.size() - 1);
        for (int i : Turns.unpaired(items)) {
            if (i >= lastTurn && items.get(i) instanceof ToolCall) {
                return i;
            }
        }
        return items.size();
    }

    /** The first user message of the head, for context, cut to a modest size. */
    private static String task(List<Item> items, TokenCounter counter) {
        int head = Turns.headEnd(items);
        if (head > 0 && items.get(head - 1) instanceof Message m && Message.USER.equals(m.role())
                && !SummaryMessage.isSummary(m)) {
            return Transcript.cut(m.text(), MAX_TASK_TOKENS, counter);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // chunking

    private record Chunk(List<Item> items, String transcript) {}

    private record Plan(List<Chunk> chunks) {}

    /** Tokens of transcript one summarizer call can take, the rest of its window being spoken for. */
    int transcriptBudget(TokenCounter counter, String previousSummary, String task) {
        if (chunkTokens > 0) {
            return chunkTokens;
        }
        // a tenth for framing and estimate error; room for the output (and its retry at twice the
        // budget) and for a running summary of that size
        int budget = summarizerContextWindow - summarizerContextWindow / 10 - counter.count(prompt)
                - 2 * maxSummaryTokens - Math.max(2 * maxSummaryTokens, counter.count(previousSummary))
                - counter.count(task);
        if (budget < MIN_CHUNK_TOKENS) {
            throw new CompactionException("The summarizer's window (" + summarizerContextWindow + " tokens) leaves "
                    + "no room for the conversation once the prompt, the previous summary and the output budget ("
                    + maxSummaryTokens + " tokens) are taken; give a larger summarizerContextWindow or a smaller "
                    + "maxSummaryTokens. The conversation was left as it was");
        }
        return budget;
    }

    static final int MIN_CHUNK_TOKENS = 512;

    private Plan plan(List<Item> fed, TokenCounter counter, String previousSummary, String task) {
        int budget = transcriptBudget(counter, previousSummary, task);
        int perOutput = Math.min(maxToolOutputTokens, budget);
        List<Chunk> chunks = new ArrayList<>();
        List<Item> chunkItems = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int used = 0;
        for (Item it : fed) {
            Item item = it;
            // the item's own count is remembered: only an output that may be too long is looked at
            if (it instanceof ToolResult r && r.canReplaceOutput() && counter.count(it) > perOutput) {
                String output = r.outputText();
                String cut = Transcript.cut(output, perOutput, counter);
                if (cut != output) {
                    item = r.withOutputText(cut);
                }
            }
            String entry = Transcript.render(item);
            if (entry == null) {
                chunkItems.add(item);
                continue;
            }
            if (item instanceof ToolResult) {
                entry = Transcript.cut(entry, perOutput, counter);
            }
            entry = Transcript.cut(entry, budget, counter);
            int tokens = counter.count(entry) + 2;
            if (used > 0 && used + tokens > budget) {
                chunks.add(new Chunk(List.copyOf(chunkItems), text.toString()));
                chunkItems.clear();
                text.setLength(0);
                used = 0;
            }
            chunkItems.add(item);
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(entry);
            used += tokens;
        }
        if (!chunkItems.isEmpty()) {
            chunks.add(new Chunk(List.copyOf(chunkItems), text.toString()));
        }
        return new Plan(chunks);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Says how the compactor is set up, never anything secret. */
    @Override
    public String toString() {
        return "SummarizingFallbackCompactor{keepRecentTokens=" + keepRecentTokens + ", maxSummaryTokens="
                + maxSummaryTokens + ", summarizerContextWindow=" + summarizerContextWindow + ", maxToolOutputTokens="
                + maxToolOutputTokens + (chunkTokens > 0 ? ", chunkTokens=" + chunkTokens : "") + "}";
    }

    /** Builds a {@link SummarizingFallbackCompactor}. Not thread-safe. */
    public static final class Builder {
        private Summarizer summarizer;
        private int keepRecentTokens = DEFAULT_KEEP_RECENT_TOKENS;
        private String prompt = DEFAULT_PROMPT;
        private int maxSummaryTokens = DEFAULT_MAX_SUMMARY_TOKENS;
        private int chunkTokens;
        private int maxToolOutputTokens = DEFAULT_MAX_TOOL_OUTPUT_TOKENS;
        private TokenCounter tokenCounter;
        private int summarizerContextWindow = DEFAULT_SUMMARIZER_CONTEXT_WINDOW;

        private Builder() {}

        /**
         * @param summarizer the model call that writes the summary (required)
         * @return this
         */
        public Builder summarizer(Summarizer summarizer) {
            this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
            return this;
        }

        /**
         * @param tokens how many tokens of the most recent turns to keep verbatim (default
         *     20,000); 0 summarizes everything after the head
         * @return this
         */
        public Builder keepRecentTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("keepRecentTokens must not be negative, got " + tokens);
            }
            this.keepRecentTokens = tokens;
            return this;
        }

        /**
         * @param prompt the summarizer's instructions, replacing {@link #DEFAULT_PROMPT}
         * @return this
         */
        public Builder prompt(String prompt) {
            if (prompt == null || prompt.isBlank()) {
                throw new IllegalArgumentException("prompt must not be blank");
            }
            this.prompt = prompt;
            return this;
        }

        /**
         * @param tokens the output budget of one summary (default 4,096); a summary cut off at it
         *     is retried once with twice the budget
         * @return this
         */
        public Builder maxSummaryTokens(int tokens) {
            if (tokens < 16) {
                throw new IllegalArgumentException("maxSummaryTokens must be at least 16, got " + tokens);
            }
            this.maxSummaryTokens = tokens;
            return this;
        }

        /**
         * @param tokens transcript tokens per summarizer call; the instructions, the previous
         *     summary and the output come on top. Default 0: derived from
         *     {@link #summarizerContextWindow(int)}
         * @return this
         */
        public Builder chunkTokens(int tokens) {
            if (tokens != 0 && tokens < MIN_CHUNK_TOKENS) {
                throw new IllegalArgumentException("chunkTokens must be 0 (derive from the window) or at least "
                        + MIN_CHUNK_TOKENS + ", got " + tokens);
            }
            this.chunkTokens = tokens;
            return this;
        }

        /**
         * @param tokens the most tokens of one tool output fed to the summarizer (default 2,000);
         *     longer outputs are cut to their beginning and end
         * @return this
         */
        public Builder maxToolOutputTokens(int tokens) {
            if (tokens < 64) {
                throw new IllegalArgumentException("maxToolOutputTokens must be at least 64, got " + tokens);
            }
            this.maxToolOutputTokens = tokens;
            return this;
        }

        /**
         * @param counter counts the conversation's tokens; default: {@link TokenCounter#forModel(String)}
         *     of the request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * @param tokens the context window of the summarizer's model (default 128,000), which
         *     decides when the middle goes in parts
         * @return this
         */
        public Builder summarizerContextWindow(int tokens) {
            if (tokens < 2_048) {
                throw new IllegalArgumentException("summarizerContextWindow must be at least 2048 tokens, got " + tokens);
            }
            this.summarizerContextWindow = tokens;
            return this;
        }

        /**
         * @return the compactor
         * @throws IllegalStateException when no summarizer was given
         */
        public SummarizingFallbackCompactor build() {
            if (summarizer == null) {
                throw new IllegalStateException("a summarizer is required: SummarizingFallbackCompactor.builder()"
                        + ".summarizer(...)");
            }
            if (chunkTokens == 0) {
                int spare = summarizerContextWindow - summarizerContextWindow / 10 - 4 * maxSummaryTokens
                        - TokenCounter.defaultCounter().count(prompt);
                if (spare < MIN_CHUNK_TOKENS) {
                    throw new IllegalArgumentException("summarizerContextWindow (" + summarizerContextWindow
                            + ") is too small for maxSummaryTokens (" + maxSummaryTokens + ") and the prompt: "
                            + "give a larger window or a smaller summary budget");
                }
            }
            return new SummarizingFallbackCompactor(this);
        }
    }
}
