package io.github.compact4j.context;

import io.github.compact4j.CompactionRequest;
import java.util.Objects;

/**
 * When a {@link ManagedConversation} compacts, and whether a compaction was worth it.
 *
 * <p>Compaction triggers when the conversation's (calibrated) token estimate reaches the lower of
 * {@code triggerRatio × window} (or {@code triggerTokens}, when set) and {@code window −
 * reserveTokens}, the room kept free for the model's next answer. A result that saves less than
 * {@code minSavingRatio} of the conversation is discarded and the history kept as it was.
 *
 * <pre>{@code
 * CompactionPolicy policy = CompactionPolicy.builder()
 *         .triggerRatio(0.80)        // compact at 80% of the window
 *         .reserveTokens(16_000)     // always leave room for a 16k answer
 *         .targetRatio(0.40)         // aim for 40% of the window afterwards
 *         .build();
 * }</pre>
 *
 * <p>The target and the minimum saving travel with every compaction request the conversation
 * makes ({@link CompactionRequest#targetTokens()}, {@link CompactionRequest#minSavingRatio()}), so
 * the strategies aim at the target and the one minimum-saving rule decides whether a result is
 * applied. Immutable; a final class with a builder so that settings can be added.
 */
public final class CompactionPolicy {

    private final double triggerRatio;
    private final int triggerTokens;
    private final double targetRatio;
    private final int targetTokens;
    private final double minSavingRatio;
    private final int reserveTokens;

    private CompactionPolicy(Builder b) {
        this.triggerRatio = b.triggerRatio;
        this.triggerTokens = b.triggerTokens;
        this.targetRatio = b.targetRatio;
        this.targetTokens = b.targetTokens;
        this.minSavingRatio = b.minSavingRatio;
        this.reserveTokens = b.reserveTokens;
    }

    /** @return the share of the context window at which to compact (default 0.85) */
    public double triggerRatio() {
        return triggerRatio;
    }

    /** @return an absolute token count at which to compact, or 0 to use the ratio */
    public int triggerTokens() {
        return triggerTokens;
    }

    /** @return the share of the window a compaction aims to get below (default 0.5) */
    public double targetRatio() {
        return targetRatio;
    }

    /** @return an absolute token count a compaction aims to get below, or 0 to use the ratio */
    public int targetTokens() {
        return targetTokens;
    }

    /** @return the smallest share of tokens a compaction must save to be applied (default 0.1) */
    public double minSavingRatio() {
        return minSavingRatio;
    }

    /** @return tokens kept free for the next answer (default 8192) */
    public int reserveTokens() {
        return reserveTokens;
    }

    /** @return the defaults: 0.85 trigger, 0.5 target, 0.1 minimum saving, 8192 reserved */
    public static CompactionPolicy defaults() {
        return builder().build();
    }

    /**
     * Reads a policy from properties, every key optional, the defaults for the rest:
     * <pre>
     * compact4j.policy.trigger-ratio=0.8
     * compact4j.policy.trigger-tokens=0
     * compact4j.policy.target-ratio=0.5
     * compact4j.policy.min-saving-ratio=0.1
     * compact4j.policy.reserve-tokens=16000
     * </pre>
     *
     * @param properties e.g. loaded from {@code compact4j.properties}
     * @return the policy
     * @throws IllegalArgumentException naming the key, when a value is not a number or out of range
     */
    public static CompactionPolicy fromProperties(java.util.Properties properties) {
        return from(name -> properties.getProperty("compact4j.policy." + name), "compact4j.policy.");
    }

