package io.github.compact4j.logging;

import java.util.Objects;

/**
 * For HTTP clients, the library's and yours: tells the {@link CompactionListener}s of the
 * compaction running on this thread about each HTTP attempt (and, for summarizers, each model
 * call), so a tracer (the OpenTelemetry integration, say) can record the attempts as child spans of
 * the call and a meter each model call.
 *
 * <pre>{@code
 * if (CallEvents.listening()) {             // cheap: nothing is built when nobody listens
 *     CallEvents.httpAttempt((traceId, spanId, strategy) -> new CompactionListener.HttpAttemptEvent(
 *             traceId, spanId, strategy, "POST", url, 1, 3, 200, requestId, clientId, start, took, null, null));
 * }
 * }</pre>
 */
public final class CallEvents {

    /** Makes the event once the call's ids are known. */
    @FunctionalInterface
    public interface AttemptFacts {
        /**
         * @param traceId the call's trace id
         * @param spanId the call's span id
         * @param strategy the strategy running
         * @return the event
         */
        CompactionListener.HttpAttemptEvent event(String traceId, String spanId, String strategy);
    }

    /** Makes the summarizer-call event once the call's ids are known. */
    @FunctionalInterface
    public interface SummarizerCallFacts {
        /**
         * @param traceId the call's trace id
         * @param spanId the call's span id
         * @param strategy the strategy running
         * @return the event
         */
        CompactionListener.SummarizerCallEvent event(String traceId, String spanId, String strategy);
    }

    private CallEvents() {}

    /** @return whether the compaction running on this thread has any listener to tell */
    public static boolean listening() {
        return Tracing.listening();
    }

    /**
     * Tells the listeners of the compaction running on this thread about one HTTP attempt; does
     * nothing outside a compaction.
     *
     * @param facts makes the event from the call's ids
     */
    public static void httpAttempt(AttemptFacts facts) {
        Tracing.httpAttempt(Objects.requireNonNull(facts, "facts"));
    }

    /**
     * Tells the listeners of the compaction running on this thread about one summarizer call;
     * does nothing outside a compaction.
     *
     * @param facts makes the event from the call's ids
     */
    public static void summarizerCall(SummarizerCallFacts facts) {
        Tracing.summarizerCall(Objects.requireNonNull(facts, "facts"));
    }
}
