package io.github.compact4j.context;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.ContextOverflow;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.errors.StaleCompactionException;
import io.github.compact4j.internal.Async;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.LogContext;
import io.github.compact4j.logging.TraceContext;
import io.github.compact4j.tokens.ModelCatalog;
import io.github.compact4j.tokens.ModelInfo;
import io.github.compact4j.tokens.RunningTokenCount;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's conversation that keeps itself inside the model's context window: append items as
 * the agent runs, send {@link #items()} as each call's input, and it compacts when its
 * {@link CompactionPolicy} says so.
 *
 * <pre>{@code
 * ManagedConversation convo = ManagedConversation.builder()
 *         .compactor(registry.compactorFor(backend))
 *         .model(backend.model())
 *         .contextWindow(200_000)
 *         .journal(CompactionJournal.jsonLines(Path.of("agent-a.journal.jsonl")))
 *         .attribute("agent_id", "agent_a")
 *         .autoCompact(ManagedConversation.AutoCompact.BACKGROUND)
 *         .build();
 * convo.append(Message.user(task));
 * ManagedConversation.Snapshot sent = convo.snapshot();
 * // ... call the model with sent.items(), append its output ...
 * convo.recordUsage(sent, usage.inputTokens());   // calibrates the estimate
 * }</pre>
 *
 * <p><b>Counting.</b> Each item is counted once, when appended; the running total is kept, so
 * checking the threshold after every append costs the same at 100k items as at 10. Local counts
 * run low on tool-heavy work; {@link #recordUsage(Snapshot, long)} corrects them with the input
 * tokens the backend reported.
 *
 * <p><b>Concurrency.</b> Thread-safe. One compaction runs at a time; it works on a snapshot, and
 * items appended while it runs are kept after its result.
 *
 * <p><b>Nothing is lost.</b> Before a result is applied, the original items it compacted are
 * written to the {@link CompactionJournal}; {@link #originalItems()} puts the whole history back
 * together. A failed compaction leaves the history as it was.
 *
 * <p><b>A call that overflows anyway.</b> {@link #recoverFromOverflow(Throwable)} learns the window
 * and the real count from the provider's error and compacts once, for the app to resend.
 */
public final class ManagedConversation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.context");
    private static final Logger LISTENER_LOG = LoggerFactory.getLogger("io.github.compact4j.listener");

    /** When the conversation compacts by itself. */
    public enum AutoCompact {
        /** Only when {@link #compactIfNeeded()} or {@link #compact()} is called. */
        OFF,
        /** Inside {@link #append(Item)}, on the appending thread, when the policy says so. */
        ON_APPEND,
        /** On the executor, when an append crosses the threshold; appends go on meanwhile. */
        BACKGROUND
    }

    private final ContextCompactor compactor;
    private final String model;
    /** The window configured or looked up; {@link #window()} is what is in force. */
    private final int configuredWindow;
    /** A smaller window a context overflow revealed, 0 until one does. */
    private volatile int revealedWindow;
    private final CompactionPolicy policy;
    private final TokenCounter counter;
    private final CompactionJournal journal;
    private final Map<String, String> attributes;
    private final String instructions;
    private final int instructionTokens;
    private final AutoCompact auto;
    private final Executor executor;
    private final Clock clock;
    private final List<CompactionListener> listeners;
    private final boolean previousResponseIdChaining;
    private final String traceId;

    private final Object lock = new Object();
    private final ReentrantLock compaction = new ReentrantLock();
    // guarded by lock
    private final ArrayList<Item> items = new ArrayList<>();
    /** The local count of {@code items}, one item at a time. */
    private final RunningTokenCount running;
    private int resultPrefix;
    /** Items after resultPrefix that the journal already holds (the originals put back by a rebuild). */
    private int journaledAfterPrefix;
    /** Items were dropped by a server-side compaction with no journal to keep them. */
    private boolean droppedWithoutJournal;
    private double calibration = 1.0;
    private long quietUntil;
    /** Compactions in a row that left the conversation over the trigger; the back-off doubles with each. */
    private int ineffective;
    private CompletableFuture<Optional<CompactionResult>> background;
    private boolean closed;

    private ManagedConversation(Builder b) {
        this.compactor = b.compactor;
        this.model = b.model;
        ModelInfo info = b.catalog.lookup(b.model);
        this.configuredWindow = b.contextWindow != null ? b.contextWindow : info.contextWindow();
        this.policy = b.policy;
        this.counter = b.counter != null ? b.counter : info.tokenCounter();
        this.running = new RunningTokenCount(counter);
        this.journal = b.journal;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.instructions = b.instructions;
        this.instructionTokens = instructions == null ? 0 : counter.count(instructions);
        this.auto = b.auto;
        this.executor = b.executor != null ? b.executor : Async.defaultExecutor();
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
        this.previousResponseIdChaining = b.previousResponseIdChaining;
        this.traceId = b.traceId != null ? b.traceId : TraceContext.newTraceId();
        if (!b.initial.isEmpty()) {
            // the history to start from is not fresh output: nothing in it is a new server compaction
            for (Item item : b.initial) {
                counter.count(item);
            }
            synchronized (lock) {
                items.addAll(b.initial);
                running.addAll(b.initial);
            }
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends one item. With {@link AutoCompact#ON_APPEND} this may compact before it returns;
     * with {@link AutoCompact#BACKGROUND} it may start a compaction on the executor.
     *
     * @param item the item
     */
    public void append(Item item) {
        appendAll(List.of(item));
    }

    /**
     * Appends items in order, as one step: the model's output, the tool results. When the output
     * holds a compaction the server made on its side (an OpenAI {@code compaction} item from
     * {@code context_management}, an Anthropic {@code compaction} block from
     * {@code compact_20260112}), what the server replaced goes to the journal; see
     * {@link #appendAll(List, ResponseMetadata)}.
     *
     * @param newItems the items
     */
    public void appendAll(List<? extends Item> newItems) {
        appendAll(newItems, ResponseMetadata.NONE);
    }

    /**
     * Appends the model's output, with what its response said about a compaction the server made
     * on its side. When the output holds one, the history drops what the server replaced: for
     * OpenAI the items before the newest {@code compaction} item, for Anthropic the messages
     * before the newest {@code compaction} block. They go to the journal first, so
     * {@link #originalItems()} still gives back everything; the history is counted again, one
     * INFO line on {@code io.github.compact4j.context} reports it with the conversation's trace
     * id, and the {@linkplain Builder#listener(CompactionListener) listeners} hear
     * {@link CompactionListener#onServerCompaction}. With
     * {@link Builder#previousResponseIdChaining(boolean)} nothing is dropped. If a compaction of
     * the conversation's own is running, the append waits for it.
     *
     * <pre>{@code
     * JsonNode response = ...;                          // POST /v1/messages with context_management
     * conversation.appendAll(AnthropicMessages.fromJsonNode(json.arrayNode().add(assistantMessage)),
     *         ResponseMetadata.fromJsonNode(response)); // billed usage.iterations, applied_edits
     * }</pre>
     *
     * @param output the items, in order
     * @param response what the response said, {@link ResponseMetadata#NONE} when not known
     */
    public void appendAll(List<? extends Item> output, ResponseMetadata response) {
        Objects.requireNonNull(response, "response");
        int newest = -1;
        for (int i = 0; i < output.size(); i++) {
            Item item = output.get(i);
            if (item == null) {
                // the message is built only on failure: an append must not allocate it every time
                throw new NullPointerException("item " + i + " is null");
            }
            counter.count(item); // outside the lock: the expensive part, remembered by the item
            if (item instanceof Compaction || CompactionBlock.isBlock(item)) {
                newest = i;
            }
        }
        if (newest < 0) {
            synchronized (lock) {
                items.addAll(output);
                running.addAll(output);
            }
        } else {
            appendServerCompaction(output, newest, response);
        }
        afterAppend();
    }

    /** Appends output holding a server-side compaction at {@code newest}, and drops what it replaced. */
    private void appendServerCompaction(List<? extends Item> output, int newest, ResponseMetadata response) {
        String provider = output.get(newest) instanceof Compaction ? "openai" : "anthropic";
        int itemsBefore;
        int itemsAfter;
        long tokensBefore;
        long tokensAfter;
        // a compaction of the conversation's own applies its result over the prefix it read: wait for it
        compaction.lock();
        try {
            List<Item> dropped;
            int cut;
            // only this method and the compaction-locked ones take items off the front, so the
            // cut stays valid while appends from other threads go on at the end
            synchronized (lock) {
                int at = items.size() + newest;
                items.addAll(output);
                running.addAll(output);
                itemsBefore = items.size();
                tokensBefore = running.total() + instructionTokens;
                cut = previousResponseIdChaining ? 0
                        : "openai".equals(provider) ? at : Turns.safeCuts(items).previousSetBit(at);
                int firstUnjournaled = resultPrefix + journaledAfterPrefix;
                dropped = cut > firstUnjournaled ? List.copyOf(items.subList(firstUnjournaled, cut)) : List.of();
            }
            // journalled before anything is dropped: a journal that fails leaves the full history
            if (journal != null && !dropped.isEmpty()) {
                try {
                    journal.append(JournalEntry.builder().traceId(traceId()).time(clock.instant())
                            .strategy(provider + "-server-compaction").items(dropped)
                            .itemsBefore(itemsBefore).itemsAfter(itemsBefore - cut)
                            .tokensBefore((int) Math.min(Integer.MAX_VALUE, tokensBefore)).build());
                } catch (RuntimeException e) {
                    cut = 0;
                    try (LogContext ignored = logScope(traceId())) {
                        LOG.atWarn().setCause(e).log("the journal could not keep what the server's compaction replaced;"
                                + " the history keeps it instead: {}", e.getMessage());
                    }
                }
            }
            synchronized (lock) {
                if (cut > 0) {
                    int firstUnjournaled = resultPrefix + journaledAfterPrefix;
                    if (cut >= firstUnjournaled) {
                        resultPrefix = 0;
                        journaledAfterPrefix = 0;
                    } else if (cut <= resultPrefix) {
                        resultPrefix -= cut;
                    } else {
                        journaledAfterPrefix -= cut - resultPrefix;
                        resultPrefix = 0;
                    }
                    items.subList(0, cut).clear();
                    running.reset(items);
                    droppedWithoutJournal |= journal == null;
                    quietUntil = 0;
                }
                itemsAfter = items.size();
                tokensAfter = running.total() + instructionTokens;
            }
        } finally {
            compaction.unlock();
        }
        String trace = traceId();
        CompactionListener.ServerCompactionEvent event = new CompactionListener.ServerCompactionEvent(trace, provider,
                itemsBefore, itemsAfter, tokensBefore, tokensAfter, response.compactionUsage(), response.appliedEdits());
        try (LogContext ignored = logScope(trace)) {
            LOG.atInfo().addKeyValue("provider", provider).addKeyValue("items_before", itemsBefore)
                    .addKeyValue("items_after", itemsAfter).addKeyValue("tokens_before", tokensBefore)
                    .addKeyValue("tokens_after", tokensAfter)
                    .addKeyValue("billed_input_tokens", response.compactionUsage().inputTokens())
                    .addKeyValue("billed_output_tokens", response.compactionUsage().outputTokens())
                    .addKeyValue("applied_edits", response.appliedEdits())
                    .log("server-side compaction by {}: {} -> {} items, {} -> {} tokens{}{}{}", provider, itemsBefore,
                            itemsAfter, tokensBefore, tokensAfter,
                            response.compactionUsage().modelCalls() > 0 ? ", billed "
                                    + response.compactionUsage().inputTokens() + " in / "
                                    + response.compactionUsage().outputTokens() + " out" : "",
                            response.appliedEdits().isEmpty() ? "" : ", applied edits " + response.appliedEdits(),
                            previousResponseIdChaining ? " (previous_response_id chaining: nothing dropped)" : "");
            for (CompactionListener l : listeners) {
                try {
                    l.onServerCompaction(event);
                } catch (RuntimeException e) {
                    LISTENER_LOG.atWarn().setCause(e).log("CompactionListener {} threw from onServerCompaction; ignored",
                            l.getClass().getName());
                }
            }
        }
    }

    /** @return the conversation's trace id: the current call's, when one runs on this thread */
    private String traceId() {
        String current = TraceContext.currentTraceId();
        return current != null ? current : traceId;
    }

    private void afterAppend() {
        if (auto == AutoCompact.OFF || !needsCompaction()) {
            return;
        }
        if (auto == AutoCompact.ON_APPEND) {
            compactIfNeeded();
            return;
        }
        synchronized (lock) {
            if (background != null && !background.isDone()) {
                return;
            }
            background = Async.supply(this::compactQuietly, executor);
        }
    }

    private Optional<CompactionResult> compactQuietly() {
        try {
            return compactIfNeeded();
        } catch (RuntimeException e) {
            String traceId = e instanceof CompactionException ce ? ce.traceId().orElse(null) : null;
            try (LogContext ignored = logScope(traceId)) {
                LOG.atWarn().setCause(e).log("background compaction failed; the conversation keeps its full history: {}",
                        e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** @return the current history, unmodifiable: send it as the next call's input */
    public List<Item> items() {
        synchronized (lock) {
            return List.copyOf(items);
        }
    }

    /**
     * @return the current history as a Responses API {@code input} JSON array
     * @throws io.github.compact4j.errors.InvalidConversationException when the history, read from
     *     another format, holds an item the Responses API cannot take, such as an Anthropic
     *     thinking block (see {@link ResponsesItems})
     */
    public String toResponsesJson() {
        return ResponsesItems.toJson(items());
    }

    /**
     * @return the current history as a Chat Completions {@code messages} JSON array, for apps on
     *     {@code /chat/completions} (see {@link ChatCompletionsMessages})
     * @throws io.github.compact4j.errors.InvalidConversationException when the history holds an item
     *     that format cannot carry, such as an OpenAI compaction item
     */
    public String toChatCompletionsJson() {
        return ChatCompletionsMessages.toJson(items());
    }

    /**
     * @return the current history as an Anthropic Messages conversation: the {@code system}
     *     prompt and the {@code messages} array (see {@link AnthropicMessages})
     * @throws io.github.compact4j.errors.InvalidConversationException when the history holds an item
     *     that format cannot carry, such as an OpenAI compaction item
     */
    public AnthropicConversation toAnthropic() {
        return AnthropicMessages.toConversation(items());
    }

    /** @return how many items the history holds */
    public int size() {
        synchronized (lock) {
            return items.size();
        }
    }

    /**
     * @return the current history and its token estimate at one instant; hand it back to
     *     {@link #recordUsage(Snapshot, long)} with the usage of the call it was sent in
     */
    public Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(List.copyOf(items), running.total() + instructionTokens, estimate());
        }
    }

    /** @return the calibrated token estimate of the history plus the instructions */
    public long tokens() {
        synchronized (lock) {
            return estimate();
        }
    }

    /** @return the local, uncalibrated token count of the history plus the instructions */
    public long rawTokens() {
        synchronized (lock) {
            return running.total() + instructionTokens;
        }
    }

    /** @return the factor local counts are multiplied by, learnt from reported usage (1.0 at first) */
    public double calibration() {
        synchronized (lock) {
            return calibration;
        }
    }

    private long estimate() {
        return Math.round((running.total() + instructionTokens) * calibration);
    }

    /**
     * Learns how far local counts are from the backend's: call it with the input tokens the
     * backend reported for the call that sent {@code sent}. The factor moves halfway towards each
     * new observation and stays within 0.5 to 4.
     *
     * @param sent the snapshot whose items were the call's input
     * @param reportedInputTokens the backend's {@code input_tokens} (or {@code prompt_tokens})
     */
    public void recordUsage(Snapshot sent, long reportedInputTokens) {
        if (sent.rawTokens() <= 0 || reportedInputTokens <= 0) {
            return;
        }
        double observed = Math.max(0.5, Math.min(4.0, (double) reportedInputTokens / sent.rawTokens()));
        synchronized (lock) {
            calibration = calibration == 1.0 ? observed : (calibration + observed) / 2;
        }
    }

    /**
     * @return the context window this conversation is managed against: the one configured or
     *     looked up, or the smaller one a {@linkplain #recoverFromOverflow(ContextOverflow) context
     *     overflow} revealed
     */
    public int contextWindow() {
        return window();
    }

    private int window() {
        int revealed = revealedWindow;
        return revealed > 0 && revealed < configuredWindow ? revealed : configuredWindow;
    }

    /** @return whether the policy says to compact now */
    public boolean needsCompaction() {
        synchronized (lock) {
            return !closed && running.total() >= quietUntil && policy.shouldCompact(estimate(), window());
        }
    }

    /** @return the running background compaction, if one was started and has not finished */
    public Optional<CompletableFuture<Optional<CompactionResult>>> backgroundCompaction() {
        synchronized (lock) {
            return background == null || background.isDone() ? Optional.empty() : Optional.of(background);
        }
    }

    /**
     * Compacts if the policy says so. If another compaction is running, waits for it and checks again.
     *
     * @return the result, when a compaction ran
     * @throws CompactionException when the compaction fails; the history is unchanged
     */
    public Optional<CompactionResult> compactIfNeeded() {
        if (!needsCompaction()) {
            return Optional.empty();
        }
        compaction.lock();
        try {
            return needsCompaction() ? Optional.of(compactLocked()) : Optional.empty();
        } finally {
            compaction.unlock();
        }
    }

    /**
     * Compacts now, whatever the policy says (its minimum saving still applies).
     *
     * @return the result; {@link CompactionResult#note()} says when it was not applied
     * @throws CompactionException when the compaction fails; the history is unchanged
     */
    public CompactionResult compact() {
        compaction.lock();
        try {
            return compactLocked();
        } finally {
            compaction.unlock();
        }
    }

    /**
     * Recovers from a model call that overflowed the context window anyway, if the failure says
     * so: see {@link #recoverFromOverflow(ContextOverflow)}. Then send {@link #items()} again, once:
     * <pre>{@code
     * try {
     *     response = callModel(convo.items());
     * } catch (RuntimeException e) {
     *     if (convo.recoverFromOverflow(e).isEmpty()) throw e;   // not an overflow
     *     response = callModel(convo.items());                    // a second overflow propagates
     * }
     * }</pre>
     *
     * @param failure what the model call threw, from any client ({@link ContextOverflow#detect(Throwable)})
     * @return the compaction's result, or empty when the failure is not a context overflow (nothing
     *     was done)
     * @throws CompactionException when the compaction fails; the history is unchanged
     */
    public Optional<CompactionResult> recoverFromOverflow(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        return ContextOverflow.detect(failure).map(this::recoverFromOverflow);
    }

    /**
     * Recovers from a model call that overflowed the context window anyway: the provider's count
     * was higher than this conversation's estimate, or its window smaller than the one configured.
     * In one call it learns from the error and compacts now, whatever the trigger says:
     * <ul>
     *   <li>a window the error revealed that is smaller than {@link #contextWindow()} becomes the
     *       window from now on;</li>
     *   <li>the prompt tokens the error reported recalibrate the estimate ({@link #calibration()}
     *       becomes reported / local count of the current history);</li>
     *   <li>the compaction aims at the policy's target in that window, and below the window less
     *       the output the failed request reserved, in the calibrated estimate; any saving is
     *       applied (the minimum saving does not hold: the call cannot be sent as it is);</li>
     *   <li>a WARN line on {@code io.github.compact4j.context} gives the numbers, under a trace id
     *       that the compaction's own lines carry too.</li>
     * </ul>
     * It does not call the model again: the app resends {@link #items()}. When the conversation
     * could not be brought under the window, the result's note and a second WARN line say so,
     * and resending will fail the same way (check the request's output budget, {@code max_tokens}).
     *
     * @param overflow what {@link ContextOverflow#detect(Throwable)} found in the failure
     * @return the compaction's result
     * @throws CompactionException when the compaction fails; the history is unchanged
     */
    public CompactionResult recoverFromOverflow(ContextOverflow overflow) {
        Objects.requireNonNull(overflow, "overflow");
        compaction.lock();
        try {
            String traceId = TraceContext.newTraceId();
            int revealed = overflow.maxTokens().orElse(0);
            if (revealed > 0 && revealed < window()) {
                revealedWindow = revealed;
            }
            int window = window();
            long raw;
            long estimateBefore;
            double calibrationBefore;
            double calibrationNow;
            synchronized (lock) {
                raw = running.total() + instructionTokens;
                estimateBefore = estimate();
                calibrationBefore = calibration;
                if (overflow.promptTokens().isPresent() && raw > 0) {
                    calibration = Math.max(0.5, Math.min(4.0, (double) overflow.promptTokens().getAsInt() / raw));
                }
                calibrationNow = calibration;
            }
            int output = overflow.requestedOutputTokens().orElse(0);
            int room = window - output;
            long goal = policy.targetAt(window);
            if (output > 0) {
                goal = Math.min(goal, room - room / 10); // a tenth kept back for the estimate's error
            }
            int localTarget = (int) Math.max(1, Math.floor(Math.max(1, goal) / calibrationNow));
            try (LogContext ignored = logScope(traceId)) {
                LOG.atWarn()
                        .addKeyValue("status", overflow.status())
                        .addKeyValue("prompt_tokens", overflow.promptTokens().orElse(-1))
                        .addKeyValue("window_tokens", window)
                        .addKeyValue("requested_output_tokens", output)
                        .addKeyValue("estimate_tokens", estimateBefore)
                        .addKeyValue("calibration_before", calibrationBefore)
                        .addKeyValue("calibration", calibrationNow)
                        .addKeyValue("target_tokens", goal)
                        .log("context overflow (status {}): the backend counted {} input tokens against a window of {}{};"
                                + " the estimate was {}; calibration {} -> {}; compacting to {} tokens",
                                overflow.status(), overflow.promptTokens().isPresent()
                                        ? String.valueOf(overflow.promptTokens().getAsInt()) : "an unreported number of",
                                window, output > 0 ? " with " + output + " reserved for the output" : "", estimateBefore,
                                round2(calibrationBefore), round2(calibrationNow), goal);
            }
            CompactionResult r = compactLocked(snapshot -> request(snapshot).toBuilder().traceId(traceId)
                    .targetTokens(localTarget).minSavingRatio(0).minSavingTokens(0).build());
            long estimateAfter = tokens();
            boolean fits = estimateAfter < room;
            try (LogContext ignored = logScope(traceId)) {
                var line = fits ? LOG.atInfo() : LOG.atWarn();
                line.addKeyValue("estimate_before", estimateBefore).addKeyValue("estimate_after", estimateAfter)
                        .addKeyValue("window_tokens", window)
                        .log(fits ? "recovered from the context overflow: {} -> {} estimated tokens, under the window of {};"
                                + " send the conversation again"
                                : "after the context overflow the conversation is still {} -> {} estimated tokens, not under"
                                        + " the {} the request has room for; sending it again will fail the same way",
                                estimateBefore, estimateAfter, fits ? window : room);
            }
            if (fits) {
                return r;
            }
            String why = "still above the room the request has (" + estimateAfter + " estimated tokens of " + room
                    + (output > 0 ? ", the window less the " + output + " output tokens it reserved" : "")
                    + "): resending will overflow again";
            return r.toBuilder().note(r.note().map(n -> n + "; " + why).orElse(why)).build();
        } finally {
            compaction.unlock();
        }
    }

    private static String round2(double d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d);
    }

    /**
     * Puts back the original items in place of everything compacted, from the journal: use it when
     * OpenAI rejects a compaction item as stale ({@code invalid_encrypted_content}), or before
     * handing the history to another provider. The history grows back to its full size; compact
     * again as needed.
     *
     * @throws IllegalStateException when there is no journal and the history holds compacted items
     */
    public void rebuild() {
        compaction.lock();
        try {
            // resultPrefix cannot change while the compaction lock is held; appends still can
            List<Item> journaled = journaledItems();
            List<Item> originals;
            long sum;
            int sizeBefore;
            long tokensBefore;
            synchronized (lock) {
                sizeBefore = items.size();
                tokensBefore = running.total();
                originals = new ArrayList<>(journaled);
                originals.addAll(items.subList(resultPrefix + journaledAfterPrefix, items.size()));
                items.clear();
                items.addAll(originals);
                running.reset(originals);
                sum = running.total();
                resultPrefix = 0;
                journaledAfterPrefix = journaled.size();
                quietUntil = 0;
                ineffective = 0;
            }
            if (journal != null) {
                // a marker with no items: the journal's invariant holds, and a reader sees the rebuild
                journal.append(JournalEntry.builder().time(clock.instant()).strategy(JournalEntry.REBUILD)
                        .items(List.of()).itemsBefore(sizeBefore).itemsAfter(originals.size())
                        .tokensBefore((int) Math.min(Integer.MAX_VALUE, tokensBefore))
                        .tokensAfter((int) Math.min(Integer.MAX_VALUE, sum)).build());
            }
            try (LogContext ignored = logScope(null)) {
                LOG.atInfo().addKeyValue("items", originals.size()).addKeyValue("tokens", sum)
                        .log("rebuilt the conversation from its journal: {} original items", originals.size());
            }
        } finally {
            compaction.unlock();
        }
    }

    /**
     * Ends the conversation's use of its resources: a background compaction in flight is cancelled
     * (its result is not applied) and the journal it was given is closed, releasing its file for
     * another writer. The history can still be read and appended to, but no compaction runs:
     * {@link #compact()} throws {@link IllegalStateException}. Closing twice does nothing.
     */
    @Override
    public void close() {
        CompletableFuture<Optional<CompactionResult>> inFlight;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            inFlight = background;
        }
        if (inFlight != null) {
            inFlight.cancel(true);
        }
        if (journal != null) {
            journal.close();
        }
    }

    /**
     * @return every item ever appended, in order: the journal's entries followed by the items
     *     appended since the last compaction
     * @throws IllegalStateException when the history holds compacted items and no journal is kept
     */
    public List<Item> originalItems() {
        compaction.lock();
        try {
            List<Item> all = new ArrayList<>(journaledItems());
            synchronized (lock) {
                all.addAll(items.subList(resultPrefix + journaledAfterPrefix, items.size()));
            }
            return Collections.unmodifiableList(all);
        } finally {
            compaction.unlock();
        }
    }

    /** Called with the compaction lock held. */
    private List<Item> journaledItems() {
        boolean compacted;
        synchronized (lock) {
            compacted = resultPrefix > 0 || journaledAfterPrefix > 0 || droppedWithoutJournal;
        }
        if (compacted && journal == null) {
            throw new IllegalStateException("this conversation was compacted without a journal, so the original items"
                    + " are gone; configure ManagedConversation.builder().journal(...) to keep them");
        }
        List<Item> all = new ArrayList<>();
        if (journal != null) {
            for (JournalEntry e : journal.entries()) {
                all.addAll(e.items());
            }
        }
        return all;
    }

    private CompactionResult compactLocked() {
        return compactLocked(this::request);
    }

    /** Called with the compaction lock held; {@code requestFor} makes the request for a snapshot. */
    private CompactionResult compactLocked(Function<List<Item>, CompactionRequest> requestFor) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this conversation is closed: it compacts no more");
            }
        }
        List<Item> snapshot;
        int firstUnjournaled;
        synchronized (lock) {
            snapshot = List.copyOf(items);
            firstUnjournaled = resultPrefix + journaledAfterPrefix;
        }
        CompactionRequest request = requestFor.apply(snapshot);
        CompactionResult r;
        try {
            r = compactor.compact(request);
        } catch (CompactionException e) {
            if (!(e instanceof StaleCompactionException || e instanceof NotPortableException) || journal == null
                    || snapshot.stream().noneMatch(i -> i instanceof Compaction || CompactionBlock.isBlock(i))) {
                throw e;
            }
            try (LogContext ignored = logScope(e.traceId().orElse(null))) {
                LOG.atWarn().log(e instanceof NotPortableException
                        ? "the history holds an OpenAI compaction item this backend cannot read; rebuilding from the journal and compacting again"
                        : "a compaction in the history is stale or was changed (" + e.errorCode().orElse("invalid encrypted content")
                                + "); rebuilding from the journal and compacting again");
            }
            rebuild(); // the compaction lock is reentrant
            return compactLocked(requestFor);
        }
        int tokensSaved = r.savedTokens();
        if (!request.worthApplying(r.tokensBefore(), r.tokensAfter())) {
            boolean first;
            synchronized (lock) {
                first = backOff();
            }
            String why = "not applied: it saved " + tokensSaved + " of " + r.tokensBefore()
                    + " tokens, under the minimum of " + request.minimumSaving(r.tokensBefore());
            try (LogContext ignored = logScope(r.traceId())) {
                if (first) {
                    warnIneffective(r, "its result was not applied (" + why + ")");
                } else {
                    LOG.atInfo().log("compaction by {} {}", r.strategy(), why);
                }
            }
            return r.toBuilder().note(r.note().map(n -> n + "; " + why).orElse(why)).build();
        }
        List<Item> compacted = r.items();
        for (Item item : compacted) {
            counter.count(item); // outside the lock, as on append
        }
        if (journal != null) {
            journal.append(JournalEntry.builder().traceId(r.traceId()).time(clock.instant()).strategy(r.strategy())
                    .items(snapshot.subList(firstUnjournaled, snapshot.size()))
                    .itemsBefore(snapshot.size()).itemsAfter(r.items().size())
                    .tokensBefore(r.tokensBefore()).tokensAfter(r.tokensAfter()).build());
        }
        synchronized (lock) {
            List<Item> appended = new ArrayList<>(items.subList(snapshot.size(), items.size()));
            items.clear();
            items.addAll(compacted);
            items.addAll(appended);
            running.reset(items);
            resultPrefix = compacted.size();
            journaledAfterPrefix = 0;
            if (policy.shouldCompact(estimate(), window())) {
                if (backOff()) {
                    try (LogContext ignored = logScope(r.traceId())) {
                        warnIneffective(r, "the conversation is still over the trigger (" + estimate() + " >= "
                                + policy.triggerAt(window()) + " tokens)");
                    }
                }
            } else {
                quietUntil = 0;
                ineffective = 0;
            }
        }
        return r;
    }

    /**
     * After a compaction that left the conversation over the trigger: no further compaction until
     * the conversation has grown by a margin that doubles with each such compaction in a row (5%
     * of the trigger, then 10%, 20%, ... up to the whole trigger), so a compactor with nothing
     * left to remove is not run on every append. Called with the lock held.
     *
     * @return whether this is the first of a row, which is worth a warning
     */
    private boolean backOff() {
        int step = Math.max(1, policy.triggerAt(window()) / 20);
        long margin = Math.min((long) step << Math.min(ineffective, 20), policy.triggerAt(window()));
        quietUntil = running.total() + margin;
        return ineffective++ == 0;
    }

    /** The one warning of a row of compactions that did not help, with what would. */
    private void warnIneffective(CompactionResult r, String what) {
        LOG.atWarn().addKeyValue("strategy", r.strategy()).addKeyValue("tokens", estimate())
                .addKeyValue("trigger", policy.triggerAt(window()))
                .log("compaction by {} did not bring the conversation under the trigger: {}; it backs off (waits for the"
                        + " conversation to grow by 5% of the trigger, then twice that after each compaction that does"
                        + " not help) and says this once. What would help: a compactor that can remove more (a"
                        + " summarizing or hybrid one when masking has nothing left to mask), a larger contextWindow if"
                        + " the model's is larger, or a lower targetRatio", r.strategy(), what);
    }

    /**
     * Opens the conversation's attributes (its agent id, say) in the MDC, with the trace id of the
     * compaction a line is about, so the conversation's own lines can be found like the call's.
     */
    private LogContext logScope(String traceId) {
        LogContext scope = LogContext.open();
        attributes.forEach(scope::put);
        if (traceId != null && TraceContext.isValidTraceId(traceId)) {
            scope.trace(TraceContext.of(traceId));
        }
        return scope;
    }

    /** The request carries the policy's target and minimum saving, so every strategy aims at them. */
    private CompactionRequest request(List<Item> snapshot) {
        CompactionRequest.Builder b = CompactionRequest.builder().model(model).items(snapshot).instructions(instructions)
                .targetTokens(policy.targetAt(window())).minSavingRatio(policy.minSavingRatio());
        attributes.forEach(b::attribute);
        return b.build();
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ManagedConversation{model=" + model + ", items=" + items.size() + ", tokens=" + estimate()
                    + ", trigger=" + policy.triggerAt(window()) + ", compactor=" + compactor.name() + "}";
        }
    }

    /**
     * The history at one instant, with its token counts.
     *
     * @param items the items
     * @param rawTokens their local count plus the instructions'
     * @param estimatedTokens the calibrated estimate
     */
    public record Snapshot(List<Item> items, long rawTokens, long estimatedTokens) {
        /** Copies the items. */
        public Snapshot {
            items = List.copyOf(items);
        }
    }

    /** Builds a {@link ManagedConversation}. */
    public static final class Builder {
        private ContextCompactor compactor;
        private String model;
        private Integer contextWindow;
        private ModelCatalog catalog = ModelCatalog.defaults();
        private CompactionPolicy policy = CompactionPolicy.defaults();
        private TokenCounter counter;
        private CompactionJournal journal;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String instructions;
        private AutoCompact auto = AutoCompact.OFF;
        private Executor executor;
        private Clock clock = Clock.systemUTC();
        private List<? extends Item> initial = List.of();
        private final List<CompactionListener> listeners = new ArrayList<>();
        private boolean previousResponseIdChaining;
        private String traceId;

        private Builder() {}

        /**
         * @param listener told about compactions the server makes on its side
         *     ({@link CompactionListener#onServerCompaction}); the conversation's own compactions
         *     are told to the compactor's listeners
         * @return this
         */
        public Builder listener(CompactionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param chaining true when the app chains requests with OpenAI's
         *     {@code previous_response_id}: the server holds the history, so a server-side
         *     compaction drops nothing here (it is still logged and told); false by default
         * @return this
         */
        public Builder previousResponseIdChaining(boolean chaining) {
            this.previousResponseIdChaining = chaining;
            return this;
        }

        /**
         * @param traceId the trace id of the conversation's own log lines (its server-side
         *     compactions), a W3C trace id; a new one by default. A call running on the thread
         *     lends its own instead
         * @return this
         * @throws IllegalArgumentException when it is not a trace id
         */
        public Builder traceId(String traceId) {
            Objects.requireNonNull(traceId, "traceId");
            if (!TraceContext.isValidTraceId(traceId)) {
                throw new IllegalArgumentException("traceId must be 32 lower-case hex characters, not all zero, got '"
                        + traceId + "'");
            }
            this.traceId = traceId;
            return this;
        }

        /**
         * @param compactor how to compact, e.g. {@code registry.compactorFor(backend)}; required
         * @return this
         */
        public Builder compactor(ContextCompactor compactor) {
            this.compactor = Objects.requireNonNull(compactor, "compactor");
            return this;
        }

        /**
         * @param model the model the conversation runs on; required
         * @return this
         * @throws IllegalArgumentException when blank
         */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model;
            return this;
        }

        /**
         * @param tokens the model's context window; by default the model catalogue's figure for
         *     the model (128,000 for a model it does not know)
         * @return this
         */
        public Builder contextWindow(int tokens) {
            if (tokens <= 0) {
                throw new IllegalArgumentException("contextWindow must be positive, got " + tokens);
            }
            this.contextWindow = tokens;
            return this;
        }

        /**
         * @param catalog where the model's context window and token counter come from when not
         *     set; {@link ModelCatalog#defaults()} by default
         * @return this
         */
        public Builder modelCatalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * @param policy when to compact
         * @return this
         */
        public Builder policy(CompactionPolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * @param counter how to count tokens; {@code TokenCounter.forModel(model)} by default
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = counter;
            return this;
        }

        /**
         * @param journal where compacted items are kept; none by default
         * @return this
         */
        public Builder journal(CompactionJournal journal) {
            this.journal = journal;
            return this;
        }

        /**
         * @param name attribute name, e.g. {@code agent_id}; it appears in the MDC of every compaction
         * @param value its value
         * @return this
         * @throws IllegalArgumentException when the name is not 1-64 letters, digits, {@code _ . -}
         */
        public Builder attribute(String name, String value) {
            CompactionRequest.Builder.checkAttributeName(name);
            attributes.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param instructions the system instructions the conversation runs with
         * @return this
         */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * @param mode when to compact by itself ({@link AutoCompact#OFF} by default)
         * @return this
         */
        public Builder autoCompact(AutoCompact mode) {
            this.auto = Objects.requireNonNull(mode);
            return this;
        }

        /**
         * @param executor where background compactions run; the library's pool by default
         * @return this
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * @param clock the clock for journal times
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * @param items the history to start from
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.initial = List.copyOf(items);
            return this;
        }

        /**
         * @return the conversation
         * @throws IllegalStateException when the compactor or the model is missing
         */
        public ManagedConversation build() {
            if (compactor == null) {
                throw new IllegalStateException("a compactor is required: compactor(registry.compactorFor(backend)), say");
            }
            if (model == null) {
                throw new IllegalStateException("model is required: the model the conversation runs on");
            }
            return new ManagedConversation(this);
        }
    }
}
