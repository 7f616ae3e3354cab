package io.github.compact4j.errors;

/**
 * The backend did not answer within the configured timeout (connect, or the whole attempt),
 * on every attempt. Large conversations take the backend longer: raise the client's
 * {@code timeout}, or compact earlier so there is less to compact.
 */
public class CompactionTimeoutException extends CompactionException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure
     */
    public CompactionTimeoutException(Details details) {
        super(details);
    }
}
