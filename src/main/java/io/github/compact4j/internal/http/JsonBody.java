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
}
