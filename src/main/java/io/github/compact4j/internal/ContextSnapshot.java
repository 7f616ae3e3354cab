package io.github.compact4j.internal;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The logging context of one thread (its MDC and its {@link TraceSlot}), captured so that a task
 * can run with it on another thread. Not public API; {@code LogContext.wrap(..)} is the public
 * face.
 *
 * <p>MDC is per thread: OkHttp's dispatcher, an executor's workers and virtual threads all start
 * with their own (usually empty) MDC. A wrapped task installs the submitting thread's context
 * around its run and then puts back exactly what the worker had before, so a pooled worker never
 * keeps one call's trace id into the next task.
 */
public final class ContextSnapshot {

    private static final ContextSnapshot EMPTY = new ContextSnapshot(null, null);

    private final Map<String, String> mdc;
    private final TraceSlot.Carrier trace;

    private ContextSnapshot(Map<String, String> mdc, TraceSlot.Carrier trace) {
        this.mdc = mdc;
        this.trace = trace;
    }

    /** @return the calling thread's logging context */
    public static ContextSnapshot capture() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        TraceSlot.Carrier trace = TraceSlot.get();
        if ((mdc == null || mdc.isEmpty()) && trace == null) {
            return EMPTY;
        }
        return new ContextSnapshot(mdc == null || mdc.isEmpty() ? null : mdc, trace);
    }

    /**
     * Makes this context the calling thread's until the handle is closed, which restores the
     * thread's own previous context exactly.
     *
     * @return the handle
     */
    public Cancellation.AutoCloseableNoThrow install() {
        Map<String, String> previousMdc = MDC.getCopyOfContextMap();
        TraceSlot.Carrier previousTrace = TraceSlot.get();
        boolean mdcChanges = mdc != null || (previousMdc != null && !previousMdc.isEmpty());
        if (mdcChanges) {
            setMdc(mdc);
        }
        TraceSlot.set(trace);
        return () -> {
            TraceSlot.set(previousTrace);
            if (mdcChanges) {
                setMdc(previousMdc);
            }
        };
    }

    // Only on a worker thread, around a task: installs the caller's snapshot, and afterwards puts
    // back exactly the map the worker had (an empty one when it had none), so one call serves both.
    private static void setMdc(Map<String, String> map) {
        MDC.setContextMap(map == null ? Map.of() : map);
    }

    /**
     * @param task the task
     * @return the task, running with the calling thread's logging context wherever it runs
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        ContextSnapshot s = capture();
        return () -> {
            try (Cancellation.AutoCloseableNoThrow ignored = s.install()) {
                task.run();
            }
        };
    }

    /**
     * @param task the task
     * @param <T> its result type
     * @return the task, running with the calling thread's logging context wherever it runs
     */
    public static <T> Supplier<T> wrap(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        ContextSnapshot s = capture();
        return () -> {
            try (Cancellation.AutoCloseableNoThrow ignored = s.install()) {
                return task.get();
            }
        };
    }
}
