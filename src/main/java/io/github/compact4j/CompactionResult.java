package io.github.compact4j;

import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a compaction: the new history to send as the next call's input, and what it
 * cost and saved. Immutable.
 *
 * <pre>{@code
 * CompactionResult r = compactor.compact(request);
 * log.info("{}: {} -> {} tokens ({}% saved)", r.strategy(), r.tokensBefore(), r.tokensAfter(),
 *         Math.round(r.savedRatio() * 100));
 * history = r.items();
 * }</pre>
 */
public final class CompactionResult {

    private final List<Item> items;
    private final String strategy;
    private final int tokensBefore;
    private final int tokensAfter;
    private final int itemsBefore;
    private final Usage usage;
    private final String traceId;
    private final List<String> requestIds;
    private final boolean fellBack;
    private final List<Attempt> attempts;
    private final Duration elapsed;
    private final String note;
    private final List<String> steps;

    private CompactionResult(Builder b) {
        this.items = List.copyOf(b.items);
        this.strategy = b.strategy;
        this.tokensBefore = b.tokensBefore;
        this.tokensAfter = b.tokensAfter;
        this.itemsBefore = b.itemsBefore;
        this.usage = b.usage;
        this.traceId = b.traceId;
        this.requestIds = List.copyOf(b.requestIds);
        this.fellBack = b.fellBack;
        this.attempts = List.copyOf(b.attempts);
        this.elapsed = b.elapsed;
        this.note = b.note;
        this.steps = List.copyOf(b.steps);
    }

