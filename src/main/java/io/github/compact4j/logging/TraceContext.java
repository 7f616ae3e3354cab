package io.github.compact4j.logging;

import io.github.compact4j.internal.TraceIds;
import io.github.compact4j.internal.TraceSlot;
import java.util.Optional;

/**
 * The trace id and span id of the compaction call running on the current thread.
 *
 * <p>A trace id is 32 lowercase hex characters and a span id 16, as in the W3C Trace Context
 * recommendation, so ids line up with OpenTelemetry's when both are in use. The library sets the
 * current context for the duration of each call (and on every thread the call moves to);
 * exceptions created during a call pick the trace id up from here.
 *
 * @param traceId 32 lowercase hex characters, not all zero
 * @param spanId 16 lowercase hex characters, not all zero
 */
public record TraceContext(String traceId, String spanId) {

    /**
     * Checks both ids.
     *
     * @throws IllegalArgumentException if an id is not lowercase hex of the right length
     */
    public TraceContext {
        if (!TraceIds.isValidTraceId(traceId)) {
            throw new IllegalArgumentException(
                    "traceId must be 32 lowercase hex characters and not all zero, got '" + traceId + "'");
        }
        if (!TraceIds.isValidSpanId(spanId)) {
            throw new IllegalArgumentException(
                    "spanId must be 16 lowercase hex characters and not all zero, got '" + spanId + "'");
        }
    }

    /**
     * Whether {@code id} is a valid W3C trace id.
     *
     * @param id the candidate, may be null
     * @return true for 32 lowercase hex characters that are not all zero
     */
    public static boolean isValidTraceId(String id) {
        return TraceIds.isValidTraceId(id);
    }

    /** @return a new random trace id */
    public static String newTraceId() {
        return TraceIds.newTraceId();
    }

    /** @return a new random span id */
    public static String newSpanId() {
        return TraceIds.newSpanId();
    }

    /**
     * A new context with a fresh span id.
     *
     * @param traceId the trace id to use, or null to generate one
     * @return the context
     */
    public static TraceContext of(String traceId) {
        return new TraceContext(traceId == null ? newTraceId() : traceId, newSpanId());
    }

    /** @return the context of the call running on this thread, if any */
    public static Optional<TraceContext> current() {
        return TraceSlot.get() instanceof Frame f ? Optional.of(f.trace) : Optional.empty();
    }

    /** @return the trace id of the call running on this thread, or null */
    public static String currentTraceId() {
        return TraceSlot.currentTraceId();
    }

    /**
     * Makes {@code context} current on this thread until the returned handle is closed, which
     * restores whatever was current before.
     *
     * @param context the context to make current, may be null to clear it for the scope
     * @return a handle that restores the previous context
     */
    public static Restorer makeCurrent(TraceContext context) {
        TraceSlot.Carrier previous = TraceSlot.get();
        TraceSlot.set(context == null ? null : Frame.trace(context));
        return () -> TraceSlot.set(previous);
    }

    /** Restores the previous context; closing twice is harmless. */
    @FunctionalInterface
    public interface Restorer extends AutoCloseable {
        @Override
        void close();
    }
}
