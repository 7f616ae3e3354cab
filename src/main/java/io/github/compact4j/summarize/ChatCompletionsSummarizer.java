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
import java.util.Locale;
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
 * A {@link Summarizer} that calls {@code POST {baseUrl}/chat/completions}: OpenAI, Azure OpenAI,
 * and every server that speaks the Chat Completions API (Ollama, vLLM, LM Studio, llama.cpp's
 * server, Groq, OpenRouter, Together, DeepSeek, xAI, Mistral, Gemini's OpenAI-compatible
 * endpoint, ...).
 *
 * <pre>{@code
 * // a local Ollama: no key
 * Summarizer local = ChatCompletionsSummarizer.builder()
 *         .baseUrl("http://localhost:11434/v1")
 *         .model("qwen2.5-coder:14b")
 *         .build();
 *
 * // OpenAI
 * Summarizer openai = ChatCompletionsSummarizer.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("gpt-5-mini")
 *         .build();
 *
 * ContextCompactor compactor = SummarizingFallbackCompactor.builder().summarizer(local).build();
 * }</pre>
 *
 * <p>Each call sends the compactor's instructions as the {@code system} message and
 * {@link SummaryRequest#userMessage()} as the one {@code user} message, with the output limit as
 * {@code max_tokens} or {@code max_completion_tokens} (see {@link TokenLimitParameter}),
 * {@code temperature} only when set, and {@code stream: false}. The answer's
 * {@code finish_reason: "length"} marks the summary as cut off, so the compactor retries it with a
 * larger budget; a refusal ({@code message.refusal}, {@code finish_reason: "content_filter"})
 * fails with a {@link SummaryRejectedException} so a fallback chain moves on. A leading
 * {@code <think>...</think>} block, which reasoning models on local servers write into the
 * content, is not part of the summary.
 *
 * <p>The call goes through the library's shared HTTP transport: retries of connection failures,
 * timeouts, 408, 409, 429 and 5xx with back-off and {@code retry-after}; failures as
 * {@code ApiException} subtypes with a hint; the backend's {@code x-request-id} on the summary and
 * on errors; one DEBUG line per attempt on {@code io.github.compact4j.http}, bodies only when
 * {@link Builder#logBodies(boolean)} is on. Cancelling {@code compactAsync} cancels the call.
 *
 * <p>Thread-safe; build one per configuration and share it.
 */
public final class ChatCompletionsSummarizer implements Summarizer {

    /** OpenAI's API base URL, the default. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    /**
     * Which request field carries the output limit. OpenAI's reasoning models (o-series,
     * gpt-5) accept only {@code max_completion_tokens}, OpenAI deprecated {@code max_tokens} for all
     * its models, and most other OpenAI-compatible servers know only {@code max_tokens}.
     */
    public enum TokenLimitParameter {
        /**
         * {@code max_completion_tokens} for {@code api.openai.com}, Azure OpenAI, and o-series and
         * gpt-5 models on any server; {@code max_tokens} for everything else.
         */
        AUTO,
        /** Always {@code max_tokens}. */
        MAX_TOKENS,
        /** Always {@code max_completion_tokens}. */
        MAX_COMPLETION_TOKENS
    }

    private static final Pattern REASONING_MODEL = Pattern.compile("(o\\d+|gpt-5)([-.:].*)?");
    private static final Pattern THINK = Pattern.compile("(?s)\\A\\s*<think>.*?</think>\\s*");

    private final HttpTransport http;
    private final HttpUrl url;
    private final Headers headers;
    private final ErrorContext errors;
    private final String model;
    private final String tokenLimitField;
    private final Double temperature;
    private final String description;

    private ChatCompletionsSummarizer(Builder b, HttpUrl base, boolean azure) {
        this.http = b.transport.build();
        this.url = BaseUrl.endpoint(base, "chat/completions");
        this.model = b.model;
        this.tokenLimitField = tokenLimitField(b.tokenLimitParameter, base, azure, b.model);
        this.temperature = b.temperature;
        Headers.Builder h = new Headers.Builder();
        if (b.apiKey != null) {
            if (azure) {
                h.add("api-key", b.apiKey);
            } else {
                h.add("Authorization", "Bearer " + b.apiKey);
            }
        }
        h.add("Accept", "application/json");
        b.extraHeaders.forEach(h::set);
        this.headers = h.build();
        this.errors = errors(base, azure, b.apiKey != null, b.model, b.apiKeySource);
        this.description = "ChatCompletionsSummarizer{baseUrl=" + BaseUrl.display(base) + ", model=" + b.model
                + ", auth=" + (b.apiKey == null ? "none" : azure ? "api-key" : "bearer")
                + (b.apiKey == null ? "" : ", apiKey=" + Secrets.mask(b.apiKey))
                + ", tokenLimit=" + tokenLimitField + (temperature != null ? ", temperature=" + temperature : "")
                + (b.extraHeaders.isEmpty() ? "" : ", headers=" + b.extraHeaders.keySet())
                + ", transport=" + http + "}";
    }

    /** @return a builder; {@link Builder#model(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes one {@code /chat/completions} call (plus retries).
     *
     * @param request what to summarize; its instructions become the system message
     * @return the summary, whether the output limit cut it off, the usage and the request ids
     * @throws io.github.compact4j.errors.CompactionException when the call fails: an
     *     {@code ApiException} subtype for an error status, {@code InvalidResponseException} for
     *     an answer without a usable message, {@link SummaryRejectedException} for a refusal
     */
    @Override
    public Summary summarize(SummaryRequest request) {
        Objects.requireNonNull(request, "request");
        String instructions = request.instructions();
        String user = request.userMessage();
        int limit = request.maxOutputTokens();
        return Reply.send(http, ApiRequest.post(url, headers, g -> writeBody(g, instructions, user, limit), errors),
                ChatCompletionsSummarizer::read, "Chat Completions");
    }

    /** The {@code CreateChatCompletionRequest} body, streamed into the socket. */
    private void writeBody(JsonGenerator g, String instructions, String user, int limit) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", model);
        g.writeArrayFieldStart("messages");
        g.writeStartObject();
        g.writeStringField("role", "system");
        g.writeStringField("content", instructions);
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("role", "user");
        g.writeStringField("content", user);
        g.writeEndObject();
        g.writeEndArray();
        g.writeNumberField(tokenLimitField, limit);
        if (temperature != null) {
            g.writeNumberField("temperature", temperature);
        }
        g.writeBooleanField("stream", false);
        g.writeEndObject();
    }

    /** Reads a {@code CreateChatCompletionResponse}: the first choice's text, why it stopped, the usage. */
    static Reply read(BufferedSource body) throws IOException {
        JsonNode root = AnswerJson.readObject(body);
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            JsonNode error = root.get("error");
            if (error != null && !error.isNull()) {
                // some gateways report an upstream failure inside a 200
                String message = AnswerJson.text(error.isObject() ? error.get("message") : error);
                throw new InvalidBodyException("the server answered 200 with an error instead of a completion"
                        + (message != null ? ": " + message : ""));
            }
            throw new InvalidBodyException("the answer has no choices");
        }
        JsonNode message = choices.get(0).get("message");
        if (message == null || !message.isObject()) {
            throw new InvalidBodyException("choices[0] has no message");
        }
        String finish = AnswerJson.text(choices.get(0).get("finish_reason"));
        Usage usage = usage(root.get("usage"));
        String refusal = AnswerJson.text(message.get("refusal"));
        if (refusal != null && !refusal.isBlank()) {
            return new Reply("", false, "message.refusal", usage);
        }
        if ("content_filter".equals(finish)) {
            return new Reply("", false, "finish_reason: content_filter", usage);
        }
        boolean truncated = "length".equals(finish);
        String text = text(message.get("content"));
        if (text == null) {
            if (truncated) {
                // a reasoning model can spend the whole budget thinking: no text yet, so a larger
                // budget is the fix, which the compactor's retry gives
                return new Reply("", true, null, usage);
            }
            throw new InvalidBodyException("choices[0].message.content is "
                    + (message.has("content") ? "null" : "missing")
                    + (finish != null ? " (finish_reason: " + finish + ")" : "")
                    + (message.has("tool_calls") ? "; the model called a tool instead of writing a summary" : ""));
        }
        return new Reply(withoutThinking(text, truncated), truncated, null, usage);
    }

    /** The content as a string, or as an array of parts whose text parts are joined; null when neither. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String t = AnswerJson.text(part.get("text"));
                String type = AnswerJson.text(part.get("type"));
                if (t != null && (type == null || type.equals("text") || type.equals("output_text"))) {
                    sb.append(t);
                }
            }
            return sb.toString();
        }
        return null;
    }

    private static String withoutThinking(String text, boolean truncated) {
        String stripped = THINK.matcher(text).replaceFirst("");
        if (stripped.equals(text) && truncated && text.stripLeading().startsWith("<think>")) {
            return ""; // cut off while still thinking
        }
        return stripped;
    }

    private static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return new Usage(0, 0, 0, 0, 0, 1);
        }
        long in = AnswerJson.tokens(u.get("prompt_tokens"));
        long out = AnswerJson.tokens(u.get("completion_tokens"));
        JsonNode totalNode = u.get("total_tokens");
        long total = totalNode != null && totalNode.canConvertToExactIntegral() ? AnswerJson.tokens(totalNode) : in + out;
        long cached = AnswerJson.tokens(u.path("prompt_tokens_details").get("cached_tokens"));
        long reasoning = AnswerJson.tokens(u.path("completion_tokens_details").get("reasoning_tokens"));
        return new Usage(in, out, total, cached, reasoning, 1);
    }

    static String tokenLimitField(TokenLimitParameter p, HttpUrl base, boolean azure, String model) {
        return switch (p) {
            case MAX_TOKENS -> "max_tokens";
            case MAX_COMPLETION_TOKENS -> "max_completion_tokens";
            case AUTO -> azure || base.host().equalsIgnoreCase("api.openai.com") || isReasoningModel(model)
                    ? "max_completion_tokens" : "max_tokens";
        };
    }

    /** o1, o3-mini, o4-mini-2025-04-16, gpt-5, gpt-5.1-codex-max, openai/gpt-5-mini, ... */
    static boolean isReasoningModel(String model) {
        String name = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return REASONING_MODEL.matcher(name).matches();
    }

    private static ErrorContext errors(HttpUrl base, boolean azure, boolean hasKey, String model, String keySource) {
        String where = BaseUrl.display(base);
        ErrorContext e = new ErrorContext("Chat Completions summarization failed", keySource,
                azure
                        ? "Check that a deployment named '" + model + "' exists on the Azure OpenAI resource (the model"
                                + " name is the deployment name) and the base URL (" + where + "), e.g."
                                + " https://{resource}.openai.azure.com/openai/v1."
                        : "The server at " + where + " has no /chat/completions endpoint or no model '" + model + "':"
                                + " check the base URL (OpenAI-compatible servers serve it under /v1, e.g."
                                + " http://localhost:11434/v1 for Ollama) and the model name (with Ollama, pull the"
                                + " model first).");
        e = e.withHint(400, "The server rejected the request itself; sending it again will not help: check the model"
                + " name. If it says the input is too long, set the compactor's summarizerContextWindow to the model's"
                + " real window; if it names max_tokens or max_completion_tokens, set tokenLimitParameter(...) to the"
                + " other one.");
        if (!hasKey) {
            e = e.withHint(401, "The server at " + base.host() + " wants an API key and none was given: pass it with"
                    + " apiKey(...).");
        }
        return e;
    }

    /** Describes the configuration; never shows the API key. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Builds a {@link ChatCompletionsSummarizer}. Not thread-safe. Its {@code toString()} never
     * shows the API key.
     */
    public static final class Builder {

        private static final Set<String> KEY_HEADERS = Set.of("authorization", "api-key");

        private final HttpTransport.Builder transport = HttpTransport.builder();
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private String apiKeySource = "the key given to apiKey(...)";
        private String model;
        private Boolean azure;
        private TokenLimitParameter tokenLimitParameter = TokenLimitParameter.AUTO;
        private Double temperature;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param baseUrl the API's base URL, without {@code /chat/completions}; default
         *     {@value ChatCompletionsSummarizer#DEFAULT_BASE_URL}. Query parameters are kept, e.g.
         *     an Azure {@code api-version}
         * @return this
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * @param apiKey the key, sent as {@code Authorization: Bearer} (or Azure's {@code api-key});
         *     null or blank for a server that needs none, such as a local Ollama. It is registered so
         *     that it is scrubbed from every log line and message
         * @return this
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            Secrets.register(this.apiKey);
            return this;
        }

        /**
         * Names where the key came from in the hint of an authentication error, e.g.
         * {@code GROQ_API_KEY}. Never the key itself.
         *
         * @param source a variable name or a short description
         * @return this
         */
        public Builder apiKeySource(String source) {
            this.apiKeySource = java.util.Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param model the model that writes the summaries, as the server names it (an Azure
         *     deployment name on Azure OpenAI); required
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
         * Adds a header to every request, e.g. OpenRouter's {@code HTTP-Referer} or a gateway's
         * own header.
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

        /**
         * @param azure whether the key goes in Azure OpenAI's {@code api-key} header rather than
         *     in {@code Authorization: Bearer}; by default it does when the base URL's host is an
         *     Azure OpenAI one
         * @return this
         */
        public Builder azure(boolean azure) {
            this.azure = azure;
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
         *     408, 409, 429 and 5xx; default 2
         * @return this
         */
        public Builder maxRetries(int maxRetries) {
            transport.maxRetries(maxRetries);
            return this;
        }

        /**
         * @param timeout how long one attempt may take, from connecting to the last byte of the
         *     answer; default 10 minutes (a local model reading a long transcript is slow)
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
         * @param parameter which field carries the output limit; default
         *     {@link TokenLimitParameter#AUTO}
         * @return this
         */
        public Builder tokenLimitParameter(TokenLimitParameter parameter) {
            this.tokenLimitParameter = Objects.requireNonNull(parameter, "parameter");
            return this;
        }

        /**
         * @param temperature the sampling temperature, 0 to 2; not sent unless set, since
         *     reasoning models refuse it
         * @return this
         */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
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
         * @throws IllegalStateException when no model was given, or no API key for OpenAI or
         *     Azure OpenAI, which always need one
         * @throws IllegalArgumentException when the base URL is not an http(s) URL or the key has
         *     a character HTTP headers cannot carry
         */
        public ChatCompletionsSummarizer build() {
            if (model == null) {
                throw new IllegalStateException("a model is required: ChatCompletionsSummarizer.builder().model(...)");
            }
            HttpUrl base = BaseUrl.parse(baseUrl, DEFAULT_BASE_URL + " or http://localhost:11434/v1");
            boolean isAzure = azure != null ? azure : BaseUrl.isAzureOpenAi(base);
            if (apiKey == null && (isAzure || base.host().equalsIgnoreCase("api.openai.com"))) {
                throw new IllegalStateException((isAzure ? "Azure OpenAI" : base.host()) + " needs an API key: pass"
                        + " it with apiKey(...); only servers such as a local Ollama or vLLM work without one");
            }
            if (apiKey != null) {
                HeaderChecks.checkApiKey(apiKey);
            }
            return new ChatCompletionsSummarizer(this, base, isAzure);
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "ChatCompletionsSummarizer.Builder{baseUrl=" + Secrets.scrub(baseUrl) + ", model=" + model
                    + ", apiKey=" + Secrets.mask(apiKey) + ", tokenLimitParameter=" + tokenLimitParameter + "}";
        }
    }
}
