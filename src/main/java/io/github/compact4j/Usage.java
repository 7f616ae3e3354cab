package io.github.compact4j;

import java.util.Objects;

/**
 * Tokens a backend reported for the compaction call itself (what the compaction cost, not how
 * large the conversation is). {@link #NONE} for strategies that call no model. Immutable; a final
 * class rather than a record so that figures can be added without breaking callers.
 *
 * <pre>{@code
 * Usage u = Usage.builder().inputTokens(12_000).outputTokens(800).cachedInputTokens(4_000).build();
 * Usage both = u.plus(Usage.of(3_000, 200));   // summed over the calls of one compaction
 * }</pre>
 */
public final class Usage {

    /** No model was called. */
    public static final Usage NONE = builder().modelCalls(0).build();

    private final long inputTokens;
    private final long outputTokens;
    private final long totalTokens;
    private final long cachedInputTokens;
    private final long reasoningTokens;
    private final int modelCalls;

    private Usage(Builder b) {
        this.inputTokens = b.inputTokens;
        this.outputTokens = b.outputTokens;
        this.totalTokens = b.totalTokens >= 0 ? b.totalTokens : b.inputTokens + b.outputTokens;
        this.cachedInputTokens = b.cachedInputTokens;
        this.reasoningTokens = b.reasoningTokens;
        this.modelCalls = b.modelCalls;
    }

    /** @return a builder for one model call's usage, every figure 0 until set */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The usage of one model call.
     *
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     * @return the usage, total = input + output
     * @throws IllegalArgumentException when a figure is negative
     */
    public static Usage of(long inputTokens, long outputTokens) {
        return builder().inputTokens(inputTokens).outputTokens(outputTokens).build();
    }

    /**
     * @return one model call whose backend reported no figures (every token count 0), so that a
     *     good answer is not discarded for a missing {@code usage} object
     */
    public static Usage unreported() {
        return builder().build();
    }

    /** @return tokens the backend read, cached ones included */
    public long inputTokens() {
        return inputTokens;
    }

    /** @return tokens the backend wrote, reasoning included */
    public long outputTokens() {
        return outputTokens;
    }

    /** @return the backend's total, which may include tokens neither other figure counts */
    public long totalTokens() {
        return totalTokens;
    }

    /** @return input tokens served from the prompt cache, 0 when not reported */
    public long cachedInputTokens() {
        return cachedInputTokens;
    }

    /** @return output tokens spent on reasoning, 0 when not reported */
    public long reasoningTokens() {
        return reasoningTokens;
    }

    /** @return how many model calls the strategy made */
    public int modelCalls() {
        return modelCalls;
    }

    /**
     * @param other another usage
     * @return the sum of both, e.g. over the chunks of a summary
     */
    public Usage plus(Usage other) {
        return builder().inputTokens(inputTokens + other.inputTokens).outputTokens(outputTokens + other.outputTokens)
                .totalTokens(totalTokens + other.totalTokens)
                .cachedInputTokens(cachedInputTokens + other.cachedInputTokens)
                .reasoningTokens(reasoningTokens + other.reasoningTokens)
                .modelCalls(modelCalls + other.modelCalls).build();
    }

    /** @return a builder holding these figures */
    public Builder toBuilder() {
        return builder().inputTokens(inputTokens).outputTokens(outputTokens).totalTokens(totalTokens)
                .cachedInputTokens(cachedInputTokens).reasoningTokens(reasoningTokens).modelCalls(modelCalls);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Usage u && inputTokens == u.inputTokens && outputTokens == u.outputTokens
                && totalTokens == u.totalTokens && cachedInputTokens == u.cachedInputTokens
                && reasoningTokens == u.reasoningTokens && modelCalls == u.modelCalls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputTokens, outputTokens, totalTokens, cachedInputTokens, reasoningTokens, modelCalls);
    }

    @Override
    public String toString() {
        return "Usage{input=" + inputTokens + ", output=" + outputTokens + ", total=" + totalTokens
                + (cachedInputTokens > 0 ? ", cachedInput=" + cachedInputTokens : "")
                + (reasoningTokens > 0 ? ", reasoning=" + reasoningTokens : "") + ", modelCalls=" + modelCalls + "}";
    }

    /** Builds a {@link Usage}; every setter rejects a negative figure. Not thread-safe. */
    public static final class Builder {
        private long inputTokens;
        private long outputTokens;
        private long totalTokens = -1;
        private long cachedInputTokens;
        private long reasoningTokens;
        private int modelCalls = 1;

        private Builder() {}

        /**
         * @param tokens tokens the backend read, cached ones included
         * @return this
         */
        public Builder inputTokens(long tokens) {
            this.inputTokens = nonNegative(tokens, "inputTokens");
            return this;
        }

        /**
         * @param tokens tokens the backend wrote
         * @return this
         */
        public Builder outputTokens(long tokens) {
            this.outputTokens = nonNegative(tokens, "outputTokens");
            return this;
        }

        /**
         * @param tokens the backend's total; input + output when not set
         * @return this
         */
        public Builder totalTokens(long tokens) {
            this.totalTokens = nonNegative(tokens, "totalTokens");
            return this;
        }

        /**
         * @param tokens input tokens served from the prompt cache
         * @return this
         */
        public Builder cachedInputTokens(long tokens) {
            this.cachedInputTokens = nonNegative(tokens, "cachedInputTokens");
            return this;
        }

        /**
         * @param tokens output tokens spent on reasoning
         * @return this
         */
        public Builder reasoningTokens(long tokens) {
            this.reasoningTokens = nonNegative(tokens, "reasoningTokens");
            return this;
        }

        /**
         * @param calls how many model calls the figures cover; 1 by default
         * @return this
         */
        public Builder modelCalls(int calls) {
            this.modelCalls = (int) nonNegative(calls, "modelCalls");
            return this;
        }

        /** @return the usage */
        public Usage build() {
            return new Usage(this);
        }

        private static long nonNegative(long v, String name) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
            return v;
        }
    }
}
