package io.github.compact4j.benchmarks.harness;

/**
 * One line of the report: one strategy on one conversation.
 *
 * @param conversation the corpus conversation
 * @param strategy the strategy's label in the report
 * @param compactedBy who did the compaction: {@code local (no model)}, {@code scripted local
 *     server}, or the real endpoint and model
 * @param answeredBy who answered the probes
 * @param model the model whose price the cost estimate uses, or null
 * @param itemsBefore items before
 * @param itemsAfter items after
 * @param tokensBefore local token count before
 * @param tokensAfter local token count after
 * @param callInputTokens input tokens the compaction call(s) reported
 * @param callOutputTokens output tokens the compaction call(s) reported
 * @param modelCalls model calls the strategy made
 * @param costUsd estimated cost of the compaction call(s) in dollars, or null when unpriced
 * @param latencyMs wall time of the compaction, in milliseconds
 * @param probesAsked probes asked, 0 when none could be
 * @param probesRight probes answered right
 * @param note what went wrong or what to know, or empty
 * @param targetTokens the target the compaction request carried, 0 for none
 * @param steps the steps of a composite strategy whose changes the result holds, e.g.
 *     {@code masking > summarizing}, or empty
 */
public record Row(String conversation, String strategy, String compactedBy, String answeredBy, String model,
        int itemsBefore, int itemsAfter, long tokensBefore, long tokensAfter, long callInputTokens,
        long callOutputTokens, int modelCalls, Double costUsd, long latencyMs, int probesAsked, int probesRight,
        String note, int targetTokens, String steps) {

    /** @return the share of tokens saved, 0 to 1 (negative when the history grew) */
    public double savedRatio() {
        return tokensBefore == 0 ? 0 : 1.0 - (double) tokensAfter / tokensBefore;
    }

    /**
     * @return the tokens the strategy sent to a model to compact (the summarizer's or the native
     *     endpoint's input): what the compaction itself costs; 0 when no model was called
     */
    public long summarizerInputTokens() {
        return modelCalls == 0 ? 0 : callInputTokens;
    }

    /** @return the share of probes answered right, or NaN when none was asked */
    public double score() {
        return probesAsked == 0 ? Double.NaN : (double) probesRight / probesAsked;
    }
}
