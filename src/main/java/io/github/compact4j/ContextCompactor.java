package io.github.compact4j;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.internal.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Turns a long conversation into a shorter one the agent can continue from.
 *
 * <p>Implementations are thread-safe and never modify the request or its items. On failure they
 * throw a {@link CompactionException} and the caller still holds its full conversation.
 *
 * <pre>{@code
 * ContextCompactor compactor = ToolOutputMaskingCompactor.builder().keepRecentTurns(3).build();
 * CompactionResult result = compactor.compact(CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max")
 *         .items(history)
 *         .build());
 * history = result.items();   // send this as the next call's input
 * }</pre>
 *
 * <p>Like {@code OkHttp}'s interceptors, compactors compose: a fallback chain is a compactor made
 * of compactors, and tracing is a compactor that wraps another.
 */
public interface ContextCompactor {

    /**
     * @return the strategy name this compactor reports in {@link CompactionResult#strategy()},
     *     e.g. {@code "openai-compact"}, {@code "summarizing"}, {@code "masking"}
     */
    String name();

    /**
     * Compacts the request's conversation, blocking until done.
     *
     * @param request what to compact
     * @return the compacted conversation and what it cost
     * @throws CompactionException when compaction fails; the request is unchanged
     */
    CompactionResult compact(CompactionRequest request);

    /**
     * Compacts on the library's own pool of daemon threads (never the common pool). Cancelling
     * the future aborts the compaction, including an HTTP call in flight.
     *
     * @param request what to compact
     * @return the future result; it fails with the {@link CompactionException}
     *     {@link #compact(CompactionRequest)} would throw
     */
    default CompletableFuture<CompactionResult> compactAsync(CompactionRequest request) {
        return compactAsync(request, Async.defaultExecutor());
    }

    /**
     * Compacts on the given executor, e.g. a virtual-thread executor. The caller's logging
     * context (trace id and MDC) follows the call onto the executor's thread.
     *
     * @param request what to compact
     * @param executor where to run the compaction
     * @return the future result; cancelling it aborts the compaction
     */
    default CompletableFuture<CompactionResult> compactAsync(CompactionRequest request, Executor executor) {
        return Async.supply(() -> compact(request), executor);
    }
}
