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

    private CompactionResult(Builder b) {
        this.items = List.copyOf(Objects.requireNonNull(b.items, "items"));
        this.strategy = Objects.requireNonNull(b.strategy, "strategy");
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
    }

    /** @return a new builder, for strategies */
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
                + (note != null ? ", note=" + note : "") + "}";
    }

    /** Builds a {@link CompactionResult}; used by strategies. Not thread-safe. */
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
        private Duration elapsed = Duration.ZERO;
        private String note;

        private Builder() {}

        /**
         * @param items the new history
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.items = items;
            return this;
        }

        /**
         * @param strategy the producing strategy's name
         * @return this
         */
        public Builder strategy(String strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * @param tokens local count before
         * @return this
         */
        public Builder tokensBefore(int tokens) {
            this.tokensBefore = tokens;
            return this;
        }

        /**
         * @param tokens local count after
         * @return this
         */
        public Builder tokensAfter(int tokens) {
            this.tokensAfter = tokens;
            return this;
        }

        /**
         * @param count items in the request
         * @return this
         */
        public Builder itemsBefore(int count) {
            this.itemsBefore = count;
            return this;
        }

        /**
         * @param usage backend-reported usage
         * @return this
         */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage);
            return this;
        }

        /**
         * @param traceId the call's trace id
         * @return this
         */
        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /**
         * @param ids backend request ids, appended in order
         * @return this
         */
        public Builder requestIds(List<String> ids) {
            this.requestIds.clear();
            ids.stream().filter(Objects::nonNull).forEach(this.requestIds::add);
            return this;
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
            this.attempts.clear();
            this.attempts.addAll(attempts);
            return this;
        }

        /**
         * @param elapsed wall time
         * @return this
         */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = Objects.requireNonNull(elapsed);
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

        /** @return the result */
        public CompactionResult build() {
            return new CompactionResult(this);
        }
    }
}
