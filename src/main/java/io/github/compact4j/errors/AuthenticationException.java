package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 401: the API key was missing, wrong, revoked, or meant for another base URL. The message
 * never contains the key; check the one the client was built with.
 */
public class AuthenticationException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public AuthenticationException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public AuthenticationException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
