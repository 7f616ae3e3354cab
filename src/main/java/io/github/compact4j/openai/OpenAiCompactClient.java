package io.github.compact4j.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Secrets;
import io.github.compact4j.internal.Tracing;
import io.github.compact4j.internal.http.AnswerJson;
import io.github.compact4j.internal.http.ApiRequest;
import io.github.compact4j.internal.http.BaseUrl;
import io.github.compact4j.internal.http.ErrorContext;
import io.github.compact4j.internal.http.HeaderChecks;
import io.github.compact4j.internal.http.HttpResult;
import io.github.compact4j.internal.http.HttpTransport;
import io.github.compact4j.internal.http.InvalidBodyException;
import io.github.compact4j.internal.http.Sleeper;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.BufferedSource;

/**
 * Compacts a conversation with OpenAI's native {@code POST /v1/responses/compact}: the model
 * reads the whole history and returns a short one, the user messages it kept followed by one
 * opaque, encrypted compaction item. Send {@link CompactionResult#items()} as the next
 * {@code /v1/responses} input. Only OpenAI and Azure OpenAI can read the compaction item
 * ({@link CompactionResult#portable()} is false).
 *
 * <pre>{@code
 * OpenAiCompactClient compactor = OpenAiCompactClient.fromEnv();   // OPENAI_API_KEY, ...
 * CompactionResult result = compactor.compact(CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max")
 *         .items(history)
 *         .build());
 * history = new ArrayList<>(result.items());   // then append the next user message
 * }</pre>
 *
 * <p>Configuration:
 * <pre>{@code
 * OpenAiCompactClient.builder()
 *         .apiKey(key)                                // required
 *         .baseUrl("https://api.openai.com/v1")       // the default
 *         .organization("org-...").project("proj_...")
 *         .maxRetries(2).timeout(Duration.ofMinutes(10))
 *         .build();
 * OpenAiCompactClient.builder().azureResource("my-resource").apiKey(azureKey).build();  // Azure OpenAI
 * }</pre>
 *
 * <p>Failures are {@link CompactionException}s: an {@code ApiException} subtype for each error
 * status ({@code AuthenticationException} for 401, {@code RateLimitException} for 429, ...),
 * {@code StaleCompactionException} when the conversation holds a compaction item the account can
 * no longer read, {@code CompactionTimeoutException}, {@code ConnectionException}, and
 * {@code InvalidResponseException} when the server's answer is not a valid compaction (a
 * fallback strategy can take over). Connection failures, timeouts, 408, 409, 429 and 5xx are
 * retried first.
 *
 * <p>Thread-safe; build one per configuration and share it. {@code compactAsync} can be
 * cancelled: that cancels the HTTP call in flight.
 */
public final class OpenAiCompactClient implements ContextCompactor {

    /** The strategy name, as {@link CompactionResult#strategy()} reports it. */
    public static final String NAME = "openai-compact";

