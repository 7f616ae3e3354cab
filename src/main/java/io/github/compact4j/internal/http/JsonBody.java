package io.github.compact4j.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes a request's JSON straight into the socket. Called once per attempt, so it must write the
 * same JSON each time.
 */
@FunctionalInterface
public interface JsonBody {

    /**
     * @param generator where to write the one JSON value of the body; not to be closed
     * @throws IOException when writing fails
     */
    void write(JsonGenerator generator) throws IOException;

    /**
     * A lower bound of the body's size in bytes, when the writer knows one cheaply (the length of
     * the text it will write raw): a body known to be larger than the buffering limit is streamed
     * at once, without first being rendered up to the limit and thrown away.
     *
     * @return at most the number of bytes {@link #write} writes, or 0 when not known
     */
    default long minimumSize() {
        return 0;
    }

    /**
     * @param minimumSize at most the number of bytes {@code body} writes
     * @param body the writer
     * @return {@code body} with that {@link #minimumSize()}
     */
    static JsonBody withMinimumSize(long minimumSize, JsonBody body) {
        return new JsonBody() {
            @Override
            public void write(JsonGenerator generator) throws IOException {
                body.write(generator);
            }

            @Override
            public long minimumSize() {
                return minimumSize;
            }
        };
    }
}
