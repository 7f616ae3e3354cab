package io.github.compact4j.internal.http;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads a successful (2xx) answer from the stream. JSON that does not parse (a
 * {@code JsonProcessingException}) and {@link InvalidBodyException}s become an
 * {@code InvalidResponseException}; other {@code IOException}s count as a broken connection and
 * are retried.
 *
 * @param <T> what the answer becomes
 */
@FunctionalInterface
public interface ResponseReader<T> {

    /**
     * @param body the body, non-empty and declared as JSON (or undeclared); not to be closed
     * @return the value
     * @throws IOException when reading or parsing fails
     * @throws InvalidBodyException when the JSON is not what the endpoint should answer
     */
    T read(BufferedSource body) throws IOException;
}
