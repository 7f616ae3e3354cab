package io.github.compact4j.summarize;

import io.github.compact4j.Usage;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Summarizer} returned for one call.
 *
 * @param text the summary text, as the model wrote it
 * @param truncated whether the model stopped at the output limit ({@code finish_reason: length},
 *     {@code stop_reason: max_tokens}), which means the text is cut off
 * @param usage the tokens the backend reported for the call
 * @param requestIds the backend's request ids for the call, in attempt order
 */
public record Summary(String text, boolean truncated, Usage usage, List<String> requestIds) {

    /**
     * @throws NullPointerException when an argument is null
     */
    public Summary {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(usage, "usage");
        requestIds = List.copyOf(requestIds);
    }

    /**
     * A complete summary from a call that reports no usage or request id.
     *
     * @param text the summary text
     * @return the summary
     */
    public static Summary of(String text) {
        return new Summary(text, false, Usage.NONE, List.of());
    }

    /** Names the figures, never the text. */
    @Override
    public String toString() {
        return "Summary{chars=" + text.length() + ", truncated=" + truncated + ", usage=" + usage
                + ", requestIds=" + requestIds + "}";
    }
}
