package io.github.compact4j.summarize;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.Usage;
import io.github.compact4j.http.AuthStyle;
import io.github.compact4j.internal.http.AnswerJson;
import io.github.compact4j.internal.http.Endpoint;
import io.github.compact4j.internal.http.ErrorContext;
import io.github.compact4j.internal.http.InvalidBodyException;
import java.io.IOException;
import java.util.Objects;
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
public final class AnthropicSummarizer extends HttpSummarizer {

    /** Anthropic's API base URL, the default (without {@code /v1}). */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

    /** The {@code anthropic-version} sent by default. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final String version;

    /** @return a builder; {@link Builder#apiKey(String)} and {@link Builder#model(String)} are required */
    public static Builder builder() {
        return new Builder();
    }

    private AnthropicSummarizer(Builder b, Endpoint endpoint) {
        super(endpoint, "Anthropic", AnthropicSummarizer::read, b);
        this.version = b.version;
    }

    @Override
    void writeBody(JsonGenerator g, String instructions, String user, int limit) throws IOException {
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
            throw new InvalidBodyException("expected 'type' to be 'message' but got '" + AnswerJson.shorten(type) + "'"
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
    static Usage usage(JsonNode u) {
        return AnswerJson.anthropicUsage(u);
    }

    private static ErrorContext errors(Endpoint.Target t, String model) {
        String where = t.display();
        return new ErrorContext("Anthropic summarization failed", t.apiKeySource(),
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
        return describe("AnthropicSummarizer", ", anthropicVersion=" + version);
    }

    /**
     * Builds an {@link AnthropicSummarizer}: the model, the API version and the temperature here,
     * every transport setting (base URL, key, headers, retries, timeouts, OkHttp client) from
     * {@link SummarizerBuilder}. Not thread-safe. Its {@code toString()} never shows the API key.
     */
    public static final class Builder extends SummarizerBuilder<Builder> {

        private String version = DEFAULT_VERSION;

        private Builder() {
            super(1);
        }

        /**
         * @param version the {@code anthropic-version} header; default
         *     {@value AnthropicSummarizer#DEFAULT_VERSION}
         * @return this
         * @throws IllegalArgumentException when blank or not a valid header value
         */
        public Builder anthropicVersion(String version) {
            Objects.requireNonNull(version, "version");
            if (version.isBlank()) {
                throw new IllegalArgumentException("anthropicVersion must not be blank");
            }
            this.version = checkHeaderValue("anthropic-version", version);
            return this;
        }

        @Override
        protected java.util.Set<String> ownHeaders() {
            return java.util.Set.of("anthropic-version");
        }

        /**
         * @return the summarizer; the base URL defaults to {@value AnthropicSummarizer#DEFAULT_BASE_URL}
         *     and the key goes as {@code x-api-key}
         * @throws IllegalStateException when the API key or the model is missing
         */
        public AnthropicSummarizer build() {
            String model = requireModel("AnthropicSummarizer");
            Endpoint endpoint = Endpoint.builder(options())
                    .defaultBaseUrl(DEFAULT_BASE_URL)
                    .path("v1/messages")
                    .defaultAuth(AuthStyle.X_API_KEY)
                    .defaultApiKeySource("ANTHROPIC_API_KEY")
                    .keyRequired(missingKeyMessage("an API key is required: apiKey(...), with the key from"
                            + " ANTHROPIC_API_KEY"))
                    .header("anthropic-version", version)
                    .errors(t -> errors(t, model))
                    .build();
            return new AnthropicSummarizer(this, endpoint);
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "AnthropicSummarizer.Builder{" + options().describe() + ", model=" + model() + ", anthropicVersion="
                    + version + "}";
        }
    }
}
