package io.github.compact4j.registry;

import io.github.compact4j.http.AuthStyle;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of backend compact4j knows how to compact for: its API, default base URL, where its API
 * key is found, and whether it offers OpenAI's native compaction.
 *
 * <p>The catalogue ({@link #of(String)}, {@link #known()}):
 * <table class="striped">
 * <caption>Providers</caption>
 * <thead><tr><th>id</th><th>summarizes through</th><th>default base URL</th><th>API key variable</th></tr></thead>
 * <tbody>
 * <tr><td>{@code openai}</td><td>native compaction, then Chat Completions</td><td>{@code https://api.openai.com/v1}</td><td>{@code OPENAI_API_KEY}</td></tr>
 * <tr><td>{@code azure-openai}</td><td>native compaction, then Chat Completions</td><td>none: {@code https://RESOURCE.openai.azure.com/openai/v1}</td><td>{@code AZURE_OPENAI_API_KEY}</td></tr>
 * <tr><td>{@code anthropic}</td><td>native compaction ({@code compaction} parameter), then Anthropic Messages</td><td>{@code https://api.anthropic.com}</td><td>{@code ANTHROPIC_API_KEY}</td></tr>
 * <tr><td>{@code gemini}</td><td>Chat Completions</td><td>{@code https://generativelanguage.googleapis.com/v1beta/openai}</td><td>{@code GEMINI_API_KEY}</td></tr>
 * <tr><td>{@code ollama}</td><td>Chat Completions</td><td>{@code http://localhost:11434/v1}</td><td>none needed</td></tr>
 * <tr><td>{@code vllm}</td><td>Chat Completions</td><td>{@code http://localhost:8000/v1}</td><td>{@code VLLM_API_KEY} (optional)</td></tr>
 * <tr><td>{@code lmstudio}</td><td>Chat Completions</td><td>{@code http://localhost:1234/v1}</td><td>none needed</td></tr>
 * <tr><td>{@code groq}</td><td>Chat Completions</td><td>{@code https://api.groq.com/openai/v1}</td><td>{@code GROQ_API_KEY}</td></tr>
 * <tr><td>{@code openrouter}</td><td>Chat Completions</td><td>{@code https://openrouter.ai/api/v1}</td><td>{@code OPENROUTER_API_KEY}</td></tr>
 * <tr><td>{@code together}</td><td>Chat Completions</td><td>{@code https://api.together.xyz/v1}</td><td>{@code TOGETHER_API_KEY}</td></tr>
 * <tr><td>{@code deepseek}</td><td>Chat Completions</td><td>{@code https://api.deepseek.com/v1}</td><td>{@code DEEPSEEK_API_KEY}</td></tr>
 * <tr><td>{@code xai}</td><td>native compaction, then Chat Completions</td><td>{@code https://api.x.ai/v1}</td><td>{@code XAI_API_KEY}</td></tr>
 * <tr><td>{@code openai-compatible}</td><td>Chat Completions</td><td>none: give one</td><td>{@code OPENAI_COMPATIBLE_API_KEY} (optional)</td></tr>
 * </tbody>
 * </table>
 */
public final class Provider {

    /** The API a provider's summaries are made through. */
    public enum Api {
        /** OpenAI-compatible {@code POST {baseUrl}/chat/completions}. */
        CHAT_COMPLETIONS,
        /** Anthropic's {@code POST {baseUrl}/v1/messages}. */
        ANTHROPIC_MESSAGES
    }

    /** The provider's own compaction API, which a default chain tries first. */
    public enum NativeCompaction {
        /** None: the chain starts with summarizing. */
        NONE,
        /** OpenAI's {@code POST {baseUrl}/responses/compact}: OpenAI, Azure OpenAI, xAI. */
        RESPONSES_COMPACT,
        /**
         * Anthropic's {@code POST {baseUrl}/v1/messages} with the {@code compaction} parameter
         * (beta {@code compact-2026-09-04}).
         */
        ANTHROPIC_COMPACTION
    }

    /** The id of the catch-all provider for any OpenAI-compatible server. */
    public static final String OPENAI_COMPATIBLE = "openai-compatible";

    private static final Map<String, Provider> KNOWN;

    static {
        Map<String, Provider> m = new LinkedHashMap<>();
        add(m, builder("openai").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://api.openai.com/v1")
                .apiKeyVariables("OPENAI_API_KEY").baseUrlVariable("OPENAI_BASE_URL")
                .nativeCompaction(NativeCompaction.RESPONSES_COMPACT).readsOpenAiCompactionItems(true));
        add(m, builder("azure-openai").api(Api.CHAT_COMPLETIONS)
                .apiKeyVariables("AZURE_OPENAI_API_KEY").baseUrlVariable("AZURE_OPENAI_BASE_URL")
                .baseUrlHint("https://RESOURCE.openai.azure.com/openai/v1").authStyle(AuthStyle.AZURE_API_KEY)
                .nativeCompaction(NativeCompaction.RESPONSES_COMPACT).readsOpenAiCompactionItems(true));
        add(m, builder("anthropic").api(Api.ANTHROPIC_MESSAGES).defaultBaseUrl("https://api.anthropic.com")
                .apiKeyVariables("ANTHROPIC_API_KEY").baseUrlVariable("ANTHROPIC_BASE_URL")
                .authStyle(AuthStyle.X_API_KEY).nativeCompaction(NativeCompaction.ANTHROPIC_COMPACTION));
        add(m, builder("gemini").api(Api.CHAT_COMPLETIONS)
                .defaultBaseUrl("https://generativelanguage.googleapis.com/v1beta/openai")
                .apiKeyVariables("GEMINI_API_KEY", "GOOGLE_API_KEY").baseUrlVariable("GEMINI_BASE_URL"));
        add(m, builder("ollama").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("http://localhost:11434/v1")
                .apiKeyVariables("OLLAMA_API_KEY").baseUrlVariable("OLLAMA_BASE_URL").apiKeyRequired(false));
        add(m, builder("vllm").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("http://localhost:8000/v1")
                .apiKeyVariables("VLLM_API_KEY").baseUrlVariable("VLLM_BASE_URL").apiKeyRequired(false));
        add(m, builder("lmstudio").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("http://localhost:1234/v1")
                .apiKeyVariables("LMSTUDIO_API_KEY").baseUrlVariable("LMSTUDIO_BASE_URL").apiKeyRequired(false));
        add(m, builder("groq").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://api.groq.com/openai/v1")
                .apiKeyVariables("GROQ_API_KEY").baseUrlVariable("GROQ_BASE_URL"));
        add(m, builder("openrouter").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://openrouter.ai/api/v1")
                .apiKeyVariables("OPENROUTER_API_KEY").baseUrlVariable("OPENROUTER_BASE_URL"));
        add(m, builder("together").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://api.together.xyz/v1")
                .apiKeyVariables("TOGETHER_API_KEY").baseUrlVariable("TOGETHER_BASE_URL"));
        add(m, builder("deepseek").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://api.deepseek.com/v1")
                .apiKeyVariables("DEEPSEEK_API_KEY").baseUrlVariable("DEEPSEEK_BASE_URL"));
        // xAI's compaction items have OpenAI's shape but only xAI can read them, and OpenAI's
        // only OpenAI: a history holding one is not portable between the two
        add(m, builder("xai").api(Api.CHAT_COMPLETIONS).defaultBaseUrl("https://api.x.ai/v1")
                .apiKeyVariables("XAI_API_KEY").baseUrlVariable("XAI_BASE_URL")
                .nativeCompaction(NativeCompaction.RESPONSES_COMPACT).readsCompactionItems(true));
        add(m, builder(OPENAI_COMPATIBLE).api(Api.CHAT_COMPLETIONS)
                .apiKeyVariables("OPENAI_COMPATIBLE_API_KEY").baseUrlVariable("OPENAI_COMPATIBLE_BASE_URL")
                .apiKeyRequired(false));
        KNOWN = Collections.unmodifiableMap(m);
    }

    private final String id;
    private final Api api;
    private final String defaultBaseUrl;
    private final String baseUrlHint;
    private final List<String> apiKeyVariables;
    private final String baseUrlVariable;
    private final boolean apiKeyRequired;
    private final NativeCompaction nativeCompaction;
    private final AuthStyle authStyle;
    private final boolean readsOpenAiCompactionItems;
    private final boolean readsCompactionItems;

    private Provider(Builder b) {
        this.id = b.id;
        this.api = b.api;
        this.defaultBaseUrl = b.defaultBaseUrl;
        this.baseUrlHint = b.baseUrlHint;
        this.apiKeyVariables = List.copyOf(b.apiKeyVariables);
        this.baseUrlVariable = b.baseUrlVariable;
        this.apiKeyRequired = b.apiKeyRequired;
        this.nativeCompaction = b.nativeCompaction;
        this.authStyle = b.authStyle;
        this.readsOpenAiCompactionItems = b.readsOpenAiCompactionItems;
        this.readsCompactionItems = b.readsCompactionItems || b.readsOpenAiCompactionItems;
    }

    /**
     * A provider of your own, e.g. for a {@link CompactorProvider} or a registry rule: its API,
     * base URL and where its key is found. The catalogue's entries are built the same way.
     *
     * @param id the provider id, lower case, e.g. {@code bedrock-gateway}
     * @return a builder; the API is Chat Completions and a key is required unless set otherwise
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the provider id used in {@code Backend.builder().provider(id)} */
    public String id() {
        return id;
    }

    /** @return the API its summaries go through */
    public Api api() {
        return api;
    }

    /** @return the base URL used when the backend gives none, or null when one is required */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** @return an example base URL for the error when one is required and missing, or null */
    public String baseUrlHint() {
        return baseUrlHint;
    }

    /** @return environment variables searched, in order, for the API key */
    public List<String> apiKeyVariables() {
        return apiKeyVariables;
    }

    /** @return the environment variable that overrides the base URL, or null */
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    /** @return whether calls fail without a key (local servers need none) */
    public boolean apiKeyRequired() {
        return apiKeyRequired;
    }

    /** @return the provider's own compaction API, {@link NativeCompaction#NONE} when it has none */
    public NativeCompaction nativeCompaction() {
        return nativeCompaction;
    }

    /** @return whether it has a native compaction API the default chain tries first */
    public boolean hasNativeCompaction() {
        return nativeCompaction != NativeCompaction.NONE;
    }

    /** @return how its key is sent */
    public AuthStyle authStyle() {
        return authStyle;
    }

    /**
     * @return whether its API reads the opaque compaction items OpenAI's compaction writes (OpenAI
     *     and Azure OpenAI): a history holding one can go to no other provider
     */
    public boolean readsOpenAiCompactionItems() {
        return readsOpenAiCompactionItems;
    }

    /**
     * @return whether its API reads opaque {@code compaction} items at all: OpenAI and Azure
     *     OpenAI read OpenAI's, xAI reads its own. Items of both have the same shape and are bound
     *     to the account that made them, so compact4j cannot tell them apart; a history carried
     *     from one of these providers to another meets a 400 there (rebuild it from the journal)
     */
    public boolean readsCompactionItems() {
        return readsCompactionItems;
    }

    /**
     * @return whether its API reads Anthropic's {@code compaction} blocks (Anthropic's Messages
     *     API); for any other provider a block's readable summary goes as a marked message
     */
    public boolean readsAnthropicCompactionBlocks() {
        return api == Api.ANTHROPIC_MESSAGES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provider p && id.equals(p.id) && api == p.api && Objects.equals(defaultBaseUrl, p.defaultBaseUrl)
                && apiKeyVariables.equals(p.apiKeyVariables) && Objects.equals(baseUrlVariable, p.baseUrlVariable)
                && apiKeyRequired == p.apiKeyRequired && nativeCompaction == p.nativeCompaction
                && authStyle == p.authStyle && readsOpenAiCompactionItems == p.readsOpenAiCompactionItems
                && readsCompactionItems == p.readsCompactionItems;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Provider{" + id + ", api=" + api + ", native=" + nativeCompaction + ", auth=" + authStyle.display() + "}";
    }

    private static void add(Map<String, Provider> m, Builder b) {
        Provider p = b.build();
        m.put(p.id, p);
    }

    /**
     * @param id a provider id, case-insensitive; {@code azure} and {@code openai_compatible}
     *     style spellings are accepted
     * @return the provider, if the catalogue knows it
     */
    public static Optional<Provider> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String key = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.equals("azure")) {
            key = "azure-openai";
        } else if (key.equals("lm-studio")) {
            key = "lmstudio";
        } else if (key.equals("google")) {
            key = "gemini";
        }
        return Optional.ofNullable(KNOWN.get(key));
    }

    /** @return every provider of the catalogue, in the order of the table above */
    public static Collection<Provider> known() {
        return KNOWN.values();
    }

    /** Builds a {@link Provider}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private Api api = Api.CHAT_COMPLETIONS;
        private String defaultBaseUrl;
        private String baseUrlHint;
        private List<String> apiKeyVariables = List.of();
        private String baseUrlVariable;
        private boolean apiKeyRequired = true;
        private NativeCompaction nativeCompaction = NativeCompaction.NONE;
        private AuthStyle authStyle;
        private boolean readsOpenAiCompactionItems;
        private boolean readsCompactionItems;

        private Builder(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("a provider id must not be blank");
            }
            this.id = id.strip().toLowerCase(Locale.ROOT);
        }

        /**
         * @param api the API its summaries go through
         * @return this
         */
        public Builder api(Api api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        /**
         * @param url the base URL used when a backend gives none; null when one is required
         * @return this
         */
        public Builder defaultBaseUrl(String url) {
            this.defaultBaseUrl = url;
            return this;
        }

        /**
         * @param example a base URL to name when one is required and missing
         * @return this
         */
        public Builder baseUrlHint(String example) {
            this.baseUrlHint = example;
            return this;
        }

        /**
         * @param variables environment variables searched, in order, for the key
         * @return this
         */
        public Builder apiKeyVariables(String... variables) {
            this.apiKeyVariables = List.of(variables);
            return this;
        }

        /**
         * @param variable the environment variable that overrides the base URL, or null
         * @return this
         */
        public Builder baseUrlVariable(String variable) {
            this.baseUrlVariable = variable;
            return this;
        }

        /**
         * @param required whether calls fail without a key; true by default
         * @return this
         */
        public Builder apiKeyRequired(boolean required) {
            this.apiKeyRequired = required;
            return this;
        }

        /**
         * @param api its own compaction API; {@link NativeCompaction#NONE} by default
         * @return this
         */
        public Builder nativeCompaction(NativeCompaction api) {
            this.nativeCompaction = Objects.requireNonNull(api, "api");
            return this;
        }

        /**
         * @param style how its key is sent; by default {@link AuthStyle#X_API_KEY} for Anthropic's
         *     API and {@link AuthStyle#BEARER} for the rest
         * @return this
         */
        public Builder authStyle(AuthStyle style) {
            this.authStyle = Objects.requireNonNull(style, "style");
            return this;
        }

        /**
         * @param reads whether its API reads OpenAI's compaction items
         * @return this
         */
        public Builder readsOpenAiCompactionItems(boolean reads) {
            this.readsOpenAiCompactionItems = reads;
            return this;
        }

        /**
         * @param reads whether its API reads the opaque compaction items its own native
         *     compaction writes (xAI's, say); implied by {@link #readsOpenAiCompactionItems(boolean)}
         * @return this
         */
        public Builder readsCompactionItems(boolean reads) {
            this.readsCompactionItems = reads;
            return this;
        }

        /** @return the provider */
        public Provider build() {
            if (authStyle == null) {
                authStyle = api == Api.ANTHROPIC_MESSAGES ? AuthStyle.X_API_KEY : AuthStyle.BEARER;
            }
            return new Provider(this);
        }
    }
}
