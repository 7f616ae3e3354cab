package io.github.compact4j.registry;

import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.internal.NotSupportedMemory;
import io.github.compact4j.internal.PortabilityCheck;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.ModelCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;

/**
 * Picks the compaction chain for each backend, so a multi-agent app gets the right strategy for
 * every agent with one call.
 *
 * <pre>{@code
 * BackendRegistry registry = BackendRegistry.withDefaults();
 * ContextCompactor forClaude = registry.compactorFor(Backend.builder()
 *         .provider("anthropic").model("claude-sonnet-4-5").build());
 * ContextCompactor forGpt = registry.compactorFor(Backend.builder()
 *         .provider("openai").model("gpt-5.1-codex-max").build());
 * }</pre>
 *
 * <p>The defaults:
 * <ul>
 *   <li>OpenAI and Azure OpenAI: native {@code /responses/compact}, then summarizing through the
 *       same account's Chat Completions endpoint, then masking;</li>
 *   <li>every other provider: summarizing through its own endpoint (Anthropic Messages for
 *       Anthropic, Chat Completions for the rest), then masking.</li>
 * </ul>
 * A native endpoint that answers "not supported" (a 404, or a 400 saying the model cannot compact)
 * is remembered for that backend for {@link Builder#notSupportedTtl(Duration) a while}, so later
 * calls go straight to the fallback. A history holding an OpenAI compaction item is refused for
 * any other provider with a {@link NotPortableException}: rebuild it from the journal first.
 *
 * <p>Rules registered in code come first, then {@link CompactorProvider}s found through
 * {@link ServiceLoader}, then the defaults. Every compactor handed out is wrapped once in a
 * {@link TracingCompactor} whose MDC carries {@code compact4j.backend}. Compactors are cached per
 * backend. Thread-safe.
 */
public final class BackendRegistry {

    private final List<Rule> rules;
    private final List<CompactorProvider> providers;
    private final Function<Backend, Summarizer> summarizers;
    private final ToolOutputMaskingCompactor masking;
    private final int keepRecentTokens;
    private final FallbackPolicy policy;
    private final NotSupportedMemory memory;
    private final OkHttpClient httpClient;
    private final Map<Backend, ContextCompactor> cache = new ConcurrentHashMap<>();

    private BackendRegistry(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.providers = b.loadServices ? loadProviders() : List.of();
        this.summarizers = b.summarizers != null ? b.summarizers : this::defaultSummarizer;
        this.masking = b.masking != null ? b.masking : ToolOutputMaskingCompactor.builder().build();
        this.keepRecentTokens = b.keepRecentTokens;
        this.policy = b.policy;
        this.memory = new NotSupportedMemory(b.notSupportedTtl, b.clock);
        this.httpClient = b.httpClient;
    }

    /** @return a registry with the default chains and the service-loaded providers */
    public static BackendRegistry withDefaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param backend the backend an agent talks to
     * @return the compactor for it, wrapped in tracing; the same instance for equal backends
     * @throws IllegalArgumentException when the backend needs an API key and has none
     */
    public ContextCompactor compactorFor(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        return cache.computeIfAbsent(backend, this::create);
    }

    /**
     * @param backend a backend
     * @return whether its native compaction endpoint is remembered not to support compaction
     */
    public boolean rememberedUnsupported(Backend backend) {
        return memory.remembers(backend);
    }

    private ContextCompactor create(Backend backend) {
        ContextCompactor c = null;
        for (Rule r : rules) {
            if (r.matches.test(backend)) {
                c = Objects.requireNonNull(r.factory.apply(backend), "a registered rule returned no compactor for " + backend.id());
                break;
            }
        }
        if (c == null) {
            for (CompactorProvider p : providers) {
                Optional<ContextCompactor> found = p.compactorFor(backend);
                if (found.isPresent()) {
                    c = found.get();
                    break;
                }
            }
        }
        if (c == null) {
            c = defaultChain(backend);
        }
        return TracingCompactor.builder(c).attribute("backend", backend.provider()).build();
    }

    /**
     * The chain the defaults give a backend, without tracing: useful to compose a rule of your own
     * around it.
     *
     * @param backend the backend
     * @return its default chain
     */
    public ContextCompactor defaultChain(Backend backend) {
        Provider p = backend.providerInfo();
        if (p.apiKeyRequired() && backend.apiKey().isEmpty()) {
            throw new IllegalArgumentException("backend " + backend.id() + " has no API key: set "
                    + String.join(" or ", p.apiKeyVariables()) + ", or give Backend.builder().apiKey(...)");
        }
        // The middle is chunked to fit the model that writes the summary, which may be smaller than the agent's.
        SummarizingFallbackCompactor summarizing = SummarizingFallbackCompactor.builder()
                .summarizer(summarizers.apply(backend))
                .keepRecentTokens(keepRecentTokens)
                .summarizerContextWindow(ModelCatalog.defaults().lookup(backend.summaryModel()).contextWindow())
                .tokenCounter(ModelCatalog.defaults().counterFor(backend.model()))
                .build();
        FallbackChain.Builder chain = FallbackChain.builder().policy(policy);
        if (p.nativeCompaction()) {
            OpenAiCompactClient.Builder nb = OpenAiCompactClient.builder()
                    .apiKey(backend.apiKey().orElseThrow())
                    .baseUrl(backend.baseUrl())
                    .azure("azure-openai".equals(p.id()))
                    .apiKeySource(String.join(" or ", p.apiKeyVariables()));
            backend.headers().forEach(nb::header);
            if (httpClient != null) {
                nb.okHttpClient(httpClient);
            }
            OpenAiCompactClient nativeClient = nb.build();
            chain.then(nativeClient, memory.guardFor(backend, nativeClient.name()));
        }
        chain.then(summarizing).then(masking);
        FallbackChain built = chain.build();
        return p.nativeCompaction() ? built : new PortabilityCheck(built, backend);
    }

