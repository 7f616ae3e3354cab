package io.github.compact4j.internal;

/**
 * The one thread-local that says which trace the current thread works for. Not public API.
 *
 * <p>The logging layer puts its scope objects here (an open compaction call, or a trace an app
 * opened with {@code LogContext}); the layers below it only need the trace id, which they read
 * through {@link Carrier} without knowing the logging types. {@link ContextSnapshot} carries the
 * slot to other threads with the MDC.
 */
public final class TraceSlot {

    /** What the slot holds: anything that knows its trace id. */
    public interface Carrier {
        /** @return the trace id, 32 lowercase hex characters */
        String traceId();
    }

    private static final ThreadLocal<Carrier> CURRENT = new ThreadLocal<>();

    private TraceSlot() {}

    /** @return what the current thread holds, or null */
    public static Carrier get() {
        return CURRENT.get();
    }

    /**
     * @param carrier what the current thread holds from now on; null empties the slot
     */
    public static void set(Carrier carrier) {
        if (carrier == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(carrier);
        }
    }

    /** @return the trace id of the current thread's trace, or null */
    public static String currentTraceId() {
        Carrier c = CURRENT.get();
        return c == null ? null : c.traceId();
    }
}
