package io.github.compact4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries the cancellation of an async compaction to whatever blocking work it is doing, such as
 * an in-flight OkHttp call. Not public API.
 *
 * <p>{@code compactAsync} runs its task with a token current on the worker thread; the HTTP
 * transport registers each call with {@link #onCancel(Runnable)}; cancelling the returned future
 * cancels the token, which cancels the call, so the socket is released at once rather than when
 * the server answers.
 */
public final class Cancellation {

    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    /** @return the token of the task running on this thread, or null */
    public static Cancellation current() {
        return CURRENT.get();
    }

    /**
     * Makes this token current on the calling thread until the handle is closed.
     *
     * @return a handle restoring the previous token
     */
    public AutoCloseableNoThrow enter() {
        Cancellation previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /**
     * Runs {@code hook} when the token is cancelled, or right away if it already is.
     *
     * @param hook what to do on cancel; must be quick and must not throw
     * @return a handle that unregisters the hook
     */
    public AutoCloseableNoThrow onCancel(Runnable hook) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                hooks.add(hook);
            }
        }
        if (runNow) {
            hook.run();
        }
        return () -> {
            synchronized (this) {
                hooks.remove(hook);
            }
        };
    }

    /** Cancels the token and runs every registered hook once. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(hooks);
            hooks.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** @return whether {@link #cancel()} was called */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** An {@link AutoCloseable} whose close does not throw. */
    @FunctionalInterface
    public interface AutoCloseableNoThrow extends AutoCloseable {
        @Override
        void close();
    }
}
