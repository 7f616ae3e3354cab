package io.github.compact4j.errors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model call that failed because its input did not fit the model's context window, recognised
 * from the failure whatever client made the call: a {@link Throwable} (its causes walked, each
 * one's status and error body read where an {@link Extractor} knows the client's exception type,
 * and its message read otherwise), or a raw HTTP status and body.
 *
 * <pre>{@code
 * try {
 *     response = client.responses().create(params);
 * } catch (RuntimeException e) {
 *     ContextOverflow overflow = ContextOverflow.detect(e).orElseThrow(() -> e);
 *     convo.recoverFromOverflow(overflow);     // compacts below the window the error revealed
 *     response = client.responses().create(params.toBuilder().input(convo.items()).build());
 * }
 * }</pre>
 *
 * <p>It knows the wording of OpenAI and Azure OpenAI ({@code context_length_exceeded}, in Chat
 * Completions, Responses and their streamed error events), Anthropic ({@code prompt is too long},
 * {@code input length and max_tokens exceed context limit}, and the {@code model_context_window_exceeded}
 * stop reason of an answer), Gemini, vLLM, DeepSeek, Groq, OpenRouter, Ollama, xAI, Mistral and
 * Cerebras, and reads the prompt's tokens, the window and the requested output from the message
 * when it carries them. A failure that only looks similar is not an overflow: a 400 for a bad
 * parameter, a 429 (or Groq's 413) for tokens per minute, a quota, an output limit
 * ({@code max_tokens}), a request too large in bytes, a server error. See
 * {@code docs/context-management.md}.
 */
public final class ContextOverflow {

    /**
     * Reads the HTTP status and error body out of a client's exception type, for clients whose
     * messages do not carry the body. The SDK integrations register theirs through
     * {@link ServiceLoader} ({@code META-INF/services/io.github.compact4j.errors.ContextOverflow$Extractor}).
     */
    public interface Extractor {
        /**
         * @param failure one exception of a cause chain
         * @return its status and body, when this extractor knows its type
         */
        Optional<HttpFailure> extract(Throwable failure);
    }

    /**
     * What a failed HTTP call said.
     *
     * @param status the HTTP status, 0 when unknown
     * @param body the error body, or the best text there is (an exception's message)
     */
    public record HttpFailure(int status, String body) {
        /** Checks the body. */
        public HttpFailure {
            Objects.requireNonNull(body, "body");
        }
    }

    private static final int MAX_CAUSES = 10;

    /** Where the token counts are in each provider's wording ({@code #}: a number); the first that matches wins. */
    private static final List<CountPattern> COUNTS = List.of(
            // vLLM: "...maximum context length is 128000 tokens. However, you requested 65535 output tokens and
            // your prompt contains at least 62466 input tokens, for a total of at least 128001 tokens."
            new CountPattern("maximum context length is (?<max>#) tokens\\. However, you requested (?<out>#) output"
                    + " tokens and your prompt contains at least (?<prompt>#) input tokens"),
            // vLLM: "This model's maximum context length is 8192 tokens and your request has 5000 input tokens"
            new CountPattern("maximum context length is (?<max>#) tokens and your request has (?<prompt>#) input tokens"),
            // vLLM, DeepSeek, older OpenAI: "...you requested 4297 tokens (3273 in the messages, 1024 in the
            // completion)" or "(1044 in your prompt; 3072 for the completion)"
            new CountPattern("maximum context length is (?<max>#) tokens.{0,40}?requested (?<total>#) tokens \\("
                    + "(?<prompt>#) in (?:the messages|your prompt)[,;] (?<out>#) (?:in|for) the completion"),
            // OpenRouter: "This endpoint's maximum context length is 65536 tokens. However, you requested about
            // 92208 tokens (60833 of text input, 10042 of tool input, 21333 in the output)."
            new CountPattern("maximum context length is (?<max>#) tokens.{0,40}?requested about (?<total>#) tokens \\("
                    + "(?<inputs>(?:# of [a-z]+ input(?:, )?)+)(?:, (?<out>#) in the output)?\\)"),
            // OpenAI Chat Completions, Azure: "This model's maximum context length is 128000 tokens. However, your
            // messages resulted in 130512 tokens." (and any other "requested N tokens")
            new CountPattern("maximum context length is (?<max>#) tokens.{0,40}?(?:resulted in|requested)(?: about)?"
                    + " (?<prompt>#) tokens"),
            // Anthropic: "prompt is too long: 215000 tokens > 200000 maximum"
            new CountPattern("prompt is too long: (?<prompt>#) tokens > (?<max>#) maximum"),
            // Anthropic: "input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000, ..."
            new CountPattern("input length and `?max_tokens`? exceed context limit: (?<prompt>#) \\+ (?<out>#)"
                    + " > (?<max>#)"),
            // Gemini: "The input token count (1196265) exceeds the maximum number of tokens allowed (1048576)."
            new CountPattern("input token count \\((?<prompt>#)\\) exceeds the maximum number of tokens allowed"
                    + " \\((?<max>#)\\)"),
            // xAI: "This model's maximum prompt length is 131072 but the request contains 150000 tokens."
            new CountPattern("maximum prompt length is (?<max>#) but the request contains (?<prompt>#) tokens"),
            // vLLM engine: "Input prompt (35247 tokens) is too long and exceeds limit of 32768"
            new CountPattern("input prompt \\((?<prompt>#) tokens\\) is too long and exceeds limit of (?<max>#)"),
            // vLLM: "The decoder prompt (length 9000) is longer than the maximum model length of 8192."
            new CountPattern("prompt \\(length (?<prompt>#)\\) is longer than the maximum model length of (?<max>#)"),
            // Mistral: "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum
            // context length"
            new CountPattern("prompt contains (?<prompt>#) tokens.{0,60}?too large for model with (?<max>#) maximum"
                    + " context length"),
            // Cerebras: "Please reduce the length of the messages or completion. Current length is 42328 while
            // limit is 40000"
            new CountPattern("current length is (?<prompt>#) while limit is (?<max>#)"));

    /** Words that say the input did not fit the window, in any provider's errors. */
    private static final Pattern WORDS = Pattern.compile("(?i)context_length_exceeded|model_context_window_exceeded"
            + "|context length|context window|context limit|prompt is too long|input is too long|too many tokens"
            + "|maximum context|maximum prompt length|maximum model length"
            + "|exceeds the (?:model's )?(?:maximum )?(?:context|token)|input token count .{0,40}exceeds"
            + "|input length exceeds the context length|input prompt \\(\\d[\\d,]* tokens\\) is too long"
            + "|reduce the length of the messages");

    /** Failures about rates, quotas and the output budget: other limits, whatever tokens they mention. */
    private static final Pattern NOT_OVERFLOW = Pattern.compile("(?i)tokens per min|tokens per day|\\btpm\\b"
            + "|\\btpd\\b|rate limit|rate_limit|quota|max_tokens (?:is|must|should)|max_output_tokens"
            + "|output limit|maximum allowed number of output tokens|completion tokens, whereas");

    private static final Pattern OVERFLOW_CODES = Pattern.compile("(?i)context_length_exceeded"
            + "|model_context_window_exceeded");

    private static final String STOP_REASON = "model_context_window_exceeded";

    private static volatile List<Extractor> extractors;

    private final int promptTokens;
    private final int maxTokens;
    private final int outputTokens;
    private final int status;
    private final String evidence;

    private ContextOverflow(int promptTokens, int maxTokens, int outputTokens, int status, String evidence) {
        this.promptTokens = promptTokens;
        this.maxTokens = maxTokens;
        this.outputTokens = outputTokens;
        this.status = status;
        this.evidence = evidence;
    }

    /**
     * @param failure what a model call threw, from any client
     * @return the overflow, when one of its causes says the input did not fit the window
     */
    public static Optional<ContextOverflow> detect(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES && seen.add(t); t = t.getCause(), depth++) {
            Optional<ContextOverflow> found = detectOne(t);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<ContextOverflow> detectOne(Throwable t) {
        if (t instanceof CompactionException ce && ce.status().isPresent()) {
            String body = String.join(" ", ce.errorCode().orElse(""), ce.errorType().orElse(""),
                    ce.backendMessage().orElse(""));
            return detect(ce.status().getAsInt(), body);
        }
        for (Extractor x : extractors()) {
            Optional<HttpFailure> f;
            try {
                f = x.extract(t);
            } catch (RuntimeException e) {
                continue; // an extractor that fails knows nothing about this exception
            }
            if (f.isPresent()) {
                return detect(f.get().status(), f.get().body());
            }
        }
        return t.getMessage() == null ? Optional.empty() : detect(0, t.getMessage());
    }

    /**
     * Reads a failed call's status and body, or a successful Anthropic answer that stopped with
     * {@code model_context_window_exceeded} (status 200, the message or its {@code message_delta}
     * event). A JSON body is read for its error fields only, so a model's own words about context
     * windows in a successful answer are not mistaken for a failure.
     *
     * @param status the HTTP status, 0 when unknown
     * @param body the error body (JSON or text), or an exception's message
     * @return the overflow, when the body says the input did not fit the window
     */
    public static Optional<ContextOverflow> detect(int status, String body) {
        if (body == null || body.isBlank() || status == 429 || (status >= 500 && status != 0)) {
            return Optional.empty();
        }
        String text = body.strip();
        JsonNode json = json(text);
        if (json != null) {
            Optional<ContextOverflow> stopped = stopReason(json, status);
            if (stopped.isPresent()) {
                return stopped;
            }
            List<String> parts = new ArrayList<>();
            errorText(json, parts, 0);
            if (parts.isEmpty()) {
                return Optional.empty(); // an answer, not an error: its content is the model's, not the provider's
            }
            text = String.join(" ", parts);
        }
        boolean coded = OVERFLOW_CODES.matcher(text).find();
        if (!coded && (!WORDS.matcher(text).find() || NOT_OVERFLOW.matcher(text).find() && !text.contains("context"))) {
            return Optional.empty();
        }
        int[] counts = counts(text);
        return Optional.of(new ContextOverflow(counts[0], counts[1], counts[2], status, cap(text)));
    }

    /** {prompt, max, output} from the first count pattern that matches, -1 for each unknown. */
    private static int[] counts(String text) {
        for (CountPattern p : COUNTS) {
            Matcher m = p.pattern.matcher(text);
            if (m.find()) {
                int prompt = p.has("prompt") ? number(m.group("prompt")) : -1;
                if (p.has("inputs") && m.group("inputs") != null) {
                    Matcher n = NUMBER.matcher(m.group("inputs"));
                    prompt = 0;
                    while (n.find()) {
                        prompt += number(n.group());
                    }
                }
                int out = p.has("out") && m.group("out") != null ? number(m.group("out")) : -1;
                return new int[] {prompt, number(m.group("max")), out};
            }
        }
        return new int[] {-1, -1, -1};
    }

    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*");

    /** One provider's wording, with {@code #} standing for a number and named groups for the counts. */
    private static final class CountPattern {
        final Pattern pattern;
        final String source;

        CountPattern(String source) {
            this.source = source;
            this.pattern = Pattern.compile("(?i)" + source.replace("#", "\\d[\\d,]*"));
        }

        boolean has(String group) {
            return source.contains("?<" + group + ">");
        }
    }

    private static JsonNode json(String text) {
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            return n != null && n.isContainerNode() ? n : null;
        } catch (Exception e) {
            return null; // not JSON after all: the text is all there is
        }
    }

    /** Anthropic's stop reason, in a message, a {@code message_start} or a {@code message_delta} event. */
    private static Optional<ContextOverflow> stopReason(JsonNode n, int status) {
        JsonNode message = n.has("message") && n.get("message").isObject() ? n.get("message") : n;
        String reason = message.path("stop_reason").asText(n.path("delta").path("stop_reason").asText(""));
        if (!STOP_REASON.equals(reason)) {
            return Optional.empty();
        }
        JsonNode usage = message.has("usage") ? message.path("usage") : n.path("usage");
        long input = usage.path("input_tokens").asLong(0) + usage.path("cache_read_input_tokens").asLong(0)
                + usage.path("cache_creation_input_tokens").asLong(0);
        return Optional.of(new ContextOverflow(input > 0 && input <= Integer.MAX_VALUE ? (int) input : -1, -1, -1, status,
                "stop_reason " + STOP_REASON));
    }

    /**
     * The text of a body's error fields: an {@code error} object or string (OpenAI, Azure, Anthropic,
     * Gemini, Groq, OpenRouter, Ollama, a streamed {@code error} or {@code response.failed} event),
     * or the top-level {@code message} of a vLLM-style {@code {"object":"error"}} body.
     */
    private static void errorText(JsonNode n, List<String> out, int depth) {
        if (n == null || depth > 4) {
            return;
        }
        if (n.isArray()) {
            n.forEach(e -> errorText(e, out, depth + 1)); // Gemini's OpenAI endpoint answers [{"error": ...}]
            return;
        }
        if (!n.isObject()) {
            return;
        }
        JsonNode error = n.get("error");
        if (error != null && !error.isNull()) {
            collect(error, out, 0);
        } else if ("error".equals(n.path("object").asText()) || "error".equals(n.path("type").asText())
                || !n.has("choices") && !n.has("content") && !n.has("output") && !n.has("candidates")
                        && (n.has("message") || n.has("detail"))) {
            for (String field : new String[] {"code", "type", "message", "detail"}) {
                JsonNode v = n.get(field);
                if (v != null && (v.isTextual() || v.isNumber())) {
                    out.add(v.asText());
                } else if (v != null && v.isContainerNode() && field.equals("detail")) {
                    collect(v, out, 0);
                }
            }
        }
        JsonNode response = n.get("response"); // a response.failed event carries the error in its response
        if (response != null && response.isObject()) {
            errorText(response, out, depth + 1);
        }
    }

    private static void collect(JsonNode n, List<String> out, int depth) {
        if (n == null || depth > 6) {
            return;
        }
        if (n.isTextual() || n.isNumber()) {
            out.add(n.asText());
        } else if (n.isContainerNode()) {
            n.forEach(c -> collect(c, out, depth + 1));
        }
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.replace(",", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String cap(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    private static List<Extractor> extractors() {
        List<Extractor> x = extractors;
        if (x == null) {
            List<Extractor> found = new ArrayList<>();
            ServiceLoader.load(Extractor.class, ContextOverflow.class.getClassLoader()).forEach(found::add);
            extractors = x = List.copyOf(found);
        }
        return x;
    }

    /** @return the input's token count the provider reported, when it said */
    public OptionalInt promptTokens() {
        return promptTokens > 0 ? OptionalInt.of(promptTokens) : OptionalInt.empty();
    }

    /** @return the window the provider reported, when it said */
    public OptionalInt maxTokens() {
        return maxTokens > 0 ? OptionalInt.of(maxTokens) : OptionalInt.empty();
    }

    /**
     * @return the output tokens the failed request reserved ({@code max_tokens}), when the provider
     *     said: the input must fit the window less these
     */
    public OptionalInt requestedOutputTokens() {
        return outputTokens > 0 ? OptionalInt.of(outputTokens) : OptionalInt.empty();
    }

    /** @return the HTTP status of the failure, 0 when unknown */
    public int status() {
        return status;
    }

    /** @return the words that were recognised, cut to 300 characters; conversation content is unlikely but possible */
    public String evidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "ContextOverflow{status=" + status + (promptTokens > 0 ? ", promptTokens=" + promptTokens : "")
                + (maxTokens > 0 ? ", maxTokens=" + maxTokens : "")
                + (outputTokens > 0 ? ", requestedOutputTokens=" + outputTokens : "") + "}";
    }
}
