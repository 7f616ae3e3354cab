package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 5xx: the backend (or a proxy in front of it) failed. Retried automatically; this is
 * thrown once the retries are used up.
 */
public class ServerException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public ServerException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public ServerException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
