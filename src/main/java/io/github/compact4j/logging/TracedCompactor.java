package io.github.compact4j.logging;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import java.time.Duration;
import java.util.Objects;

/**
 * The base of every compactor the library builds, and the easiest base for one of your own: its
 * {@link #compact(CompactionRequest)} is final and runs {@link #doCompact(CompactionRequest)}
 * inside compact4j's trace scope, so tracing is applied by structure, in one place, and no
 * strategy can forget it.
 *
 * <p>The scope (see {@code docs/logging.md}): the outermost call resolves the trace id (the
 * request's, the current OpenTelemetry span's, the current one, the MDC's, or a new one), puts it
 * in the MDC with the model, the strategy and the request's attributes for every line logged
 * during the call on every thread it uses, logs one DEBUG line when it starts and one INFO line
 * when it ends (WARN when it fails), and tells the listeners of the {@link TracingCompactor} it
 * runs in. A call nested inside another (a strategy inside a chain) joins the outer scope and
 * logs nothing of its own. The subclass builds only what its own work produced; the base class
 * adds the trace id, the elapsed time and the attempt.
 *
 * <pre>{@code
 * public final class KeepLastNCompactor extends TracedCompactor {
 *     public String name() { return "keep-last-n"; }
 *
 *     protected CompactionResult.Builder doCompact(CompactionRequest request) {
 *         List<Item> kept = ...;   // the strategy's own work, and nothing else
 *         return CompactionResult.builder().items(kept).itemsBefore(request.items().size())
 *                 .tokensBefore(before).tokensAfter(after);
 *     }
 * }
 * }</pre>
 */
public abstract class TracedCompactor implements ContextCompactor {

    /** For the library's compactors and yours. */
    protected TracedCompactor() {}

    /**
     * Runs {@link #doCompact(CompactionRequest)} inside the trace scope.
     *
     * @param request what to compact
     * @return the result, with the trace id, the elapsed time and the attempts
     * @throws io.github.compact4j.errors.CompactionException when the compaction fails; the request
     *     is unchanged
     */
    @Override
    public final CompactionResult compact(CompactionRequest request) {
        Objects.requireNonNull(request, "request");
        return Tracing.call(name(), request, this::doCompact, traceOptions());
    }

    /**
     * The compactor's own work. Called inside the trace scope, so every line it logs carries the
     * call's trace id.
     *
     * @param request what to compact; never modified
     * @return the result's figures: the items and token counts, usage, request ids and note; the
     *     strategy defaults to {@link #name()}, the attempts to one successful attempt, and the
     *     trace id and elapsed time are always the scope's
     * @throws io.github.compact4j.errors.CompactionException when the compaction fails
     */
    protected abstract CompactionResult.Builder doCompact(CompactionRequest request);

    /**
     * For a compactor that tries others in turn (a fallback chain): reports that one of them
     * failed. Logs at WARN with the cause when there is a next one (at DEBUG when there is none:
     * the call's own failure line follows) and tells the listeners {@code onAttemptFailed} and
     * then {@code onFallback}.
     *
     * @param strategy the strategy that failed
     * @param failure what it threw
     * @param duration how long it ran
     * @param next the strategy tried next, or null when none is
     */
    protected final void reportAttemptFailed(String strategy, Throwable failure, Duration duration, String next) {
        Tracing.attemptFailed(strategy, failure, duration, next);
    }

    /**
     * For a compactor that tries others in turn: reports that one of them was not tried at all
     * (e.g. remembered not to work for this backend). Logs at DEBUG and tells the listeners
     * {@code onFallback}.
     *
     * @param strategy the strategy skipped
     * @param reason why, in a few words
     * @param next the strategy tried instead, or null when none is left
     */
    protected final void reportSkipped(String strategy, String reason, String next) {
        Tracing.skipped(strategy, reason, next);
    }

    /** How this compactor's calls log and whom they tell; a {@link TracingCompactor} has its own. */
    Tracing.Options traceOptions() {
        return Tracing.Options.DEFAULT;
    }
}
