package io.github.compact4j.errors;

/**
 * HTTP 400 with code {@code invalid_encrypted_content}: the conversation holds an encrypted item
 * (an OpenAI compaction item, or encrypted reasoning) that the backend can no longer read, for
 * example because it was made by another account or project, or has gone stale.
 *
 * <p>Retrying the same conversation will fail the same way. Rebuild from the original history
 * (the items that were compacted away), or drop the stale item and summarize instead.
 */
public class StaleCompactionException extends BadRequestException {

    private static final long serialVersionUID = 1L;

    /** The error code OpenAI answers with for encrypted content it cannot read. */
    public static final String ERROR_CODE = "invalid_encrypted_content";

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public StaleCompactionException(Details details) {
        super(details);
    }
}