    /**
     * A new builder. A strategy that extends the logging layer's {@code TracedCompactor}
     * returns one from its {@code doCompact} with the figures of its own work, and the base class
     * completes it with the trace id, the elapsed time and the attempt.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this result's values, for decorators that amend a result */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.items = items;
        b.strategy = strategy;
        b.tokensBefore = tokensBefore;
        b.tokensAfter = tokensAfter;
        b.itemsBefore = itemsBefore;
        b.usage = usage;
        b.traceId = traceId;
        b.requestIds.addAll(requestIds);
        b.fellBack = fellBack;
        b.attempts.addAll(attempts);
        b.elapsed = elapsed;
        b.note = note;
        b.steps.addAll(steps);
        return b;
    }

    /** @return the new history, unmodifiable: send it as the next call's input */
    public List<Item> items() {
        return items;
    }

    /** @return the strategy that produced the result: {@code openai-compact}, {@code summarizing}, {@code masking}, ... */
    public String strategy() {
        return strategy;
    }

    /** @return the local token count of the request's items */
    public int tokensBefore() {
        return tokensBefore;
    }

    /** @return the local token count of {@link #items()} */
    public int tokensAfter() {
        return tokensAfter;
    }

    /** @return how many items the request had */
    public int itemsBefore() {
        return itemsBefore;
    }

    /** @return tokens saved, {@code tokensBefore - tokensAfter} */
    public int savedTokens() {
        return tokensBefore - tokensAfter;
    }

    /** @return the share of tokens saved, 0.0 to 1.0 (0 for an empty conversation) */
    public double savedRatio() {
        return tokensBefore == 0 ? 0.0 : (double) (tokensBefore - tokensAfter) / tokensBefore;
    }

    /** @return tokens the backend reported for the compaction call itself */
    public Usage usage() {
        return usage;
    }

    /** @return the trace id every log line of this call carried */
    public String traceId() {
        return traceId;
    }

    /** @return backend request ids (OpenAI's {@code x-request-id}), in attempt order */
    public List<String> requestIds() {
        return requestIds;
    }

    /** @return true when a later strategy of a chain produced the result */
    public boolean fellBack() {
        return fellBack;
    }

    /** @return each strategy tried, with its outcome and duration */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** @return wall time of the whole compaction */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * @return why the result is what it is when that needs saying, e.g. why the conversation came
     *     back unchanged
     */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /**
     * What a strategy made of other strategies did, for example the hybrid's {@code [masking]}
     * (masking alone reached the target, no model was called) or {@code [masking, summarizing]}.
     *
     * @return the names of the steps whose changes the result holds, in the order they ran;
     *     empty for a strategy of one step and for a result that changed nothing
     */
    public List<String> steps() {
        return steps;
    }

    /**
     * @return false when the history holds an OpenAI compaction item, which only OpenAI (and
     *     Azure OpenAI) can read: hand such a history to another provider through summarization
     */
    public boolean portable() {
        return items.stream().noneMatch(i -> i instanceof Compaction);
    }

    /** Summarises the result without its content. */
    @Override
    public String toString() {
        return "CompactionResult{strategy=" + strategy + ", items=" + itemsBefore + "->" + items.size()
                + ", tokens=" + tokensBefore + "->" + tokensAfter + ", fellBack=" + fellBack
                + ", traceId=" + traceId + ", requestIds=" + requestIds + ", elapsed=" + elapsed.toMillis() + "ms"
                + (steps.isEmpty() ? "" : ", steps=" + steps) + (note != null ? ", note=" + note : "") + "}";
    }

    /**
     * Builds a {@link CompactionResult}. {@code items}, {@code strategy}, {@code traceId},
     * {@code elapsed} and at least one attempt are required; a strategy that extends
     * {@code TracedCompactor} sets only what its own work produced and leaves the rest to the base
     * class. Not thread-safe.
     */
    public static final class Builder {
        private List<? extends Item> items;
        private String strategy;
        private int tokensBefore;
        private int tokensAfter;
        private int itemsBefore;
        private Usage usage = Usage.NONE;
        private String traceId;
        private final List<String> requestIds = new ArrayList<>();
        private boolean fellBack;
        private final List<Attempt> attempts = new ArrayList<>();
        private Duration elapsed;
        private String note;
        private final List<String> steps = new ArrayList<>();

        private Builder() {}

        /**
         * @param items the new history; copied at {@link #build()}
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.items = Objects.requireNonNull(items, "items");
            return this;
        }

        /**
         * @param strategy the producing strategy's name
         * @return this
         */
        public Builder strategy(String strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** @return the strategy set so far, or null */
        public String strategy() {
            return strategy;
        }

        /**
         * @param tokens local count before
         * @return this
         */
        public Builder tokensBefore(int tokens) {
            this.tokensBefore = nonNegative(tokens, "tokensBefore");
            return this;
        }

        /**
         * @param tokens local count after
         * @return this
         */
        public Builder tokensAfter(int tokens) {
            this.tokensAfter = nonNegative(tokens, "tokensAfter");
            return this;
        }

        /**
         * @param count items in the request
         * @return this
         */
        public Builder itemsBefore(int count) {
            this.itemsBefore = nonNegative(count, "itemsBefore");
            return this;
        }

        /**
         * @param usage backend-reported usage; {@link Usage#NONE} by default
         * @return this
         */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /**
         * @param traceId the call's trace id
         * @return this
         */
        public Builder traceId(String traceId) {
            this.traceId = Objects.requireNonNull(traceId, "traceId");
            return this;
        }

        /**
         * @param ids backend request ids in attempt order, replacing any set before (nulls skipped)
         * @return this
         */
        public Builder requestIds(List<String> ids) {
            Objects.requireNonNull(ids, "ids");
            this.requestIds.clear();
            ids.stream().filter(Objects::nonNull).forEach(this.requestIds::add);
            return this;
        }

        /** @return the request ids set so far, unmodifiable */
        public List<String> requestIds() {
            return List.copyOf(requestIds);
        }

        /**
         * @param fellBack whether a later strategy of a chain produced it
         * @return this
         */
        public Builder fellBack(boolean fellBack) {
            this.fellBack = fellBack;
            return this;
        }

        /**
         * @param attempts the attempts, replacing any set before
         * @return this
         */
        public Builder attempts(List<Attempt> attempts) {
            Objects.requireNonNull(attempts, "attempts");
            this.attempts.clear();
            this.attempts.addAll(attempts);
            return this;
        }

        /** @return the attempts set so far, unmodifiable; empty when none were */
        public List<Attempt> attempts() {
            return List.copyOf(attempts);
        }

        /**
         * @param elapsed wall time of the whole compaction
         * @return this
         */
        public Builder elapsed(Duration elapsed) {
            Objects.requireNonNull(elapsed, "elapsed");
            if (elapsed.isNegative()) {
                throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
            }
            this.elapsed = elapsed;
            return this;
        }

        /**
         * @param note why the result is what it is, or null
         * @return this
         */
        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /**
         * @param names the steps whose changes the result holds, in the order they ran (see
         *     {@link CompactionResult#steps()}), replacing any set before
         * @return this
         */
        public Builder steps(List<String> names) {
            Objects.requireNonNull(names, "names");
            List<String> copy = List.copyOf(names); // NullPointerException for a null name
            this.steps.clear();
            this.steps.addAll(copy);
            return this;
        }

        /**
         * @return the result
         * @throws IllegalStateException when the items, the strategy, the trace id, the elapsed
         *     time or every attempt is missing
         */
        public CompactionResult build() {
            require(items, "items");
            require(strategy, "strategy");
            require(traceId, "traceId");
            require(elapsed, "elapsed");
            if (attempts.isEmpty()) {
                throw new IllegalStateException("a CompactionResult needs at least one attempt; a compactor that"
                        + " extends TracedCompactor gets it recorded");
            }
            return new CompactionResult(this);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalStateException(name + " is required" + (name.equals("traceId") || name.equals("elapsed")
                        ? "; a compactor that extends TracedCompactor gets it set by the trace scope" : ""));
            }
        }

        private static int nonNegative(int v, String name) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
            return v;
        }
    }
}
