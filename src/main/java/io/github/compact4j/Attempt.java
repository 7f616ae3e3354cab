package io.github.compact4j;

import io.github.compact4j.errors.CompactionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One strategy a compactor tried, in the order tried: a plain compactor reports one attempt, a
 * fallback chain one per strategy it tried or skipped. Immutable; made with
 * {@link #succeeded(String, Duration, List)}, {@link #failed(String, Duration, Throwable)} and
 * {@link #skipped(String, String)}.
 */
public final class Attempt {

    /** What happened to an attempt. */
    public enum Outcome {
        /** It produced the result. */
        SUCCEEDED,
        /** It threw; a later strategy may have taken over. */
        FAILED,
        /** It was not tried, e.g. because the backend is remembered not to support it. */
        SKIPPED
    }

    private final String strategy;
    private final Outcome outcome;
    private final Duration duration;
    private final List<String> requestIds;
    private final String reason;
    private final String errorType;

    private Attempt(String strategy, Outcome outcome, Duration duration, List<String> requestIds, String reason,
            String errorType) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.outcome = outcome;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.requestIds = List.copyOf(requestIds);
        this.reason = reason;
        this.errorType = errorType;
    }

    /**
     * @param strategy the strategy
     * @param duration how long it took
     * @param requestIds its backend request ids
     * @return a successful attempt
     */
    public static Attempt succeeded(String strategy, Duration duration, List<String> requestIds) {
        return new Attempt(strategy, Outcome.SUCCEEDED, duration, requestIds, null, null);
    }

    /**
     * @param strategy the strategy
     * @param duration how long it took
     * @param failure what it threw
     * @return a failed attempt, carrying the failure's request ids, type and message
     */
    public static Attempt failed(String strategy, Duration duration, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        List<String> ids = failure instanceof CompactionException ce ? ce.requestIds() : List.of();
        return new Attempt(strategy, Outcome.FAILED, duration, ids,
                failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure.getClass().getName());
    }

    /**
     * @param strategy the strategy
     * @param reason why it was not tried
     * @return a skipped attempt
     */
    public static Attempt skipped(String strategy, String reason) {
        return new Attempt(strategy, Outcome.SKIPPED, Duration.ZERO, List.of(), Objects.requireNonNull(reason, "reason"),
                null);
    }

    /** @return the strategy's name, as {@link ContextCompactor#name()} */
    public String strategy() {
        return strategy;
    }

    /** @return what happened */
    public Outcome outcome() {
        return outcome;
    }

    /** @return how long it took; zero when skipped */
    public Duration duration() {
        return duration;
    }

    /** @return backend request ids of its HTTP calls, in order */
    public List<String> requestIds() {
        return requestIds;
    }

    /** @return why it failed or was skipped; empty when it succeeded */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** @return the class name of what a failed attempt threw, e.g. for a metric's error type */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attempt a && strategy.equals(a.strategy) && outcome == a.outcome
                && duration.equals(a.duration) && requestIds.equals(a.requestIds) && Objects.equals(reason, a.reason)
                && Objects.equals(errorType, a.errorType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, outcome, duration, requestIds, reason);
    }

    @Override
    public String toString() {
        return "Attempt{" + strategy + " " + outcome + " in " + duration.toMillis() + " ms"
                + (requestIds.isEmpty() ? "" : ", requestIds=" + requestIds) + (reason != null ? ", " + reason : "") + "}";
    }
}
