package io.github.compact4j.errors;

import java.time.Duration;

/**
 * An HTTP error status outside the ones compact4j maps to their own exception (say 402 or 418).
 * {@link #statusCode()} tells which.
 */
public class UnexpectedStatusException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public UnexpectedStatusException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public UnexpectedStatusException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