    /**
     * Reads a policy from environment variables, every one optional: {@code
     * COMPACT4J_POLICY_TRIGGER_RATIO}, {@code COMPACT4J_POLICY_TRIGGER_TOKENS}, {@code
     * COMPACT4J_POLICY_TARGET_RATIO}, {@code COMPACT4J_POLICY_MIN_SAVING_RATIO}, {@code
     * COMPACT4J_POLICY_RESERVE_TOKENS}.
     *
     * @param environment e.g. {@link System#getenv()}
     * @return the policy
     * @throws IllegalArgumentException naming the variable, when a value is not a number or out of range
     */
    public static CompactionPolicy fromEnvironment(java.util.Map<String, String> environment) {
        return from(name -> environment.get("COMPACT4J_POLICY_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                "COMPACT4J_POLICY_");
    }

    private static CompactionPolicy from(java.util.function.UnaryOperator<String> lookup, String prefix) {
        Builder b = builder();
        try {
            return read(b, lookup, prefix);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(prefix)) {
                throw e; // it names the key already
            }
            throw new IllegalArgumentException("invalid compaction policy from " + prefix + "*: " + e.getMessage(), e);
        }
    }

    private static CompactionPolicy read(Builder b, java.util.function.UnaryOperator<String> lookup, String prefix) {
        String v;
        if ((v = lookup.apply("trigger-ratio")) != null) {
            b.triggerRatio(number(v, key(prefix, "trigger-ratio")));
        }
        if ((v = lookup.apply("trigger-tokens")) != null) {
            b.triggerTokens((int) whole(v, key(prefix, "trigger-tokens")));
        }
        if ((v = lookup.apply("target-ratio")) != null) {
            b.targetRatio(number(v, key(prefix, "target-ratio")));
        }
        if ((v = lookup.apply("target-tokens")) != null) {
            b.targetTokens((int) whole(v, key(prefix, "target-tokens")));
        }
        if ((v = lookup.apply("min-saving-ratio")) != null) {
            b.minSavingRatio(number(v, key(prefix, "min-saving-ratio")));
        }
        if ((v = lookup.apply("reserve-tokens")) != null) {
            b.reserveTokens((int) whole(v, key(prefix, "reserve-tokens")));
        }
        return b.build();
    }

    private static String key(String prefix, String name) {
        return prefix.endsWith("_") ? prefix + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') : prefix + name;
    }

    private static double number(String v, String key) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    private static long whole(String v, String key) {
        try {
            return Integer.parseInt(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param window the model's context window in tokens
     * @return the token count at which compaction triggers
     */
    public int triggerAt(int window) {
        long byShare = triggerTokens > 0 ? triggerTokens : (long) Math.floor(window * triggerRatio);
        long byReserve = (long) window - reserveTokens;
        return (int) Math.max(1, Math.min(byShare, byReserve > 0 ? byReserve : byShare));
    }

    /**
     * @param window the model's context window
     * @return the token count a compaction should get below: {@code targetTokens} when set, else
     *     {@code targetRatio × window}, and never above the trigger
     */
    public int targetAt(int window) {
        int target = targetTokens > 0 ? targetTokens : (int) Math.floor(window * targetRatio);
        return Math.max(1, Math.min(target, triggerAt(window)));
    }

    /**
     * @param tokens the conversation's estimate
     * @param window the model's context window
     * @return whether to compact now
     */
    public boolean shouldCompact(long tokens, int window) {
        return tokens >= triggerAt(window);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactionPolicy p && triggerRatio == p.triggerRatio && triggerTokens == p.triggerTokens
                && targetRatio == p.targetRatio && targetTokens == p.targetTokens && minSavingRatio == p.minSavingRatio
                && reserveTokens == p.reserveTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(triggerRatio, triggerTokens, targetRatio, targetTokens, minSavingRatio, reserveTokens);
    }

    @Override
    public String toString() {
        return "CompactionPolicy{trigger=" + (triggerTokens > 0 ? triggerTokens + " tokens" : triggerRatio)
                + ", target=" + (targetTokens > 0 ? targetTokens + " tokens" : targetRatio)
                + ", minSavingRatio=" + minSavingRatio + ", reserveTokens=" + reserveTokens + "}";
    }

    /**
     * Builds a {@link CompactionPolicy}; every setter checks its value and throws
     * {@link IllegalArgumentException} at once. Not thread-safe.
     */
    public static final class Builder {
        private double triggerRatio = 0.85;
        private int triggerTokens;
        private double targetRatio = 0.5;
        private int targetTokens;
        private double minSavingRatio = CompactionRequest.DEFAULT_MIN_SAVING_RATIO;
        private int reserveTokens = 8192;

        private Builder() {}

        /**
         * @param ratio share of the window that triggers compaction, in (0, 1]
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder triggerRatio(double ratio) {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("triggerRatio must be in (0, 1], got " + ratio);
            }
            this.triggerRatio = ratio;
            return this;
        }

        /**
         * @param tokens absolute trigger; 0 to use the ratio
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder triggerTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("triggerTokens must not be negative, got " + tokens);
            }
            this.triggerTokens = tokens;
            return this;
        }

        /**
         * @param ratio share of the window a compaction aims to get below, in (0, 1]
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder targetRatio(double ratio) {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("targetRatio must be in (0, 1], got " + ratio);
            }
            this.targetRatio = ratio;
            return this;
        }

        /**
         * @param tokens absolute target; 0 to use the ratio
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder targetTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("targetTokens must not be negative, got " + tokens);
            }
            this.targetTokens = tokens;
            return this;
        }

        /**
         * @param ratio smallest share saved for a result to be applied, in [0, 1)
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder minSavingRatio(double ratio) {
            if (!(ratio >= 0 && ratio < 1)) {
                throw new IllegalArgumentException("minSavingRatio must be in [0, 1), got " + ratio);
            }
            this.minSavingRatio = ratio;
            return this;
        }

        /**
         * @param tokens room kept free for the next answer
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder reserveTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("reserveTokens must not be negative, got " + tokens);
            }
            this.reserveTokens = tokens;
            return this;
        }

        /** @return the policy */
        public CompactionPolicy build() {
            return new CompactionPolicy(this);
        }
    }
}
