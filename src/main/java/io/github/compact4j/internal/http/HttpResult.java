package io.github.compact4j.internal.http;

import java.util.List;

/**
 * A successful exchange.
 *
 * @param value what the reader made of the answer
 * @param status the HTTP status of the answer
 * @param requestIds the backend's request ids of every attempt that got an answer, in order
 * @param clientRequestIds the {@code X-Client-Request-Id} of every attempt, in order
 * @param attempts how many attempts it took
 * @param <T> the value's type
 */
public record HttpResult<T>(T value, int status, List<String> requestIds, List<String> clientRequestIds,
        int attempts) {

    /** Copies the id lists. */
    public HttpResult {
        requestIds = List.copyOf(requestIds);
        clientRequestIds = List.copyOf(clientRequestIds);
    }
}
