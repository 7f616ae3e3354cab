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
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
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
public final class ChatCompletionsSummarizer extends HttpSummarizer {

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

    private final String tokenLimitField;

    private ChatCompletionsSummarizer(Builder b, Endpoint endpoint) {
        super(endpoint, "Chat Completions", ChatCompletionsSummarizer::read, b);
        this.tokenLimitField = tokenLimitField(b.tokenLimitParameter, endpoint.target(), b.model());
    }

    /** @return a builder; {@link Builder#model(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code CreateChatCompletionRequest} body, streamed into the socket. */
    @Override
    void writeBody(JsonGenerator g, String instructions, String user, int limit) throws IOException {
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
        return AnswerJson.usage(u, "prompt_tokens", "completion_tokens", "prompt_tokens_details",
                "completion_tokens_details");
    }

    static String tokenLimitField(TokenLimitParameter p, Endpoint.Target target, String model) {
        return switch (p) {
            case MAX_TOKENS -> "max_tokens";
            case MAX_COMPLETION_TOKENS -> "max_completion_tokens";
            case AUTO -> target.auth() == AuthStyle.AZURE_API_KEY || isOpenAi(target) || isReasoningModel(model)
                    ? "max_completion_tokens" : "max_tokens";
        };
    }

    private static boolean isOpenAi(Endpoint.Target target) {
        return target.baseUrl().host().equalsIgnoreCase("api.openai.com");
    }

    /** o1, o3-mini, o4-mini-2025-04-16, gpt-5, gpt-5.1-codex-max, openai/gpt-5-mini, ... */
    static boolean isReasoningModel(String model) {
        String name = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return REASONING_MODEL.matcher(name).matches();
    }

    private static ErrorContext errors(Endpoint.Target t, String model) {
        String where = t.display();
        ErrorContext e = new ErrorContext("Chat Completions summarization failed", t.apiKeySource(),
                t.auth() == AuthStyle.AZURE_API_KEY
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
        if (!t.hasKey()) {
            e = e.withHint(401, "The server at " + t.baseUrl().host() + " wants an API key and none was given: pass it"
                    + " with apiKey(...).");
        }
        return e;
    }

    /** Describes the configuration; never shows the API key. */
    @Override
    public String toString() {
        return describe("ChatCompletionsSummarizer", ", tokenLimit=" + tokenLimitField);
    }

    /**
     * Builds a {@link ChatCompletionsSummarizer}: the model and the output limit here, every
     * transport setting (base URL, key, headers, retries, timeouts, OkHttp client) from
     * {@link SummarizerBuilder}. Not thread-safe. Its {@code toString()} never shows the API key.
     */
    public static final class Builder extends SummarizerBuilder<Builder> {

        private TokenLimitParameter tokenLimitParameter = TokenLimitParameter.AUTO;

        private Builder() {
            super(2);
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
         * @return the summarizer; the base URL defaults to {@value ChatCompletionsSummarizer#DEFAULT_BASE_URL},
         *     the key goes as {@code Authorization: Bearer} (Azure OpenAI hosts: {@code api-key})
         * @throws IllegalStateException when no model was given, or no API key for OpenAI or
         *     Azure OpenAI, which always need one
         */
        public ChatCompletionsSummarizer build() {
            String model = requireModel("ChatCompletionsSummarizer");
            Endpoint endpoint = Endpoint.builder(options())
                    .defaultBaseUrl(DEFAULT_BASE_URL)
                    .baseUrlExample(DEFAULT_BASE_URL + " or http://localhost:11434/v1")
                    .path("chat/completions")
                    .defaultAuth(AuthStyle.BEARER)
                    .azureAware()
                    .defaultApiKeySource("the key given to apiKey(...)")
                    .keyRequired(t -> t.auth() == AuthStyle.AZURE_API_KEY || isOpenAi(t),
                            t -> (t.auth() == AuthStyle.AZURE_API_KEY ? "Azure OpenAI" : t.baseUrl().host())
                                    + " needs an API key: pass it with apiKey(...); only servers such as a local"
                                    + " Ollama or vLLM work without one")
                    .errors(t -> errors(t, model))
                    .build();
            return new ChatCompletionsSummarizer(this, endpoint);
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "ChatCompletionsSummarizer.Builder{" + options().describe() + ", model=" + model()
                    + ", tokenLimitParameter=" + tokenLimitParameter + "}";
        }
    }
}