    /** OpenAI's API base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final String COMPACTION_OBJECT = "response.compaction";

    private final HttpTransport http;
    private final HttpUrl url;
    private final Headers headers;
    private final ErrorContext errors;
    private final TokenCounter tokenCounter;
    private final String description;

    private OpenAiCompactClient(Builder b, HttpUrl base, boolean azure) {
        HttpTransport.Builder t = HttpTransport.builder()
                .okHttpClient(b.okHttpClient)
                .maxRetries(b.maxRetries)
                .timeout(b.timeout)
                .connectTimeout(b.connectTimeout)
                .maxRetryAfter(b.maxRetryAfter)
                .logBodies(b.logBodies)
                .bodyLogLimit(b.bodyLogLimit);
        if (b.sleeper != null) {
            t.sleeper(b.sleeper);
        }
        if (b.clock != null) {
            t.clock(b.clock);
        }
        if (b.jitter != null) {
            t.jitter(b.jitter);
        }
        this.http = t.build();
        HttpUrl.Builder u = BaseUrl.endpoint(base, "responses/compact").newBuilder();
        if (b.apiVersion != null) {
            u.setQueryParameter("api-version", b.apiVersion);
        }
        this.url = u.build();
        Headers.Builder h = new Headers.Builder();
        if (azure) {
            h.add("api-key", b.apiKey);
        } else {
            h.add("Authorization", "Bearer " + b.apiKey);
            if (b.organization != null) {
                h.add("OpenAI-Organization", b.organization);
            }
            if (b.project != null) {
                h.add("OpenAI-Project", b.project);
            }
        }
        h.add("Accept", "application/json");
        b.extraHeaders.forEach(h::set);
        this.headers = h.build();
        this.errors = new ErrorContext("OpenAI compaction failed", b.apiKeySource,
                (azure
                        ? "The Azure OpenAI endpoint (" + BaseUrl.display(base) + ") or the deployment named as the model"
                                + " does not support /responses/compact: use the v1 endpoint"
                                + " (https://{resource}.openai.azure.com/openai/v1) and a deployment of a model that"
                                + " supports compaction."
                        : "The base URL (" + BaseUrl.display(base) + ") or the model does not support /responses/compact:"
                                + " use " + DEFAULT_BASE_URL + " (or a proxy that forwards /responses/compact) and a"
                                + " model that supports compaction.")
                        + " A fallback strategy such as summarization can take over.");
        this.tokenCounter = b.tokenCounter;
        this.description = "OpenAiCompactClient{baseUrl=" + BaseUrl.display(base)
                + ", auth=" + (azure ? "api-key" : "bearer") + ", apiKey=" + Secrets.mask(b.apiKey)
                + (b.organization != null ? ", organization=" + b.organization : "")
                + (b.project != null ? ", project=" + b.project : "")
                + (b.apiVersion != null ? ", apiVersion=" + b.apiVersion : "")
                + ", maxRetries=" + b.maxRetries + ", timeout=" + b.timeout + ", connectTimeout=" + b.connectTimeout
                + ", maxRetryAfter=" + b.maxRetryAfter + ", logBodies=" + b.logBodies
                + (b.extraHeaders.isEmpty() ? "" : ", headers=" + b.extraHeaders.keySet())
                + ", okHttpClient=" + (b.okHttpClient != null ? "caller's" : "shared") + "}";
    }

    /** @return a builder; {@link Builder#apiKey(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from the process environment: {@code OPENAI_API_KEY} (required),
     * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}.
     *
     * @return the client
     * @throws IllegalStateException when {@code OPENAI_API_KEY} is not set
     */
    public static OpenAiCompactClient fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * A client configured from the given variables, as {@link #fromEnv()} does from the
     * environment.
     *
     * @param env variables such as {@code OPENAI_API_KEY}
     * @return the client
     * @throws IllegalStateException when {@code OPENAI_API_KEY} is missing or blank
     */
    public static OpenAiCompactClient fromEnv(Map<String, String> env) {
        return builder().fromEnv(env).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Compacts the conversation with one call to {@code /responses/compact} (plus retries).
     *
     * @param request the conversation and the model it runs on; the model must support compaction
     * @return the compacted history: the kept messages and one compaction item
     * @throws CompactionException when the call fails; the request is unchanged
     */
    @Override
    public CompactionResult compact(CompactionRequest request) {
        return Tracing.call(name(), request, this::doCompact);
    }

    private CompactionResult doCompact(CompactionRequest request) {
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        List<Item> before = request.items();
        if (before.isEmpty() && request.previousResponseId().isEmpty()) {
            return CompactionResult.builder()
                    .items(before)
                    .strategy(NAME)
                    .note("the conversation is empty: nothing to compact, no call made")
                    .build();
        }
        HttpResult<Compacted> r = http.execute(ApiRequest.post(url, headers, g -> writeBody(request, g), errors),
                OpenAiCompactClient::read);
        Compacted c = r.value();
        Stripped stripped = stripOrphanedMessageIds(c.items());
        return CompactionResult.builder()
                .items(stripped.items())
                .strategy(NAME)
                .tokensBefore(counter.count(before))
                .tokensAfter(counter.count(stripped.items()))
                .itemsBefore(before.size())
                .usage(c.usage())
                .requestIds(r.requestIds())
                .note(stripped.count() == 0 ? null : "removed the id of " + stripped.count()
                        + " assistant message(s) whose reasoning item is not in the output, so the history can be"
                        + " sent again")
                .build();
    }

    /** The body of {@code CompactResponseMethodPublicBody}, streamed; optional fields only when set. */
    static void writeBody(CompactionRequest request, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", request.model());
        if (!request.items().isEmpty() || request.previousResponseId().isEmpty()) {
            g.writeFieldName("input");
            ResponsesItems.write(request.items(), g);
        }
        if (request.instructions().isPresent()) {
            g.writeStringField("instructions", request.instructions().get());
        }
        if (request.previousResponseId().isPresent()) {
            g.writeStringField("previous_response_id", request.previousResponseId().get());
        }
        if (request.promptCacheKey().isPresent()) {
            g.writeStringField("prompt_cache_key", request.promptCacheKey().get());
        }
        if (request.serviceTier().isPresent()) {
            g.writeStringField("service_tier", request.serviceTier().get());
        }
        g.writeEndObject();
    }

    /** What a {@code CompactResource} holds that the result needs. */
    record Compacted(List<Item> items, Usage usage) {}

    /** Reads and checks a {@code CompactResource} from the stream. */
    static Compacted read(BufferedSource body) throws IOException {
        JsonNode root = AnswerJson.readObject(body);
        JsonNode object = root.get("object");
        if (object == null || !object.isTextual()) {
            throw new InvalidBodyException("the answer has no 'object' field; expected '" + COMPACTION_OBJECT + "'");
        }
        if (!COMPACTION_OBJECT.equals(object.textValue())) {
            throw new InvalidBodyException("expected 'object' to be '" + COMPACTION_OBJECT + "' but got '"
                    + shorten(object.textValue()) + "'");
        }
        JsonNode output = root.get("output");
        if (output == null || !output.isArray()) {
            throw new InvalidBodyException("the answer has no 'output' array");
        }
        List<Item> items;
        try {
            items = ResponsesItems.fromJsonNode(output);
        } catch (InvalidConversationException e) {
            throw new InvalidBodyException("'output' holds an invalid item: " + e.summary());
        }
        long compactions = items.stream().filter(Compaction.class::isInstance).count();
        if (compactions != 1) {
            throw new InvalidBodyException("expected exactly one compaction item in 'output' but found " + compactions);
        }
        return new Compacted(items, usage(root.get("usage")));
    }

    /**
     * The usage figures; the detail objects may be absent, and figures that are not non-negative
     * integers count as 0 rather than discarding a good compaction.
     */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return new Usage(0, 0, 0, 0, 0, 1);
        }
        long in = AnswerJson.tokens(u.get("input_tokens"));
        long out = AnswerJson.tokens(u.get("output_tokens"));
        JsonNode totalNode = u.get("total_tokens");
        long total = totalNode != null && totalNode.canConvertToExactIntegral() ? AnswerJson.tokens(totalNode) : in + out;
        long cached = AnswerJson.tokens(u.path("input_tokens_details").get("cached_tokens"));
        long reasoning = AnswerJson.tokens(u.path("output_tokens_details").get("reasoning_tokens"));
        return new Usage(in, out, total, cached, reasoning, 1);
    }

