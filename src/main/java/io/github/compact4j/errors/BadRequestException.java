package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 400 or 422: the backend rejected the request itself, so sending it again will not help.
 * {@link #errorParam()} usually names the field at fault (a model name the endpoint does not
 * know, an item the API cannot accept).
 */
public class BadRequestException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public BadRequestException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public BadRequestException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
