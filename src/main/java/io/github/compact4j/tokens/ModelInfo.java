package io.github.compact4j.tokens;

import java.util.Locale;
import java.util.Objects;

/**
 * What the library needs to know about a model: how many tokens its context window holds, how
 * many it may write in one answer, which encoding counts its tokens, and which provider family
 * it belongs to. Immutable; build one with {@link #builder()} or {@link #of(String, int, int)}.
 *
 * <p>The context window is the published figure: the most tokens one request can hold. For
 * OpenAI and Anthropic models the answer shares it with the input; Gemini publishes an input
 * limit with a separate output limit, and its input limit is what is recorded here.
 *
 * <pre>{@code
 * ModelInfo mine = ModelInfo.builder()
 *     .provider("openai").contextWindow(64_000).maxOutputTokens(8_192)
 *     .encoding(TokenEncoding.O200K_BASE)
 *     .build();
 * }</pre>
 *
 * @see ModelCatalog
 */
public final class ModelInfo {

    private final int contextWindow;
    private final int maxOutputTokens;
    private final TokenEncoding encoding;
    private final String provider;

    private ModelInfo(Builder b) {
        if (b.contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive, was " + b.contextWindow);
        }
        if (b.maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens must not be negative, was " + b.maxOutputTokens);
        }
        if (b.maxOutputTokens > b.contextWindow) {
            throw new IllegalArgumentException("maxOutputTokens (" + b.maxOutputTokens
                    + ") must not exceed contextWindow (" + b.contextWindow + ")");
        }
        this.contextWindow = b.contextWindow;
        this.maxOutputTokens = b.maxOutputTokens;
        this.encoding = Objects.requireNonNull(b.encoding, "encoding");
        this.provider = normalizeProvider(b.provider);
    }

    /**
     * A model counted with {@code o200k_base}.
     *
     * @param provider the provider family, e.g. {@code "anthropic"}
     * @param contextWindow the context window in tokens
     * @param maxOutputTokens the most tokens one answer may hold
     * @return the model info
     */
    public static ModelInfo of(String provider, int contextWindow, int maxOutputTokens) {
        return builder().provider(provider).contextWindow(contextWindow).maxOutputTokens(maxOutputTokens).build();
    }

    /** @return a builder with no window set, {@code o200k_base} and provider {@code "unknown"} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this info's values, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder().contextWindow(contextWindow).maxOutputTokens(maxOutputTokens)
                .encoding(encoding).provider(provider);
    }

    /** @return the context window in tokens */
    public int contextWindow() {
        return contextWindow;
    }

    /** @return the most tokens the model writes in one answer; 0 when not known */
    public int maxOutputTokens() {
        return maxOutputTokens;
    }

    /** @return the encoding this model's tokens are counted with */
    public TokenEncoding encoding() {
        return encoding;
    }

    /**
     * @return the provider family in lower case: {@code openai}, {@code anthropic}, {@code google},
     *     {@code meta}, {@code qwen}, {@code deepseek}, {@code mistral}, {@code microsoft},
     *     {@code unknown}, or whatever a user entry says
     */
    public String provider() {
        return provider;
    }

    /**
     * @return whether token counts for this model come from the model's own tokenizer (OpenAI
     *     models) rather than from an estimate with another provider's encoding
     */
    public boolean exactTokenizer() {
        return "openai".equals(provider);
    }

    /** @return the shared counter for this model's encoding */
    public TokenCounter tokenCounter() {
        return TokenCounter.forEncoding(encoding);
    }

    private static String normalizeProvider(String p) {
        if (p == null || p.isBlank()) {
            return "unknown";
        }
        return p.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && contextWindow == m.contextWindow && maxOutputTokens == m.maxOutputTokens
                && encoding == m.encoding && provider.equals(m.provider);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contextWindow, maxOutputTokens, encoding, provider);
    }

    @Override
    public String toString() {
        return "ModelInfo{provider=" + provider + ", contextWindow=" + contextWindow
                + ", maxOutputTokens=" + maxOutputTokens + ", encoding=" + encoding.encodingName() + "}";
    }

    /** Builds a {@link ModelInfo}. */
    public static final class Builder {
        private int contextWindow;
        private int maxOutputTokens;
        private TokenEncoding encoding = TokenEncoding.O200K_BASE;
        private String provider = "unknown";

        private Builder() {}

        /**
         * @param tokens the context window in tokens; required, positive
         * @return this builder
         */
        public Builder contextWindow(int tokens) {
            this.contextWindow = tokens;
            return this;
        }

        /**
         * @param tokens the most tokens one answer may hold; 0 (the default) when not known
         * @return this builder
         */
        public Builder maxOutputTokens(int tokens) {
            this.maxOutputTokens = tokens;
            return this;
        }

        /**
         * @param encoding the encoding to count with; {@code o200k_base} by default
         * @return this builder
         */
        public Builder encoding(TokenEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * @param provider the provider family, e.g. {@code "openai"}; stored in lower case
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /**
         * @return the model info
         * @throws IllegalArgumentException when the window is not positive, or the output limit
         *     is negative or larger than the window
         */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
