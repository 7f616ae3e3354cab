package io.github.compact4j.internal.http;


/**
 * Thrown by a {@link ResponseReader} when a well-formed answer is not what the endpoint should
 * answer; the transport turns it into an {@code InvalidResponseException} with the attempt's ids.
 */
public final class InvalidBodyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param problem what is wrong, e.g. "expected 'object' to be 'response.compaction' but got 'response'"
     */
    public InvalidBodyException(String problem) {
        super(problem, null, false, false);
    }
}
