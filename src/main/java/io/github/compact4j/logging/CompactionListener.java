package io.github.compact4j.logging;

import io.github.compact4j.CompactionResult;
import java.time.Duration;
import java.util.Map;

/**
 * Hears what happens in each compaction call, e.g. to feed an app's metrics or tracing. Every
 * method has a no-op default, so implement only what you need.
 *
 * <pre>{@code
 * CompactionListener metrics = new CompactionListener() {
 *     @Override public void onSuccess(SuccessEvent e) {
 *         savedTokens.record(e.result().savedTokens(), Tags.of("strategy", e.result().strategy()));
 *     }
 *     @Override public void onFallback(FallbackEvent e) {
 *         fallbacks.increment(Tags.of("from", e.from(), "to", e.to()));
 *     }
 * };
 * ContextCompactor c = TracingCompactor.builder(compactor)  // one compactor's calls
 *         .listener(metrics).build();
 * BackendRegistry registry = BackendRegistry.builder()      // or every compactor a registry hands out
 *         .listener(metrics).build();
 * }</pre>
 *
 * <p>Listeners are called on the thread running the compaction, inside its MDC scope (so a line
 * a listener logs carries the call's trace id), synchronously: keep them quick. A listener that
 * throws is logged at WARN on {@code io.github.compact4j.listener} and otherwise ignored; it never
 * breaks the compaction.
 *
 * <p>Order of events in one call: {@code onStart}, then for each strategy of a fallback chain that
 * fails {@code onAttemptFailed} and, when another strategy takes over, {@code onFallback}; then
 * {@code onSuccess} or {@code onFailure}, exactly once.
 */
public interface CompactionListener {

    /**
     * Whether this listener wants to hear the call about to start; asked once per call, before
     * {@code onStart}. A call whose listeners all answer false builds no event at all, so an
     * instrumentation that is switched off (an OpenTelemetry API without an SDK, a disabled meter)
     * costs the call nothing. The answer holds for the whole call.
     *
     * @return true (the default) to hear the call's events
     */
    default boolean isEnabled() {
        return true;
    }

    /**
     * A call started.
     *
     * @param event what is being compacted
     */
    default void onStart(StartEvent event) {}

    /**
     * One strategy of a chain failed; another may take over (see {@link #onFallback}).
     *
     * @param event which strategy failed and why
     */
    default void onAttemptFailed(AttemptFailedEvent event) {}

    /**
     * A chain moves from one strategy to the next, after a failure or because the first is known
     * not to work for this backend.
     *
     * @param event from where to where, and why
     */
    default void onFallback(FallbackEvent event) {}

    /**
     * The call produced a result.
     *
     * @param event the result, with every figure
     */
    default void onSuccess(SuccessEvent event) {}

    /**
     * The call failed; the exception is about to reach the caller.
     *
     * @param event what failed
     */
    default void onFailure(FailureEvent event) {}

    /**
     * One HTTP attempt of the call finished: answered (with any status), or failed without an
     * answer. Told after the attempt, with its start time, so a tracer can record it as a child
     * span of the call.
     *
     * @param event the attempt's method, redacted URL, status, ids, timing and retry decision
     */
    default void onHttpAttempt(HttpAttemptEvent event) {}

    /**
     * One call of a summarizing compactor's {@code Summarizer} finished, answered or failed: a
     * model call of the compaction (the HTTP attempts it made were told before, through
     * {@link #onHttpAttempt}). Told for every summarizer, the app's own included, so a meter can
     * record each call's duration and tokens.
     *
     * @param event the call's model, part, timing, usage and outcome
     */
    default void onSummarizerCall(SummarizerCallEvent event) {}

    /**
     * A provider compacted the conversation on its side (OpenAI's {@code context_management},
     * Anthropic's {@code compact_20260112}) and a {@code ManagedConversation} that this listener
     * is registered with recognised it in the model's output. Told on the thread that appended
     * the output, outside any compaction call.
     *
     * @param event what the server replaced and what it cost
     */
    default void onServerCompaction(ServerCompactionEvent event) {}

