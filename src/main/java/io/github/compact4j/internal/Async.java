package io.github.compact4j.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs blocking compactions off the caller's thread. Not public API.
 *
 * <p>The default executor is the library's own pool of daemon threads, never
 * {@code ForkJoinPool.commonPool()}: a compaction blocks on network I/O for seconds to minutes,
 * and the common pool belongs to the application.
 */
public final class Async {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory FACTORY = r -> {
        Thread t = new Thread(r, "compact4j-async-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final Object LOCK = new Object();
    private static ExecutorService pool;

    /** Submits to the current pool, making one when there is none (at first, or after a shutdown). */
    private static final Executor DEFAULT = task -> pool().execute(task);

    /**
     * Decorates each task before it runs on another thread: by default it carries the caller's
     * MDC, trace context and open compaction scope ({@link ContextSnapshot}). Set here rather than
     * installed later from the logging side, so that even the very first {@code compactAsync} of
     * the JVM, before any tracing class has been loaded, carries the caller's context.
     */
    private static volatile UnaryOperator<Runnable> propagator = ContextSnapshot::wrap;

    private Async() {}

    /** @return the library's default executor for async compactions */
    public static Executor defaultExecutor() {
        return DEFAULT;
    }

    private static ExecutorService pool() {
        synchronized (LOCK) {
            if (pool == null) {
                pool = Executors.newCachedThreadPool(FACTORY);
            }
            return pool;
        }
    }

    /**
     * Stops the default pool once its running tasks finish; a later submission starts a new one.
     */
    public static void shutdownDefaultExecutor() {
        ExecutorService p;
        synchronized (LOCK) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.shutdown();
        }
    }

    /**
     * Replaces the decorator that carries context (MDC, trace) onto worker threads, e.g. to add
     * another context of the app's own on top of {@link ContextSnapshot#wrap(Runnable)}.
     *
     * @param p the decorator
     */
    public static void setPropagator(UnaryOperator<Runnable> p) {
        propagator = Objects.requireNonNull(p);
    }

    /**
     * Wraps {@code task} so it runs with the context of the calling thread.
     *
     * @param task the task
     * @return the wrapped task
     */
    public static Runnable propagate(Runnable task) {
        return propagator.apply(task);
    }

    /**
     * Runs a blocking task on {@code executor}. Cancelling the returned future cancels the
     * task's {@link Cancellation} token, which aborts its in-flight HTTP call.
     *
     * @param task the blocking work
     * @param executor where to run it
     * @param <T> the result type
     * @return the future result
     */
    public static <T> CompletableFuture<T> supply(Supplier<T> task, Executor executor) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(executor, "executor");
        Cancellation token = new Cancellation();
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean done = super.cancel(mayInterruptIfRunning);
                token.cancel();
                return done;
            }
        };
        Runnable run = propagate(() -> {
            if (future.isDone()) {
                return;
            }
            try (Cancellation.AutoCloseableNoThrow ignored = token.enter()) {
                future.complete(task.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        try {
            executor.execute(run);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }
}
