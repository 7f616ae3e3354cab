package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 409: the request conflicted with another operation on the same resource. Retried
 * automatically; this is thrown once the retries are used up.
 */
public class ConflictException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public ConflictException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public ConflictException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
