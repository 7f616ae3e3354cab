package io.github.compact4j.registry;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.concurrent.CancellationException;

/**
 * Decides whether a {@link FallbackChain} moves on to its next strategy after one failed.
 *
 * <p>{@link #defaults()} moves on after failures the next strategy can get past: "not supported"
 * (404, or a 400 saying the model cannot compact), invalid responses, rate limits, server errors,
 * timeouts and connection failures after their retries, a rejected summary, and unexpected
 * exceptions from a strategy. It stops on failures the next strategy would meet the same way and
 * that a fallback would hide: authentication (401) and permission (403) errors, which mean the
 * configuration is wrong, an invalid conversation, and cancellation.
 *
 * <pre>{@code
 * FallbackPolicy policy = FallbackPolicy.defaults();
 * FallbackPolicy lenient = FallbackPolicy.always();   // even past 401/403
 * }</pre>
 */
@FunctionalInterface
public interface FallbackPolicy {

    /**
     * @param failure what the strategy threw
     * @param failed the strategy that failed
     * @param next the strategy that would run next
     * @return true to run {@code next}, false to rethrow {@code failure}
     */
    boolean shouldFallBack(RuntimeException failure, ContextCompactor failed, ContextCompactor next);

    /** @return the default policy described above */
    static FallbackPolicy defaults() {
        return (failure, failed, next) -> {
            if (cancelled(failure)) {
                return false;
            }
            if (failure instanceof InvalidConversationException) {
                return false;
            }
            if (failure instanceof CompactionException ce && ce.status().isPresent()) {
                int s = ce.status().getAsInt();
                return s != 401 && s != 403;
            }
            return true;
        };
    }

    /** @return a policy that moves on after every failure except cancellation */
    static FallbackPolicy always() {
        return (failure, failed, next) -> !cancelled(failure);
    }

    /**
     * @param failure what a strategy threw
     * @return whether the call was cancelled: a {@link CancellationException}, an interrupted
     *     thread, or a cancelled {@code compactAsync} future
     */
    private static boolean cancelled(RuntimeException failure) {
        io.github.compact4j.internal.Cancellation token = io.github.compact4j.internal.Cancellation.current();
        return failure instanceof CancellationException || Thread.currentThread().isInterrupted()
                || (token != null && token.isCancelled());
    }
}
