package io.github.compact4j.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class JsonRequestBodyTest {

    /** A JSON string whose whole body is exactly {@code size} bytes: the quotes take two. */
    private static JsonBody ofSize(long size) {
        return g -> g.writeString("x".repeat((int) size - 2));
    }

    @Test
    void bodiesUpToTheLimitAreRenderedAndLargerOnesAreLeftToStream() throws Exception {
        ByteString atLimit = JsonRequestBody.render(ofSize(JsonRequestBody.BUFFER_LIMIT));
        assertNotNull(atLimit);
        assertEquals(JsonRequestBody.BUFFER_LIMIT, atLimit.size());
        assertNull(JsonRequestBody.render(ofSize(JsonRequestBody.BUFFER_LIMIT + 1)), "one byte over: streamed instead");
        assertEquals("{\"a\":\"\u00e9\"}", JsonRequestBody.render(g -> {
            g.writeStartObject();
            g.writeStringField("a", "\u00e9");
            g.writeEndObject();
        }).string(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyKnownToBeLargerThanTheLimitIsNotRenderedAtAll() throws Exception {
        JsonBody mustNotRun = g -> {
            throw new AssertionError("rendered although its size was known to be over the limit");
        };
        assertNull(JsonRequestBody.render(JsonBody.withMinimumSize(JsonRequestBody.BUFFER_LIMIT + 1, mustNotRun)));
        // a lower bound at or under the limit decides nothing: the body is rendered and measured
        ByteString small = JsonRequestBody.render(JsonBody.withMinimumSize(JsonRequestBody.BUFFER_LIMIT, ofSize(10)));
        assertEquals(10, small.size());
        assertNull(JsonRequestBody.render(JsonBody.withMinimumSize(10, ofSize(JsonRequestBody.BUFFER_LIMIT + 1))));
    }
}