    /**
     * A call started.
     *
     * @param traceId the call's trace id
     * @param spanId the call's span id
     * @param strategy the name of the compactor called
     * @param model the model the conversation runs on
     * @param items how many items the request holds
     * @param attributes the call's attributes, unmodifiable: the request's, and the compactor's own
     *     (e.g. {@code backend}, which {@code BackendRegistry} sets on every compactor it hands out)
     *     where the request has none of the same name
     */
    record StartEvent(String traceId, String spanId, String strategy, String model, int items,
            Map<String, String> attributes) {
        /** Copies the attributes. */
        public StartEvent {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * A strategy failed inside a chain.
     *
     * @param traceId the call's trace id
     * @param strategy the strategy that failed
     * @param failure what it threw
     * @param duration how long it ran; zero when the chain did not measure it
     */
    record AttemptFailedEvent(String traceId, String strategy, Throwable failure, Duration duration) {}

    /**
     * A chain moves on to the next strategy.
     *
     * @param traceId the call's trace id
     * @param from the strategy given up on
     * @param to the strategy tried next
     * @param reason why, in a few words (the failure's summary, or why it was skipped)
     */
    record FallbackEvent(String traceId, String from, String to, String reason) {}

    /**
     * A call produced a result.
     *
     * @param traceId the call's trace id
     * @param strategy the name of the compactor called (for a chain, the chain; the strategy that
     *     produced the result is {@code result().strategy()})
     * @param result the result: items, tokens before and after, usage, request ids, attempts,
     *     elapsed time
     */
    record SuccessEvent(String traceId, String strategy, CompactionResult result) {}

    /**
     * A call failed.
     *
     * @param traceId the call's trace id
     * @param strategy the name of the compactor called
     * @param failure what it threw (usually a {@code CompactionException})
     * @param elapsed how long the call ran
     */
    record FailureEvent(String traceId, String strategy, Throwable failure, Duration elapsed) {}

    /**
     * A compaction a provider made on its side, seen in the model's output.
     *
     * @param traceId the conversation's trace id, on its log line too
     * @param provider whose compaction it was, e.g. {@code openai} or {@code anthropic}
     * @param itemsBefore items of the history before the server's compaction was applied to it
     * @param itemsAfter items after
     * @param tokensBefore local token count before
     * @param tokensAfter local token count after
     * @param usage what the provider billed for the compaction, {@link io.github.compact4j.Usage#NONE}
     *     when the caller passed no response metadata
     * @param appliedEdits the context edits the provider reported applying (Anthropic's
     *     {@code applied_edits} types), empty when none
     */
    record ServerCompactionEvent(String traceId, String provider, int itemsBefore, int itemsAfter, long tokensBefore,
            long tokensAfter, io.github.compact4j.Usage usage, java.util.List<String> appliedEdits) {
        /** Copies the edits. */
        public ServerCompactionEvent {
            appliedEdits = java.util.List.copyOf(appliedEdits);
        }
    }

    /**
     * One summarizer call of a compaction.
     *
     * @param traceId the call's trace id
     * @param spanId the call's span id, the one {@link StartEvent#spanId()} gave
     * @param strategy the summarizing compactor that made the call, e.g. {@code summarizing}
     * @param model the model that writes the summary, or null when the summarizer does not say
     *     (a summarizer of your own)
     * @param part which part of the conversation's middle this call summarized, from 1
     * @param parts how many parts the middle was cut into
     * @param start when the call started
     * @param duration how long it took, retries included
     * @param usage the tokens the backend reported for it, {@link io.github.compact4j.Usage#NONE}
     *     when it failed or reported none
     * @param requestIds the backend's request ids of the call, in attempt order
     * @param failure what it threw, or null when it answered
     */
    record SummarizerCallEvent(String traceId, String spanId, String strategy, String model, int part, int parts,
            java.time.Instant start, Duration duration, io.github.compact4j.Usage usage,
            java.util.List<String> requestIds, Throwable failure) {
        /** Copies the request ids. */
        public SummarizerCallEvent {
            requestIds = java.util.List.copyOf(requestIds);
        }

        /** @return whether the call answered with a summary */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * One HTTP attempt of a call.
     *
     * @param traceId the call's trace id
     * @param spanId the call's span id, the one {@link StartEvent#spanId()} gave: the attempt's parent
     * @param strategy the strategy that made the request, e.g. {@code openai-compact}
     * @param method the HTTP method
     * @param url the URL, without credentials
     * @param attempt which attempt, from 1
     * @param maxAttempts how many the retry policy allows
     * @param status the answer's HTTP status, or 0 when none came (connection failure, timeout)
     * @param requestId the backend's request id ({@code x-request-id} or {@code request-id}), or null
     * @param clientRequestId the {@code X-Client-Request-Id} the library sent
     * @param start when the attempt started
     * @param duration how long it took
     * @param error what went wrong without an answer or with an unusable one (e.g.
     *     {@code SocketTimeoutException}, {@code invalid response}), or null
     * @param retryIn how long until the next attempt when this one is retried, or null
     */
    record HttpAttemptEvent(String traceId, String spanId, String strategy, String method, String url, int attempt,
            int maxAttempts, int status, String requestId, String clientRequestId, java.time.Instant start,
            Duration duration, String error, Duration retryIn) {

        /** @return whether the backend answered at all */
        public boolean answered() {
            return status > 0;
        }
    }
}
