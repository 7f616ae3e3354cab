package io.github.compact4j.summarize;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.Usage;
import io.github.compact4j.internal.Secrets;
import io.github.compact4j.internal.http.AnswerJson;
import io.github.compact4j.internal.http.ApiRequest;
import io.github.compact4j.internal.http.BaseUrl;
import io.github.compact4j.internal.http.ErrorContext;
import io.github.compact4j.internal.http.HeaderChecks;
import io.github.compact4j.internal.http.HttpTransport;
import io.github.compact4j.internal.http.InvalidBodyException;
import io.github.compact4j.internal.http.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.BufferedSource;

/**
 * A {@link Summarizer} that calls Anthropic's Messages API, {@code POST {baseUrl}/v1/messages}.
 *
 * <pre>{@code
 * Summarizer claude = AnthropicSummarizer.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .model("claude-haiku-4-5")
 *         .build();
 * ContextCompactor compactor = SummarizingFallbackCompactor.builder().summarizer(claude).build();
 * }</pre>
 *
 * <p>Each call sends the compactor's instructions as the top-level {@code system} prompt (the
 * Messages API has no system role among its messages), {@link SummaryRequest#userMessage()} as
 * the one {@code user} message, and the output limit as {@code max_tokens}, with the key in
 * {@code x-api-key} and the API version in {@code anthropic-version}. The answer's text blocks
 * are joined into the summary (thinking blocks are not part of it); {@code stop_reason:
 * "max_tokens"} (or {@code "model_context_window_exceeded"}) marks it as cut off, so the
 * compactor retries with a larger budget, and {@code stop_reason: "refusal"} fails with a
 * {@link SummaryRejectedException} so a fallback chain moves on.
 *
 * <p>The call goes through the library's shared HTTP transport: retries of connection failures,
 * timeouts, 408, 409, 429, 5xx and Anthropic's 529 ({@code overloaded_error}) with back-off and
 * {@code retry-after}; failures as {@code ApiException} subtypes with Anthropic's error type and a
 * hint; Anthropic's {@code request-id} on the summary and on errors; one DEBUG line per attempt on
 * {@code io.github.compact4j.http}, bodies only when {@link Builder#logBodies(boolean)} is on.
 * Cancelling {@code compactAsync} cancels the call.
 *
 * <p>Thread-safe; build one per configuration and share it.
 */
public final class AnthropicSummarizer implements Summarizer {

    /** Anthropic's API base URL, the default (without {@code /v1}). */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

    /** The {@code anthropic-version} sent by default. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final HttpTransport http;
    private final HttpUrl url;
    private final Headers headers;
    private final ErrorContext errors;
    private final String model;
    private final Double temperature;
    private final String description;

    private AnthropicSummarizer(Builder b, HttpUrl base) {
        this.http = b.transport.build();
        this.url = BaseUrl.endpoint(base, "v1/messages");
        this.model = b.model;
        this.temperature = b.temperature;
        Headers.Builder h = new Headers.Builder()
                .add("x-api-key", b.apiKey)
                .add("anthropic-version", b.version)
                .add("Accept", "application/json");
        b.extraHeaders.forEach(h::set);
        this.headers = h.build();
        this.errors = errors(base, b.model, b.apiKeySource);
        this.description = "AnthropicSummarizer{baseUrl=" + BaseUrl.display(base) + ", model=" + b.model
                + ", apiKey=" + Secrets.mask(b.apiKey) + ", anthropicVersion=" + b.version
                + (temperature != null ? ", temperature=" + temperature : "")
                + (b.extraHeaders.isEmpty() ? "" : ", headers=" + b.extraHeaders.keySet())
                + ", transport=" + http + "}";
    }

    /** @return a builder; {@link Builder#apiKey(String)} and {@link Builder#model(String)} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes one {@code /v1/messages} call (plus retries).
     *
     * @param request what to summarize; its instructions become the system prompt
     * @return the summary, whether the output limit cut it off, the usage and the request ids
     * @throws io.github.compact4j.errors.CompactionException when the call fails: an
     *     {@code ApiException} subtype for an error status, {@code InvalidResponseException} for
     *     an answer that is not a message, {@link SummaryRejectedException} for a refusal
     */
    @Override
    public Summary summarize(SummaryRequest request) {
        Objects.requireNonNull(request, "request");
        String instructions = request.instructions();
        String user = request.userMessage();
        int limit = request.maxOutputTokens();
        return Reply.send(http, ApiRequest.post(url, headers, g -> writeBody(g, instructions, user, limit), errors),
                AnthropicSummarizer::read, "Anthropic");
    }

