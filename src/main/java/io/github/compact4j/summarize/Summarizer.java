package io.github.compact4j.summarize;


/**
 * Writes the summary that {@link SummarizingFallbackCompactor} puts in place of the middle of a
 * conversation: one model call, given the part of the conversation to summarize, the summary of
 * what came before it (if any), the instructions, and an output budget.
 *
 * <p>The library's own summarizers call a model over HTTP (Chat Completions for OpenAI and every
 * OpenAI-compatible server, and Anthropic Messages). Any other model client fits in a few lines:
 *
 * <pre>{@code
 * Summarizer mine = request -> {
 *     MyReply reply = myClient.complete(request.instructions(), request.userMessage(),
 *             request.maxOutputTokens());
 *     return new Summary(reply.text(), reply.stoppedAtMaxTokens(),
 *             Usage.of(reply.inputTokens(), reply.outputTokens()), List.of(reply.requestId()));
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe. They report failures as {@code CompactionException}s
 * (any other exception is wrapped in one); a failed call leaves the caller's conversation as it
 * was. They should not log the request's content unless the user asked for it.
 */
@FunctionalInterface
public interface Summarizer {

    /**
     * Makes one summarization call.
     *
     * @param request what to summarize and how
     * @return the summary text, whether the output limit cut it off, and what the call cost
     * @throws io.github.compact4j.errors.CompactionException when the call fails
     */
    Summary summarize(SummaryRequest request);
}
