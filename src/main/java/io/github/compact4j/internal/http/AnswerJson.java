package io.github.compact4j.internal.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.compact4j.internal.Json;
import io.github.compact4j.Usage;
import java.io.IOException;
import java.util.Locale;
import okio.BufferedSource;

/**
 * Reading a backend's JSON answer the way every client needs it: strictly (an answer with
 * trailing garbage, such as a second object from a server that streamed anyway, is not a valid
 * answer), and with token counts that never throw.
 */
public final class AnswerJson {

    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AnswerJson() {}

    /**
     * @param body the answer's body, from a {@link ResponseReader}
     * @return its one JSON object
     * @throws IOException when reading fails or the JSON is malformed (the transport reports it)
     * @throws InvalidBodyException when the body is empty or not a JSON object
     */
    public static JsonNode readObject(BufferedSource body) throws IOException {
        JsonNode root = STRICT.readTree(body.inputStream());
        if (root == null || root.isMissingNode()) {
            throw new InvalidBodyException("the body is empty");
        }
        if (!root.isObject()) {
            throw new InvalidBodyException("expected a JSON object but got "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return root;
    }

    /**
     * A usage figure: a figure that is absent or not a non-negative integer counts as 0 rather than
     * discarding an otherwise good answer.
     *
     * @param n the field, or null
     * @return its value, or 0
     */
    public static long tokens(JsonNode n) {
        if (n == null || !n.isNumber() || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            return 0;
        }
        return Math.max(0, n.longValue());
    }

    /**
     * The usage of one model call in the shape OpenAI-style APIs report it: input and output
     * counts, a total, and detail objects that may be absent. Figures that are missing or not
     * non-negative integers count as 0, and a missing object as {@link Usage#unreported()}, rather
     * than discarding a good answer.
     *
     * @param u the {@code usage} object, or null
     * @param input the input field, e.g. {@code input_tokens} or {@code prompt_tokens}
     * @param output the output field, e.g. {@code output_tokens} or {@code completion_tokens}
     * @param inputDetails the object holding {@code cached_tokens}
     * @param outputDetails the object holding {@code reasoning_tokens}
     * @return the usage
     */
    public static Usage usage(JsonNode u, String input, String output, String inputDetails, String outputDetails) {
        if (u == null || !u.isObject()) {
            return Usage.unreported();
        }
        long in = tokens(u.get(input));
        long out = tokens(u.get(output));
        JsonNode totalNode = u.get("total_tokens");
        long total = totalNode != null && totalNode.canConvertToExactIntegral() ? tokens(totalNode) : in + out;
        return Usage.builder().inputTokens(in).outputTokens(out).totalTokens(total)
                .cachedInputTokens(tokens(u.path(inputDetails).get("cached_tokens")))
                .reasoningTokens(tokens(u.path(outputDetails).get("reasoning_tokens")))
                .build();
    }

    /**
     * The usage of one Anthropic model call: Anthropic counts cache reads and writes apart from
     * {@code input_tokens}; {@link Usage} counts every input token, cached ones included.
     *
     * @param u an Anthropic {@code usage} object, or one entry of its {@code iterations}; may be null
     * @return the usage, {@link Usage#unreported()} when there is no object
     */
    public static Usage anthropicUsage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return Usage.unreported();
        }
        long cacheRead = tokens(u.get("cache_read_input_tokens"));
        long in = tokens(u.get("input_tokens")) + cacheRead + tokens(u.get("cache_creation_input_tokens"));
        return Usage.builder().inputTokens(in).outputTokens(tokens(u.get("output_tokens"))).cachedInputTokens(cacheRead)
                .build();
    }

    /**
     * What Anthropic billed across a response's sampling iterations: once a compaction beta is on,
     * {@code usage.iterations} lists each one ({@code compaction}, {@code message}, ...) and the
     * top-level figures leave compaction out.
     *
     * @param usage the response's {@code usage} object, or null
     * @param type the iteration type to add up, e.g. {@code compaction}; null for every iteration
     * @return the sum, one model call per iteration; null when there is no {@code iterations} array
     */
    public static Usage anthropicIterations(JsonNode usage, String type) {
        JsonNode iterations = usage == null ? null : usage.get("iterations");
        if (iterations == null || !iterations.isArray()) {
            return null;
        }
        Usage sum = Usage.NONE;
        for (JsonNode it : iterations) {
            if (type == null || type.equals(text(it.get("type")))) {
                sum = sum.plus(anthropicUsage(it));
            }
        }
        return sum;
    }

    /**
     * @param s text from an answer, for an error message
     * @return it cut to 80 characters
     */
    public static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /**
     * @param n a field, or null
     * @return its text when it is a JSON string, else null
     */
    public static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
