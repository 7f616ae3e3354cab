package io.github.compact4j.logging;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    /**
     * Checks both ids.
     *
     * @throws IllegalArgumentException if an id is not lowercase hex of the right length
     */
    public TraceContext {
        if (!isValidTraceId(traceId)) {
            throw new IllegalArgumentException(
                    "traceId must be 32 lowercase hex characters and not all zero, got '" + traceId + "'");
        }
        if (spanId == null || !SPAN_ID.matcher(spanId).matches() || spanId.chars().allMatch(c -> c == '0')) {
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
        return id != null && TRACE_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '0');
    }

    /** @return a new random trace id */
    public static String newTraceId() {
        return randomHex(16);
    }

    /** @return a new random span id */
    public static String newSpanId() {
        return randomHex(8);
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
        return Optional.ofNullable(CURRENT.get());
    }

    /** @return the trace id of the call running on this thread, or null */
    public static String currentTraceId() {
        TraceContext c = CURRENT.get();
        return c == null ? null : c.traceId;
    }

    /**
     * Makes {@code context} current on this thread until the returned handle is closed, which
     * restores whatever was current before.
     *
     * @param context the context to make current, may be null to clear it for the scope
     * @return a handle that restores the previous context
     */
    public static Restorer makeCurrent(TraceContext context) {
        TraceContext previous = CURRENT.get();
        set(context);
        return () -> set(previous);
    }

    private static void set(TraceContext context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(b);
            StringBuilder sb = new StringBuilder(bytes * 2);
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            hex = sb.toString();
        } while (hex.chars().allMatch(c -> c == '0'));
        return hex;
    }

    /** Restores the previous context; closing twice is harmless. */
    @FunctionalInterface
    public interface Restorer extends AutoCloseable {
        @Override
        void close();
    }
}
