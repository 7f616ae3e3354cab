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
 * <p>A failure that only looks similar is not an overflow: a 400 for a bad parameter, a 429 for
 * tokens per minute (a rate limit, not the window), an output limit ({@code max_tokens}).
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

    // "This model's maximum context length is 128000 tokens. However, your messages resulted in 130005 tokens"
    private static final Pattern OPENAI_COUNTS = Pattern.compile(
            "(?i)maximum context length is (\\d[\\d,]*) tokens.*?(?:resulted in|requested|you requested) (\\d[\\d,]*) tokens");
    // Anthropic: "prompt is too long: 215000 tokens > 200000 maximum"
    private static final Pattern ANTHROPIC_COUNTS = Pattern.compile("(?i)prompt is too long:\\s*(\\d[\\d,]*) tokens\\s*>\\s*(\\d[\\d,]*)");
    private static final Pattern WORDS = Pattern.compile("(?i)context_length_exceeded|context length|context window"
            + "|prompt is too long|input is too long|too many tokens|maximum context|model_context_window_exceeded"
            + "|exceeds the (?:model's )?(?:maximum )?(?:context|token)|input token count .* exceeds");
    private static final Pattern NOT_OVERFLOW = Pattern.compile("(?i)tokens per min|rate limit|rate_limit|tpm|max_tokens"
            + " (?:is|must|should)|max_output_tokens|output limit");

    private static volatile List<Extractor> extractors;

    private final int promptTokens;
    private final int maxTokens;
    private final int status;
    private final String evidence;

    private ContextOverflow(int promptTokens, int maxTokens, int status, String evidence) {
        this.promptTokens = promptTokens;
        this.maxTokens = maxTokens;
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
     * @param status the HTTP status, 0 when unknown
     * @param body the error body (JSON or text), or an exception's message
     * @return the overflow, when the body says the input did not fit the window
     */
    public static Optional<ContextOverflow> detect(int status, String body) {
        if (body == null || body.isBlank() || status == 429 || (status >= 500 && status != 0)) {
            return Optional.empty();
        }
        String text = readable(body);
        if (!WORDS.matcher(text).find() || NOT_OVERFLOW.matcher(text).find() && !text.contains("context")) {
            return Optional.empty();
        }
        int prompt = -1;
        int max = -1;
        Matcher m = OPENAI_COUNTS.matcher(text);
        if (m.find()) {
            max = number(m.group(1));
            prompt = number(m.group(2));
        } else if ((m = ANTHROPIC_COUNTS.matcher(text)).find()) {
            prompt = number(m.group(1));
            max = number(m.group(2));
        }
        return Optional.of(new ContextOverflow(prompt, max, status, cap(text)));
    }

    /** JSON bodies are read for their message, code and type; anything else is taken as text. */
    private static String readable(String body) {
        String b = body.strip();
        if (b.startsWith("{") || b.startsWith("[")) {
            try {
                JsonNode n = Json.MAPPER.readTree(b);
                List<String> parts = new ArrayList<>();
                collect(n, parts, 0);
                if (!parts.isEmpty()) {
                    return String.join(" ", parts);
                }
            } catch (Exception e) {
                // not JSON after all: the text is all there is
            }
        }
        return b;
    }

    private static void collect(JsonNode n, List<String> out, int depth) {
        if (n == null || depth > 6) {
            return;
        }
        if (n.isTextual()) {
            out.add(n.textValue());
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
                + (maxTokens > 0 ? ", maxTokens=" + maxTokens : "") + "}";
    }
}
