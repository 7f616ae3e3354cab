package io.github.compact4j.errors;

/**
 * The backend answered, but not with what it should have: an HTML page from a proxy instead of
 * JSON, JSON cut short, an empty body, the wrong {@code object}, or, for native compaction, an
 * output without exactly one compaction item. Not retried: the same server will most likely
 * answer the same way, so a fallback strategy should take over.
 */
public class InvalidResponseException extends CompactionException {

    private static final long serialVersionUID = 1L;

    /**
     * For backend clients.
     *
     * @param details what is known about the failure
     */
    public InvalidResponseException(Details details) {
        super(details);
    }
}
