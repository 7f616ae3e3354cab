package io.github.compact4j.errors;

import java.time.Duration;

/**
 * HTTP 404: the base URL, the path or the model does not exist on this backend. For native
 * compaction it usually means the base URL (a proxy, a compatible server) or the model does not
 * support {@code /responses/compact}; a fallback strategy can take over.
 */
public class NotFoundException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public NotFoundException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public NotFoundException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }
}