    record Stripped(List<Item> items, int count) {}

    /**
     * An assistant message that came out of a reasoning model carries an id the API ties to the
     * reasoning item before it; sending the id without that item gets a 400 ("provided without its
     * required 'reasoning' item"). The message's id is optional on input, so it is removed whenever
     * no reasoning item precedes the message in the same turn.
     */
    static Stripped stripOrphanedMessageIds(List<Item> items) {
        List<Item> out = null;
        boolean reasoningInTurn = false;
        int stripped = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item instanceof Reasoning) {
                reasoningInTurn = true;
            } else if (item instanceof Compaction) {
                reasoningInTurn = false;
            } else if (item instanceof Message m) {
                if (!Message.ASSISTANT.equals(m.role())) {
                    reasoningInTurn = false;
                } else if (m.has("id") && !reasoningInTurn) {
                    if (out == null) {
                        out = new ArrayList<>(items);
                    }
                    out.set(i, m.without("id"));
                    stripped++;
                }
            }
        }
        return new Stripped(out == null ? items : Collections.unmodifiableList(out), stripped);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** Describes the configuration; never shows the API key. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Builds an {@link OpenAiCompactClient}. Not thread-safe. Its {@code toString()} never shows
     * the API key.
     */
    public static final class Builder {

        private static final Pattern AZURE_RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
        private static final Set<String> KEY_HEADERS = Set.of("authorization", "api-key");

        private String apiKey;
        private String apiKeySource = "OPENAI_API_KEY";
        private String baseUrl = DEFAULT_BASE_URL;
        private String organization;
        private String project;
        private Boolean azure;
        private String apiVersion;
        private int maxRetries = 2;
        private Duration timeout = Duration.ofMinutes(10);
        private Duration connectTimeout = Duration.ofMinutes(1);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private OkHttpClient okHttpClient;
        private boolean logBodies;
        private int bodyLogLimit = 4096;
        private TokenCounter tokenCounter;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private Sleeper sleeper;
        private Clock clock;
        private DoubleSupplier jitter;
        private boolean keyFromEnvMissing;

        private Builder() {}

        /**
         * Takes the configuration from the process environment: {@code OPENAI_API_KEY},
         * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}. Unset
         * variables leave the builder's values alone.
         *
         * @return this
         */
        public Builder fromEnv() {
            return fromEnv(System.getenv());
        }

        /**
         * Takes the configuration from the given variables, as {@link #fromEnv()} does.
         *
         * @param env variables such as {@code OPENAI_API_KEY}
         * @return this
         */
        public Builder fromEnv(Map<String, String> env) {
            Objects.requireNonNull(env, "env");
            String key = blankToNull(env.get("OPENAI_API_KEY"));
            if (key != null) {
                apiKey(key);
            } else if (apiKey == null) {
                keyFromEnvMissing = true;
            }
            String url = blankToNull(env.get("OPENAI_BASE_URL"));
            if (url != null) {
                baseUrl(url);
            }
            String org = blankToNull(env.get("OPENAI_ORG_ID"));
            if (org != null) {
                organization(org);
            }
            String proj = blankToNull(env.get("OPENAI_PROJECT_ID"));
            if (proj != null) {
                project(proj);
            }
            return this;
        }

        /**
         * @param apiKey the API key (OpenAI's {@code sk-...}, or the Azure OpenAI resource key); it
         *     is registered so that it is scrubbed from every log line and message
         * @return this
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = blankToNull(apiKey);
            Secrets.register(this.apiKey);
            return this;
        }

        /**
         * @param baseUrl the API's base URL, without {@code /responses/compact}; default
         *     {@value OpenAiCompactClient#DEFAULT_BASE_URL}
         * @return this
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * Targets an Azure OpenAI resource through its v1 API:
         * {@code https://{resourceName}.openai.azure.com/openai/v1}, with the key sent in the
         * {@code api-key} header. Pass the deployment name as the request's model.
         *
         * @param resourceName the resource name, e.g. {@code my-resource}
         * @return this
         */
        public Builder azureResource(String resourceName) {
            if (resourceName == null || !AZURE_RESOURCE.matcher(resourceName).matches()) {
                throw new IllegalArgumentException("azureResource must be an Azure resource name (letters, digits,"
                        + " '-'), got '" + resourceName + "'");
            }
            this.baseUrl = "https://" + resourceName + ".openai.azure.com/openai/v1";
            this.azure = true;
            if ("OPENAI_API_KEY".equals(apiKeySource)) {
                this.apiKeySource = "the Azure OpenAI resource key";
            }
            return this;
        }

        /**
         * Whether the key goes in Azure OpenAI's {@code api-key} header rather than in
         * {@code Authorization: Bearer}. By default it does when the base URL's host is an Azure
         * one ({@code *.openai.azure.com}, {@code *.cognitiveservices.azure.com},
         * {@code *.services.ai.azure.com}).
         *
         * @param azure true for the {@code api-key} header
         * @return this
         */
        public Builder azure(boolean azure) {
            this.azure = azure;
            if (azure && "OPENAI_API_KEY".equals(apiKeySource)) {
                this.apiKeySource = "the Azure OpenAI resource key";
            }
            return this;
        }

        /**
         * Names where the key came from in the hint of an authentication error, e.g.
         * {@code AZURE_OPENAI_API_KEY}; {@code OPENAI_API_KEY} by default. Never the key itself.
         *
         * @param source a variable name or a short description
         * @return this
         */
        public Builder apiKeySource(String source) {
            this.apiKeySource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param apiVersion an {@code api-version} query parameter to send, for Azure OpenAI
         *     features that still need one (e.g. {@code preview}); none by default, as the v1 API
         *     does not need it
         * @return this
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = blankToNull(apiVersion);
            return this;
        }

        /**
         * @param organization sent as {@code OpenAI-Organization}; null for none
         * @return this
         */
        public Builder organization(String organization) {
            this.organization = blankToNull(organization);
            return this;
        }

        /**
         * @param project sent as {@code OpenAI-Project}; null for none
         * @return this
         */
        public Builder project(String project) {
            this.project = blankToNull(project);
            return this;
        }

        /**
         * @param maxRetries retries after the first attempt for connection failures, timeouts,
         *     408, 409, 429 and 5xx; default 2
         * @return this
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * @param timeout how long one attempt may take, from connecting to the last byte of the
         *     answer; default 10 minutes (compacting a long conversation takes a while)
         * @return this
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * @param connectTimeout how long to wait for a connection; default 1 minute
         * @return this
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * @param maxRetryAfter the longest wait a {@code retry-after} answer may ask for and still be
         *     retried; a longer one fails at once and reports the wait; default 60 seconds
         * @return this
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + maxRetryAfter);
            }
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /**
         * @param client the app's own OkHttp client, so its interceptors, proxy, TLS settings and
         *     instrumentation apply; the library derives its variant with {@code newBuilder()}
         *     (sharing the pool) and sets its own timeouts and retry policy on it. Null for the
         *     library's shared client
         * @return this
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = client;
            return this;
        }

        /**
         * @param logBodies whether request and response bodies may be logged at TRACE on
         *     {@code io.github.compact4j.http.body} (capped, secrets scrubbed); off by default,
         *     since bodies hold the conversation
         * @return this
         */
        public Builder logBodies(boolean logBodies) {
            this.logBodies = logBodies;
            return this;
        }

        /**
         * @param bytes how much of each body the body log shows at most; default 4096
         * @return this
         */
        public Builder bodyLogLimit(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bodyLogLimit must be at least 1 byte, got " + bytes);
            }
            this.bodyLogLimit = bytes;
            return this;
        }

        /**
         * @param counter counts tokens before and after; default {@link TokenCounter#forModel(String)}
         *     of the request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = counter;
            return this;
        }

        /**
         * Adds a header to every request, e.g. for a gateway in front of the API.
         *
         * @param name the header name; not one the client sets itself ({@code Authorization},
         *     {@code api-key}, {@code X-Client-Request-Id}, {@code Content-Type}, ...)
         * @param value the value; it is logged only if the header is on the logging allow-list
         * @return this
         */
        public Builder header(String name, String value) {
            HeaderChecks.checkExtra(name, value, HeaderChecks.RESERVED, KEY_HEADERS);
            extraHeaders.put(name, value);
            return this;
        }

        /** Test hook: records back-off waits instead of sleeping. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Test hook: wall time for {@code retry-after} dates. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Test hook: the random part of back-off waits. */
        Builder jitter(DoubleSupplier jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * @return the client
         * @throws IllegalStateException when no API key was given
         * @throws IllegalArgumentException when the base URL is not an http(s) URL
         */
        public OpenAiCompactClient build() {
            if (apiKey == null) {
                throw new IllegalStateException(keyFromEnvMissing
                        ? "OPENAI_API_KEY is not set: export it, or pass the key with OpenAiCompactClient.builder()"
                                + ".apiKey(...)"
                        : "An API key is required: call apiKey(...), or fromEnv() with OPENAI_API_KEY set");
            }
            HeaderChecks.checkApiKey(apiKey);
            HttpUrl base = BaseUrl.parse(baseUrl, DEFAULT_BASE_URL);
            boolean isAzure = azure != null ? azure : BaseUrl.isAzureOpenAi(base);
            return new OpenAiCompactClient(this, base, isAzure);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "OpenAiCompactClient.Builder{baseUrl=" + Secrets.scrub(baseUrl) + ", apiKey=" + Secrets.mask(apiKey)
                    + (organization != null ? ", organization=" + organization : "")
                    + (project != null ? ", project=" + project : "")
                    + ", maxRetries=" + maxRetries + ", timeout=" + timeout + "}";
        }
    }
}
