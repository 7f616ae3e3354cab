package io.github.compact4j.registry;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.MdcKeys;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
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
 *   <li>OpenAI, Azure OpenAI and xAI: native {@code /responses/compact}, then summarizing through
 *       the same account's Chat Completions endpoint, then masking;</li>
 *   <li>Anthropic: native compaction ({@code anthropic-compact}: Messages with the
 *       {@code compaction} parameter), then summarizing through Anthropic Messages, then
 *       masking;</li>
 *   <li>every other provider: summarizing through its own endpoint (Chat Completions), then
 *       masking.</li>
 * </ul>
 * With {@link Builder#hybrid(boolean) hybrid(true)} the summarizing step becomes the
 * {@link HybridCompactor}: masking first, the summary only when masking does not reach the target.
 * It is off by default; {@code docs/backends.md} says why.
 * A native endpoint that answers "not supported" (a 404, or a 400 saying the model, the beta or
 * the parameter is not supported) is remembered for that backend for
 * {@link Builder#notSupportedTtl(Duration) a while}, so later calls go straight to the fallback. A
 * history holding an opaque compaction item is refused for a provider that reads none with a
 * {@link NotPortableException} (rebuild it from the journal first); an Anthropic compaction block
 * goes to any provider but Anthropic as a marked summary message.
 *
 * <p>Rules registered in code come first, then {@link CompactorProvider}s found through
 * {@link ServiceLoader}, then the defaults. Every compactor handed out is wrapped once in a
 * {@link TracingCompactor} whose MDC carries {@code compact4j.backend}, with the registry's
 * {@linkplain Builder#listener(CompactionListener) listeners} and
 * {@linkplain Builder#mdcKeys(MdcKeys) MDC keys}. Every HTTP client of a default chain starts from
 * the registry's {@link Builder#clientOptions(ClientOptions) client options} (its OkHttp client,
 * retries, timeouts) with the backend's base URL, key and headers on top. Compactors are cached per
 * backend, at most {@link Builder#cacheSize(int)} of them, under a key that holds no credential.
 * Thread-safe.
 */
public final class BackendRegistry {

    private final List<Rule> rules;
    private final List<CompactorProvider> providers;
    private final Function<Backend, Summarizer> summarizers;
    private final ToolOutputMaskingCompactor masking;
    private final int keepRecentTokens;
    private final boolean hybrid;
    private final FallbackPolicy policy;
    private final NotSupportedMemory memory;
    private final ClientOptions clientOptions;
    private final List<CompactionListener> listeners;
    private final MdcKeys mdcKeys;
    private final int cacheSize;
    /** Access-ordered, so the eldest entry is the least recently used; guarded by itself. */
    private final LinkedHashMap<Object, ContextCompactor> cache;

    private BackendRegistry(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.providers = b.loadServices ? loadProviders() : List.of();
        this.summarizers = b.summarizers != null ? b.summarizers : this::defaultSummarizer;
        this.masking = b.masking != null ? b.masking : ToolOutputMaskingCompactor.builder().build();
        this.keepRecentTokens = b.keepRecentTokens;
        this.hybrid = b.hybrid;
        this.policy = b.policy;
        this.memory = new NotSupportedMemory(b.notSupportedTtl, b.clock);
        this.clientOptions = b.clientOptions;
        this.listeners = List.copyOf(b.listeners);
        this.mdcKeys = b.mdcKeys;
        this.cacheSize = b.cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, ContextCompactor> eldest) {
                return size() > cacheSize;
            }
        };
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
        Object key = backend.cacheKey();
        synchronized (cache) {
            ContextCompactor c = cache.get(key);
            if (c != null) {
                return c;
            }
        }
        // built outside the lock: a rule or a provider may be slow; two threads racing for a new
        // backend both build, and the first one stored wins
        ContextCompactor created = create(backend);
        synchronized (cache) {
            return cache.computeIfAbsent(key, k -> created);
        }
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
        TracingCompactor.Builder traced = TracingCompactor.builder(c).attribute("backend", backend.provider());
        listeners.forEach(traced::listener);
        if (mdcKeys != null) {
            traced.mdcKeys(mdcKeys);
        }
        return traced.build();
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
        ContextCompactor nativeClient = nativeCompactor(backend);
        if (nativeClient != null) {
            chain.then(nativeClient, memory.guardFor(backend, nativeClient.name()));
        }
        ContextCompactor withModel = !hybrid ? summarizing : HybridCompactor.builder().masking(masking)
                .summarizing(summarizing).tokenCounter(ModelCatalog.defaults().counterFor(backend.model())).build();
        chain.then(withModel).then(masking);
        FallbackChain built = chain.build();
        return PortabilityCheck.needed(backend) ? new PortabilityCheck(built, backend) : built;
    }

    /**
     * The provider's own compaction client, built from the backend's client options, or null when
     * the provider has none: {@code /responses/compact} for OpenAI, Azure OpenAI and xAI,
     * Messages with the {@code compaction} parameter for Anthropic.
     */
    private ContextCompactor nativeCompactor(Backend backend) {
        return switch (backend.providerInfo().nativeCompaction()) {
            case RESPONSES_COMPACT -> OpenAiCompactClient.builder().clientOptions(optionsFor(backend)).build();
            case ANTHROPIC_COMPACTION -> AnthropicCompactClient.builder().clientOptions(optionsFor(backend))
                    .keepRecentTokens(keepRecentTokens).tokenCounter(ModelCatalog.defaults().counterFor(backend.model()))
                    .build();
            case NONE -> null;
        };
    }

    /**
     * The client options every HTTP client of a backend's default chain is built with: the
     * registry's own, with the backend's base URL, key, key variables, auth style and headers on
     * top. A rule of your own can build its clients from them too.
     *
     * @param backend the backend
     * @return its client options
     */
    public ClientOptions optionsFor(Backend backend) {
        Provider p = backend.providerInfo();
        ClientOptions.Builder o = clientOptions.toBuilder()
                .baseUrl(backend.baseUrl())
                .apiKey(backend.apiKey().orElse(null))
                .apiKeySource(String.join(" or ", p.apiKeyVariables()))
                .authStyle(p.authStyle());
        backend.headers().forEach(o::header);
        return o.build();
    }

    /** Anthropic's Messages API for Anthropic; Chat Completions on the backend's own endpoint for the rest. */
    private Summarizer defaultSummarizer(Backend backend) {
        if (backend.providerInfo().api() == Provider.Api.ANTHROPIC_MESSAGES) {
            return AnthropicSummarizer.builder().clientOptions(optionsFor(backend)).model(backend.summaryModel()).build();
        }
        return ChatCompletionsSummarizer.builder().clientOptions(optionsFor(backend)).model(backend.summaryModel())
                .build();
    }

    private static List<CompactorProvider> loadProviders() {
        List<CompactorProvider> found = new ArrayList<>();
        ServiceLoader.load(CompactorProvider.class, BackendRegistry.class.getClassLoader()).forEach(found::add);
        return List.copyOf(found);
    }

    @Override
    public String toString() {
        int cached;
        synchronized (cache) {
            cached = cache.size();
        }
        return "BackendRegistry{rules=" + rules.size() + ", providers=" + providers.size() + ", cached=" + cached
                + "/" + cacheSize + ", listeners=" + listeners.size() + "}";
    }

    private record Rule(Predicate<Backend> matches, Function<Backend, ContextCompactor> factory) {}

    /** Builds a {@link BackendRegistry}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private boolean loadServices = true;
        private Function<Backend, Summarizer> summarizers;
        private ToolOutputMaskingCompactor masking;
        private int keepRecentTokens = 20_000;
        private boolean hybrid;
        private FallbackPolicy policy = FallbackPolicy.defaults();
        private Duration notSupportedTtl = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private ClientOptions clientOptions = ClientOptions.defaults();
        private final List<CompactionListener> listeners = new ArrayList<>();
        private MdcKeys mdcKeys;
        private int cacheSize = 256;

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
            if (tokens < 0) {
                throw new IllegalArgumentException("keepRecentTokens must not be negative, got " + tokens);
            }
            this.keepRecentTokens = tokens;
            return this;
        }

        /**
         * Whether the default chains summarize through the {@link HybridCompactor} (masking first,
         * a summary of the masked conversation only when masking does not reach the request's
         * target) instead of summarizing directly: {@code native → hybrid → masking}. Off by
         * default: on the savings harness's corpus it sent the summarizer far fewer tokens but
         * kept fewer facts than summarizing (see {@code docs/backends.md}).
         *
         * @param on whether to use the hybrid
         * @return this
         */
        public Builder hybrid(boolean on) {
            this.hybrid = on;
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
            Objects.requireNonNull(ttl, "ttl");
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
         *     interceptors, proxy and TLS settings apply); a shared one by default. The same as
         *     setting it in {@link #clientOptions(ClientOptions)}
         * @return this
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.clientOptions = clientOptions.toBuilder().okHttpClient(Objects.requireNonNull(client, "client")).build();
            return this;
        }

        /**
         * @param options what every HTTP client of a default chain starts from (OkHttp client,
         *     retries, timeouts, body logging); each backend's base URL, key and headers go on top
         * @return this
         */
        public Builder clientOptions(ClientOptions options) {
            this.clientOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param listener told about every call of every compactor this registry hands out
         * @return this
         */
        public Builder listener(CompactionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param keys the MDC key names of every call of every compactor this registry hands out;
         *     {@link MdcKeys#defaults()} by default
         * @return this
         */
        public Builder mdcKeys(MdcKeys keys) {
            this.mdcKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * @param size how many backends' compactors are kept, least recently used dropped first;
         *     256 by default
         * @return this
         * @throws IllegalArgumentException when under 1
         */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("cacheSize must be at least 1, got " + size);
            }
            this.cacheSize = size;
            return this;
        }

        /** @return the registry */
        public BackendRegistry build() {
            return new BackendRegistry(this);
        }
    }
}
