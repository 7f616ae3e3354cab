package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 403: the key is valid but may not use this model or endpoint, for example because the
 * project or organization lacks access, or the request came from an unsupported region.
 */
public class PermissionDeniedException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public PermissionDeniedException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public PermissionDeniedException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