    private void writeBody(JsonGenerator g, String instructions, String user, int limit) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", model);
        g.writeNumberField("max_tokens", limit);
        g.writeStringField("system", instructions);
        g.writeArrayFieldStart("messages");
        g.writeStartObject();
        g.writeStringField("role", "user");
        g.writeStringField("content", user);
        g.writeEndObject();
        g.writeEndArray();
        if (temperature != null) {
            g.writeNumberField("temperature", temperature);
        }
        g.writeEndObject();
    }

    /** Reads a Messages API {@code message}: its text blocks, why it stopped, the usage. */
    static Reply read(BufferedSource body) throws IOException {
        JsonNode root = AnswerJson.readObject(body);
        String type = AnswerJson.text(root.get("type"));
        if (type != null && !type.equals("message")) {
            String message = AnswerJson.text(root.path("error").get("message"));
            throw new InvalidBodyException("expected 'type' to be 'message' but got '" + shorten(type) + "'"
                    + (message != null ? ": " + message : ""));
        }
        JsonNode content = root.get("content");
        if (content == null || !content.isArray()) {
            throw new InvalidBodyException("the answer has no 'content' array");
        }
        Usage usage = usage(root.get("usage"));
        String stop = AnswerJson.text(root.get("stop_reason"));
        if ("refusal".equals(stop)) {
            return new Reply("", false, "stop_reason: refusal", usage);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            String t = AnswerJson.text(block.get("text"));
            if ("text".equals(AnswerJson.text(block.get("type"))) && t != null) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(t);
            }
        }
        boolean truncated = "max_tokens".equals(stop) || "model_context_window_exceeded".equals(stop);
        return new Reply(text.toString(), truncated, null, usage);
    }

    /**
     * Anthropic counts cache reads and writes apart from {@code input_tokens}; {@link Usage}
     * counts every input token in {@code inputTokens}, cached ones included, as OpenAI does.
     */
    private static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return new Usage(0, 0, 0, 0, 0, 1);
        }
        long cacheRead = AnswerJson.tokens(u.get("cache_read_input_tokens"));
        long in = AnswerJson.tokens(u.get("input_tokens")) + cacheRead
                + AnswerJson.tokens(u.get("cache_creation_input_tokens"));
        long out = AnswerJson.tokens(u.get("output_tokens"));
        return new Usage(in, out, in + out, cacheRead, 0, 1);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static ErrorContext errors(HttpUrl base, String model, String keySource) {
        String where = BaseUrl.display(base);
        return new ErrorContext("Anthropic summarization failed", keySource,
                "Check the model name ('" + model + "', e.g. claude-sonnet-4-5) and the base URL (" + where + "): it"
                        + " is the host only, without /v1, e.g. " + DEFAULT_BASE_URL + ".")
                .withHint(400, "Anthropic rejected the request itself; sending it again will not help: check the model"
                        + " name, and that maxSummaryTokens (doubled on a retry) is within the model's output limit."
                        + " If it says the prompt is too long, set the compactor's summarizerContextWindow to the"
                        + " model's window.")
                .withHint(403, "The key may not use this model: check the workspace the key belongs to and its model"
                        + " access in the Anthropic Console.")
                .withHint(413, "The request is larger than Anthropic accepts: lower the compactor's chunkTokens or"
                        + " summarizerContextWindow.")
                .withHint(429, "Anthropic's rate limit for this organization was reached: slow down, spread"
                        + " compactions over time, or ask for a higher usage tier.")
                .withHint(529, "Anthropic's API is overloaded (for all users; not a limit of this account): try again"
                        + " later. A fallback strategy can take over.");
    }

    /** Describes the configuration; never shows the API key. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Builds an {@link AnthropicSummarizer}. Not thread-safe. Its {@code toString()} never shows
     * the API key.
     */
    public static final class Builder {

        private static final Set<String> KEY_HEADERS = Set.of("authorization", "api-key", "x-api-key");
        private static final Set<String> RESERVED = HeaderChecks.reserved("x-api-key", "anthropic-version");

        private final HttpTransport.Builder transport = HttpTransport.builder();
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private String apiKeySource = "ANTHROPIC_API_KEY";
        private String model;
        private String version = DEFAULT_VERSION;
        private Double temperature;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param baseUrl the API's base URL, without {@code /v1/messages}; default
         *     {@value AnthropicSummarizer#DEFAULT_BASE_URL}
         * @return this
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * @param apiKey the Anthropic API key ({@code sk-ant-...}), sent as {@code x-api-key};
         *     required. It is registered so that it is scrubbed from every log line and message
         * @return this
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            Secrets.register(this.apiKey);
            return this;
        }

        /**
         * Names where the key came from in the hint of an authentication error, e.g.
         * {@code ANTHROPIC_API_KEY}. Never the key itself.
         *
         * @param source a variable name or a short description
         * @return this
         */
        public Builder apiKeySource(String source) {
            this.apiKeySource = java.util.Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param model the model that writes the summaries, e.g. {@code claude-haiku-4-5}; required
         * @return this
         */
        public Builder model(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model.strip();
            return this;
        }

        /**
         * @param version the {@code anthropic-version} header; default
         *     {@value AnthropicSummarizer#DEFAULT_VERSION}
         * @return this
         */
        public Builder anthropicVersion(String version) {
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("anthropicVersion must not be blank");
            }
            HeaderChecks.checkValue("anthropic-version", version.strip());
            this.version = version.strip();
            return this;
        }

        /**
         * Adds a header to every request, e.g. {@code anthropic-beta} or a gateway's own header.
         *
         * @param name the header name; not one the client sets itself ({@code x-api-key},
         *     {@code anthropic-version}, {@code X-Client-Request-Id}, {@code Content-Type}, ...)
         * @param value the value; it is logged only if the header is on the logging allow-list
         * @return this
         */
        public Builder header(String name, String value) {
            HeaderChecks.checkExtra(name, value, RESERVED, KEY_HEADERS);
            extraHeaders.put(name, value);
            return this;
        }

        /**
         * @param client the app's own OkHttp client, so its interceptors, proxy and TLS settings
         *     apply; the library derives its variant with {@code newBuilder()}. Null for the
         *     library's shared client
         * @return this
         */
        public Builder okHttpClient(OkHttpClient client) {
            transport.okHttpClient(client);
            return this;
        }

        /**
         * @param maxRetries retries after the first attempt for connection failures, timeouts,
         *     408, 409, 429, 5xx and 529; default 2
         * @return this
         */
        public Builder maxRetries(int maxRetries) {
            transport.maxRetries(maxRetries);
            return this;
        }

        /**
         * @param timeout how long one attempt may take, from connecting to the last byte of the
         *     answer; default 10 minutes
         * @return this
         */
        public Builder timeout(Duration timeout) {
            transport.timeout(timeout);
            return this;
        }

        /**
         * @param connectTimeout how long to wait for a connection; default 1 minute
         * @return this
         */
        public Builder connectTimeout(Duration connectTimeout) {
            transport.connectTimeout(connectTimeout);
            return this;
        }

        /**
         * @param maxRetryAfter the longest wait a {@code retry-after} answer may ask for and still
         *     be retried; default 60 seconds
         * @return this
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            transport.maxRetryAfter(maxRetryAfter);
            return this;
        }

        /**
         * @param logBodies whether request and response bodies may be logged at TRACE on
         *     {@code io.github.compact4j.http.body} (capped, secrets scrubbed); off by default,
         *     since bodies hold the conversation
         * @return this
         */
        public Builder logBodies(boolean logBodies) {
            transport.logBodies(logBodies);
            return this;
        }

        /**
         * @param bytes how much of each body the body log shows at most; default 4096
         * @return this
         */
        public Builder bodyLogLimit(int bytes) {
            transport.bodyLogLimit(bytes);
            return this;
        }

        /**
         * @param temperature the sampling temperature, 0 to 1; not sent unless set
         * @return this
         */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 1)) {
                throw new IllegalArgumentException("temperature must be between 0 and 1, got " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** Test hook: records back-off waits instead of sleeping. */
        Builder sleeper(Sleeper sleeper) {
            transport.sleeper(sleeper);
            return this;
        }

        /** Test hook: wall time for {@code retry-after} dates. */
        Builder clock(Clock clock) {
            transport.clock(clock);
            return this;
        }

        /** Test hook: the random part of back-off waits. */
        Builder jitter(DoubleSupplier jitter) {
            transport.jitter(jitter);
            return this;
        }

        /**
         * @return the summarizer
         * @throws IllegalStateException when the API key or the model is missing
         * @throws IllegalArgumentException when the base URL is not an http(s) URL or the key has
         *     a character HTTP headers cannot carry
         */
        public AnthropicSummarizer build() {
            if (apiKey == null) {
                throw new IllegalStateException("an API key is required: AnthropicSummarizer.builder().apiKey(...),"
                        + " e.g. from ANTHROPIC_API_KEY");
            }
            if (model == null) {
                throw new IllegalStateException("a model is required: AnthropicSummarizer.builder().model(...)");
            }
            HeaderChecks.checkApiKey(apiKey);
            HttpUrl base = BaseUrl.parse(baseUrl, DEFAULT_BASE_URL);
            return new AnthropicSummarizer(this, base);
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "AnthropicSummarizer.Builder{baseUrl=" + Secrets.scrub(baseUrl) + ", model=" + model
                    + ", apiKey=" + Secrets.mask(apiKey) + ", anthropicVersion=" + version + "}";
        }
    }
}
