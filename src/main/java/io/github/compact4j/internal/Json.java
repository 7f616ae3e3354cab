package io.github.compact4j.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one Jackson configuration the library uses. Not public API.
 *
 * <p>It is tuned for lossless round trips of conversation JSON: floating-point numbers are kept
 * as exact {@code BigDecimal}s (so {@code 1.10} does not come back as {@code 1.1}) and key order
 * is preserved by Jackson's {@code ObjectNode}.
 */
public final class Json {

    /** The longest token a parse error may quote, e.g. {@code Unrecognized token 'tru'}. */
    public static final int MAX_ERROR_TOKEN_CHARS = 20;

    /**
     * The longest string value accepted: above the largest the Responses API allows (a compaction
     * item's {@code encrypted_content}, up to 20,971,520 characters), which Jackson's default of
     * 20,000,000 would reject.
     */
    public static final int MAX_STRING_CHARS = 32 * 1024 * 1024;

    /**
     * The deepest a conversation's JSON may nest, counted from the outermost array or object as
     * the parser counts it. Text is held to it by the parser, trees by an explicit check where
     * they enter the library; it also bounds every recursive walk (Jackson's copy, equality and
     * serialization), which stays well inside a 1 MB thread stack at this depth.
     */
    public static final int MAX_DEPTH = 1000;

    /**
     * How many levels deeper than {@link #MAX_DEPTH} the writers may go. Writing wraps items in
     * levels they did not have when read: a journal line puts them in an object and an array, the
     * Anthropic writer puts a tool result's parts inside a message, its content and the block.
     * Without the headroom, a conversation accepted on the way in could fail on the way out.
     */
    public static final int WRITE_DEPTH_HEADROOM = 8;

    /** Shared, thread-safe mapper. Never reconfigure it after start-up. */
    public static final ObjectMapper MAPPER = mapper(MAX_DEPTH);

    /** Node factory matching {@link #MAPPER}. */
    public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {}

    /**
     * A mapper configured as {@link #MAPPER} but reading up to another depth, for files the
     * library writes around items (the journal), which nest deeper than the items themselves.
     *
     * @param maxReadDepth the deepest nesting accepted when reading
     * @return a new mapper
     */
    public static ObjectMapper mapper(int maxReadDepth) {
        // Source snippets stay out of parse errors, and quoted tokens stay short: either would put
        // conversation content into exception messages and so into logs.
        return JsonMapper.builder(JsonFactory.builder()
                        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                        .errorReportConfiguration(ErrorReportConfiguration.builder()
                                .maxErrorTokenLength(MAX_ERROR_TOKEN_CHARS)
                                .maxRawContentLength(0)
                                .build())
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength(MAX_STRING_CHARS)
                                .maxNestingDepth(maxReadDepth)
                                .build())
                        .streamWriteConstraints(StreamWriteConstraints.builder()
                                .maxNestingDepth(Math.max(maxReadDepth, MAX_DEPTH) + WRITE_DEPTH_HEADROOM)
                                .build())
                        .build())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .nodeFactory(new JsonNodeFactory(true))
                .build();
    }
}
