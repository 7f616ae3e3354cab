package io.github.compact4j.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
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

    /** Shared, thread-safe mapper. Never reconfigure it after start-up. */
    // Source snippets stay out of parse errors, and quoted tokens stay short: either would put
    // conversation content into exception messages and so into logs.
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .errorReportConfiguration(ErrorReportConfiguration.builder()
                            .maxErrorTokenLength(MAX_ERROR_TOKEN_CHARS)
                            .maxRawContentLength(0)
                            .build())
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(MAX_STRING_CHARS)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** Node factory matching {@link #MAPPER}. */
    public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {}
}
