package io.github.compact4j;

/**
 * Tokens a backend reported for the compaction call itself (what the compaction cost, not how
 * large the conversation is). Zero for strategies that call no model.
 *
 * @param inputTokens tokens the backend read
 * @param outputTokens tokens the backend wrote
 * @param totalTokens the backend's total (which may include tokens neither above counts)
 * @param cachedInputTokens input tokens served from the prompt cache, 0 when not reported
 * @param reasoningTokens output tokens spent on reasoning, 0 when not reported
 * @param modelCalls how many model calls the strategy made
 */
public record Usage(long inputTokens, long outputTokens, long totalTokens, long cachedInputTokens,
        long reasoningTokens, int modelCalls) {

    /** No model was called. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

    /**
     * @throws IllegalArgumentException when a figure is negative
     */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || totalTokens < 0 || cachedInputTokens < 0
                || reasoningTokens < 0 || modelCalls < 0) {
            throw new IllegalArgumentException("usage figures must not be negative");
        }
    }

    /**
     * The usage of one model call.
     *
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     * @return the usage, total = input + output
     */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, inputTokens + outputTokens, 0, 0, 1);
    }

    /**
     * @param other another usage
     * @return the sum of both, e.g. over the chunks of a summary
     */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                totalTokens + other.totalTokens, cachedInputTokens + other.cachedInputTokens,
                reasoningTokens + other.reasoningTokens, modelCalls + other.modelCalls);
    }
}
