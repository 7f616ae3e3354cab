package io.github.compact4j.internal.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a backend client wants its failures worded. The transport's hints are written for an
 * OpenAI-style API; a client whose backend means something else by a status (Anthropic's 529, a
 * local server's 404 for a model it has not pulled) replaces the hint for that status.
 *
 * <pre>{@code
 * ErrorContext errors = new ErrorContext("Anthropic summarization failed", "ANTHROPIC_API_KEY", null)
 *         .withHint(529, "Anthropic's API is overloaded for all users; try again later.");
 * }</pre>
 *
 * @param failed what failed, the start of every message, e.g. "OpenAI compaction failed"
 * @param apiKeySource where the key usually comes from, for the 401 hint, e.g. "OPENAI_API_KEY"
 * @param notFoundHint what a 404 means for this endpoint, or null for the generic hint
 * @param hints hints replacing the transport's own for the given HTTP statuses; the transport
 *     appends how often it retried
 */
public record ErrorContext(String failed, String apiKeySource, String notFoundHint, Map<Integer, String> hints) {

    /** Checks the wording and copies the hints. */
    public ErrorContext {
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(apiKeySource, "apiKeySource");
        hints = Map.copyOf(hints);
    }

    /**
     * @param failed what failed, the start of every message
     * @param apiKeySource where the key usually comes from, for the 401 hint
     * @param notFoundHint what a 404 means for this endpoint, or null for the generic hint
     */
    public ErrorContext(String failed, String apiKeySource, String notFoundHint) {
        this(failed, apiKeySource, notFoundHint, Map.of());
    }

    /**
     * @param status an HTTP status
     * @param hint what to do when the backend answers with it, a full sentence
     * @return a copy with that hint replacing the transport's own for the status
     */
    public ErrorContext withHint(int status, String hint) {
        Map<Integer, String> more = new HashMap<>(hints);
        more.put(status, Objects.requireNonNull(hint, "hint"));
        return new ErrorContext(failed, apiKeySource, notFoundHint, more);
    }

    /**
     * @param status an HTTP status
     * @return the client's own hint for it, or null
     */
    String hintFor(int status) {
        if (status == 404 && !hints.containsKey(404)) {
            return notFoundHint;
        }
        return hints.get(status);
    }
}