    /** Anthropic's Messages API for Anthropic; Chat Completions on the backend's own endpoint for the rest. */
    private Summarizer defaultSummarizer(Backend backend) {
        Provider p = backend.providerInfo();
        String keySource = String.join(" or ", p.apiKeyVariables());
        if (p.api() == Provider.Api.ANTHROPIC_MESSAGES) {
            AnthropicSummarizer.Builder b = AnthropicSummarizer.builder().baseUrl(backend.baseUrl())
                    .apiKey(backend.apiKey().orElse(null)).model(backend.summaryModel()).apiKeySource(keySource);
            backend.headers().forEach(b::header);
            if (httpClient != null) {
                b.okHttpClient(httpClient);
            }
            return b.build();
        }
        ChatCompletionsSummarizer.Builder b = ChatCompletionsSummarizer.builder().baseUrl(backend.baseUrl())
                .apiKey(backend.apiKey().orElse(null)).model(backend.summaryModel()).apiKeySource(keySource)
                .azure("azure-openai".equals(p.id()));
        backend.headers().forEach(b::header);
        if (httpClient != null) {
            b.okHttpClient(httpClient);
        }
        return b.build();
    }

    private static List<CompactorProvider> loadProviders() {
        List<CompactorProvider> found = new ArrayList<>();
        ServiceLoader.load(CompactorProvider.class, BackendRegistry.class.getClassLoader()).forEach(found::add);
        return List.copyOf(found);
    }

    @Override
    public String toString() {
        return "BackendRegistry{rules=" + rules.size() + ", providers=" + providers.size() + ", cached=" + cache.size() + "}";
    }

    private record Rule(Predicate<Backend> matches, Function<Backend, ContextCompactor> factory) {}

    /** Builds a {@link BackendRegistry}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private boolean loadServices = true;
        private Function<Backend, Summarizer> summarizers;
        private ToolOutputMaskingCompactor masking;
        private int keepRecentTokens = 20_000;
        private FallbackPolicy policy = FallbackPolicy.defaults();
        private Duration notSupportedTtl = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private OkHttpClient httpClient;

        private Builder() {}

        /**
         * Uses {@code factory} for every backend of a provider, ahead of the defaults.
         *
         * @param provider a provider id, e.g. {@code "anthropic"}
         * @param factory makes the compactor for a backend
         * @return this
         */
        public Builder register(String provider, Function<Backend, ContextCompactor> factory) {
            String id = Provider.of(provider).map(Provider::id)
                    .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "'"));
            return register(b -> b.provider().equals(id), factory);
        }

        /**
         * Uses {@code factory} for every backend {@code matches} accepts, ahead of the defaults.
         * Rules are asked in the order registered.
         *
         * @param matches which backends
         * @param factory makes the compactor for a backend
         * @return this
         */
        public Builder register(Predicate<Backend> matches, Function<Backend, ContextCompactor> factory) {
            rules.add(new Rule(Objects.requireNonNull(matches, "matches"), Objects.requireNonNull(factory, "factory")));
            return this;
        }

        /**
         * @param load whether to ask {@link CompactorProvider}s on the class path (default true)
         * @return this
         */
        public Builder loadServices(boolean load) {
            this.loadServices = load;
            return this;
        }

        /**
         * @param factory makes the summarizer the default chains use for a backend, instead of the
         *     one its provider's API calls for
         * @return this
         */
        public Builder summarizers(Function<Backend, Summarizer> factory) {
            this.summarizers = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * @param masking the last-resort strategy of every default chain
         * @return this
         */
        public Builder masking(ToolOutputMaskingCompactor masking) {
            this.masking = Objects.requireNonNull(masking, "masking");
            return this;
        }

        /**
         * @param tokens the summarizing strategy's verbatim tail (20,000 by default)
         * @return this
         */
        public Builder keepRecentTokens(int tokens) {
            this.keepRecentTokens = tokens;
            return this;
        }

        /**
         * @param policy which failures move a default chain on
         * @return this
         */
        public Builder fallbackPolicy(FallbackPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param ttl how long a "not supported" answer is remembered (1 hour by default)
         * @return this
         */
        public Builder notSupportedTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("notSupportedTtl must not be negative");
            }
            this.notSupportedTtl = ttl;
            return this;
        }

        /**
         * @param clock the clock for the "not supported" memory
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param client the OkHttp client every default chain's HTTP calls go through (your
         *     interceptors, proxy and TLS settings apply); a shared one by default
         * @return this
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @return the registry */
        public BackendRegistry build() {
            return new BackendRegistry(this);
        }
    }
}
