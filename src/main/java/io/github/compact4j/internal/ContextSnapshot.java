package io.github.compact4j.internal;

import io.github.compact4j.logging.TraceContext;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The logging context of one thread (its MDC, the current {@link TraceContext} and the open
 * compaction scope), captured so that a task can run with it on another thread. Not public API;
 * {@link io.github.compact4j.logging.LogContext#wrap(Runnable)} is the public face.
 *
 * <p>MDC is per thread: OkHttp's dispatcher, an executor's workers and virtual threads all start
 * with their own (usually empty) MDC. A wrapped task installs the submitting thread's context
 * around its run and then puts back exactly what the worker had before, so a pooled worker never
 * keeps one call's trace id into the next task.
 */
public final class ContextSnapshot {

    private static final ContextSnapshot EMPTY = new ContextSnapshot(null, null, null);

    private final Map<String, String> mdc;
    private final TraceContext trace;
    private final Tracing.Frame frame;

    private ContextSnapshot(Map<String, String> mdc, TraceContext trace, Tracing.Frame frame) {
        this.mdc = mdc;
        this.trace = trace;
        this.frame = frame;
    }

    /** @return the calling thread's logging context */
    public static ContextSnapshot capture() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        TraceContext trace = TraceContext.current().orElse(null);
        Tracing.Frame frame = Tracing.currentFrame();
        if ((mdc == null || mdc.isEmpty()) && trace == null && frame == null) {
            return EMPTY;
        }
        return new ContextSnapshot(mdc == null || mdc.isEmpty() ? null : mdc, trace, frame);
    }

    /**
     * Makes this context the calling thread's until the handle is closed, which restores the
     * thread's own previous context exactly.
     *
     * @return the handle
     */
    public Cancellation.AutoCloseableNoThrow install() {
        Map<String, String> previousMdc = MDC.getCopyOfContextMap();
        Tracing.Frame previousFrame = Tracing.currentFrame();
        boolean mdcChanges = mdc != null || (previousMdc != null && !previousMdc.isEmpty());
        if (mdcChanges) {
            setMdc(mdc);
        }
        TraceContext.Restorer traceRestorer = TraceContext.makeCurrent(trace);
        Tracing.setFrame(frame);
        return () -> {
            Tracing.setFrame(previousFrame);
            traceRestorer.close();
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
