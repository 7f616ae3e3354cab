package io.github.compact4j.internal.http;

import java.util.Objects;

/**
 * How a backend client wants its failures worded.
 *
 * @param failed what failed, the start of every message, e.g. "OpenAI compaction failed"
 * @param apiKeySource where the key usually comes from, for the 401 hint, e.g. "OPENAI_API_KEY"
 * @param notFoundHint what a 404 means for this endpoint, or null for the generic hint
 */
public record ErrorContext(String failed, String apiKeySource, String notFoundHint) {

    /** Checks the wording. */
    public ErrorContext {
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(apiKeySource, "apiKeySource");
    }
}
