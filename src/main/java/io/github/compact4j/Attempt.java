package io.github.compact4j;

import io.github.compact4j.errors.CompactionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One strategy a compactor tried, in the order tried: a plain compactor reports one attempt, a
 * fallback chain one per strategy it tried or skipped.
 *
 * @param strategy the strategy's name, as {@link ContextCompactor#name()}
 * @param outcome what happened
 * @param duration how long it took
 * @param requestIds backend request ids of its HTTP calls, in order
 * @param reason why it failed or was skipped; null when it succeeded
 */
public record Attempt(String strategy, Outcome outcome, Duration duration, List<String> requestIds, String reason) {

    /** What happened to an attempt. */
    public enum Outcome {
        /** It produced the result. */
        SUCCEEDED,
        /** It threw; a later strategy may have taken over. */
        FAILED,
        /** It was not tried, e.g. because the backend is remembered not to support it. */
        SKIPPED
    }

    /** Copies the request ids and checks the rest. */
    public Attempt {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        requestIds = List.copyOf(requestIds);
    }

    /**
     * @param strategy the strategy
     * @param duration how long it took
     * @param requestIds its backend request ids
     * @return a successful attempt
     */
    public static Attempt succeeded(String strategy, Duration duration, List<String> requestIds) {
        return new Attempt(strategy, Outcome.SUCCEEDED, duration, requestIds, null);
    }

    /**
     * @param strategy the strategy
     * @param duration how long it took
     * @param failure what it threw
     * @return a failed attempt, carrying the failure's request ids and message
     */
    public static Attempt failed(String strategy, Duration duration, Throwable failure) {
        List<String> ids = failure instanceof CompactionException ce ? ce.requestIds() : List.of();
        return new Attempt(strategy, Outcome.FAILED, duration, ids,
                failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /**
     * @param strategy the strategy
     * @param reason why it was not tried
     * @return a skipped attempt
     */
    public static Attempt skipped(String strategy, String reason) {
        return new Attempt(strategy, Outcome.SKIPPED, Duration.ZERO, List.of(), reason);
    }

    /** @return why it failed or was skipped */
    public Optional<String> reasonText() {
        return Optional.ofNullable(reason);
    }
}
