package io.github.compact4j.errors;

/**
 * HTTP 400 with code {@code invalid_encrypted_content}: the conversation holds an encrypted item
 * (an OpenAI compaction item, or encrypted reasoning) that the backend can no longer read, for
 * example because it was made by another account or project, or has gone stale. Anthropic's
 * errors about a compaction block that was edited or misplaced
 * ({@code compaction_signature_invalid}, {@code compaction_content_mismatch},
 * {@code compaction_tool_changes_mismatch}, {@code compaction_block_misplaced},
 * {@code compaction_block_ambiguous}) are the same kind of failure and raise it too.
 *
 * <p>Retrying the same conversation will fail the same way. Rebuild from the original history
 * (the items that were compacted away), or drop the stale item and summarize instead.
 */
public class StaleCompactionException extends BadRequestException {

    private static final long serialVersionUID = 1L;

    /** The error code OpenAI answers with for encrypted content it cannot read. */
    public static final String ERROR_CODE = "invalid_encrypted_content";

    /**
     * Every error code that raises this exception: OpenAI's {@value #ERROR_CODE} and Anthropic's
     * codes for a compaction block that was edited, misplaced or sent twice.
     */
    public static final java.util.Set<String> ERROR_CODES = java.util.Set.of(ERROR_CODE,
            "compaction_signature_invalid", "compaction_content_mismatch", "compaction_tool_changes_mismatch",
            "compaction_block_misplaced", "compaction_block_ambiguous");

    /**
     * @param errorCode a backend's error code, or null
     * @return whether it says the conversation holds a compaction the backend cannot use as it is
     */
    public static boolean isStaleCode(String errorCode) {
        return errorCode != null && ERROR_CODES.contains(errorCode);
    }

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public StaleCompactionException(Details details) {
        super(details);
    }
}
