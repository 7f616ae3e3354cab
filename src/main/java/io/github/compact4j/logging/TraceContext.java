package io.github.compact4j.logging;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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

    private static final char[] HEX = "0123456789abcdef".toCharArray();
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
        if (!isNonZeroLowerHex(spanId, 16)) {
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
        return isNonZeroLowerHex(id, 32);
    }

    /** One pass, no regex: this runs on every call. */
    private static boolean isNonZeroLowerHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= '1' && c <= '9' || c >= 'a' && c <= 'f') {
                nonZero = true;
            } else if (c != '0') {
                return false;
            }
        }
        return nonZero;
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

    /**
     * {@code bytes} random bytes as lowercase hex, never all zero. Trace ids need to be unique,
     * not unpredictable (they are not secrets: they are logged and sent as headers), so this
     * uses {@link ThreadLocalRandom}, as OpenTelemetry's default id generator does, rather than
     * a {@code SecureRandom}, which threads making calls at once would contend for.
     */
    private static String randomHex(int bytes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] hex = new char[bytes * 2];
        long bits;
        do {
            bits = 0;
            for (int i = 0; i < hex.length; i += 16) {
                long r = random.nextLong();
                bits |= r;
                for (int j = 0; j < 16 && i + j < hex.length; j++) {
                    hex[i + j] = HEX[(int) (r >>> (60 - 4 * j)) & 0xf];
                }
            }
        } while (bits == 0);
        return new String(hex);
    }

    /** Restores the previous context; closing twice is harmless. */
    @FunctionalInterface
    public interface Restorer extends AutoCloseable {
        @Override
        void close();
    }
}
