package io.github.compact4j.logging;

import io.github.compact4j.internal.ContextSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * An MDC scope: puts compact4j's keys into the calling thread's MDC and, on {@link #close()},
 * restores exactly what the thread had before. Keys that held a value get it back; keys that were
 * absent are removed; nothing else in the MDC is touched (the MDC is never wiped, and unlike
 * {@code MDC.putCloseable} an outer value with the same key survives).
 *
 * <p>Every compaction the library runs opens one of these around the call, holding
 * {@code compact4j.trace_id}, {@code compact4j.span_id}, {@code compact4j.model},
 * {@code compact4j.strategy} and each request attribute ({@code compact4j.agent_id},
 * {@code compact4j.run_id}, {@code compact4j.backend}, ...), named by {@link MdcKeys}. Apps rarely
 * open one themselves; they may, to give their own lines around a compaction the same keys:
 *
 * <pre>{@code
 * try (LogContext ctx = LogContext.open().trace(TraceContext.of(null)).put("agent_id", "agent_a")) {
 *     log.info("planning");   // carries compact4j.trace_id, compact4j.span_id, compact4j.agent_id
 * }                           // the MDC is as it was before
 * }</pre>
 *
 * <h2>Other threads</h2>
 * MDC is per thread. The library carries the caller's MDC and trace onto the threads it uses
 * itself: {@code compactAsync}'s executor (the default pool, one you pass, virtual threads) and
 * the HTTP client's callback threads. For work of your own, such as a {@code CompletableFuture}
 * stage, wrap the task or the executor:
 *
 * <pre>{@code
 * compactor.compactAsync(request)
 *         .thenAcceptAsync(r -> log.info("saved {} tokens", r.savedTokens()),
 *                 LogContext.wrap(appExecutor));   // runs with the MDC of the thread that built the stage
 * }</pre>
 *
 * A scope belongs to the thread that opened it and must be closed there, in the reverse order of
 * opening (try-with-resources does both).
 */
public final class LogContext implements AutoCloseable {

    private static final Object ABSENT = new Object();

    private final MdcKeys keys;
    private final Thread owner = Thread.currentThread();
    // previous values, in the order the keys were first set; ABSENT marks a key that had none
    private final List<String> setKeys = new ArrayList<>(8);
    private final List<Object> previous = new ArrayList<>(8);
    private TraceContext.Restorer traceRestorer;
    private boolean closed;

    private LogContext(MdcKeys keys) {
        this.keys = keys;
    }

    /**
     * Opens an empty scope on the calling thread, naming keys by {@link MdcKeys#defaults()}.
     *
     * @return the scope; add keys with {@link #put(String, String)} and {@link #trace(TraceContext)}
     */
    public static LogContext open() {
        return new LogContext(MdcKeys.defaults());
    }

    /**
     * Opens an empty scope on the calling thread, naming keys by {@code keys}.
     *
     * @param keys how fields are named in the MDC
     * @return the scope
     */
    public static LogContext open(MdcKeys keys) {
        return new LogContext(Objects.requireNonNull(keys, "keys"));
    }

    /**
     * Puts the trace and span ids into the MDC and makes {@code trace} the thread's
     * {@link TraceContext#current() current context}, both until {@link #close()}.
     *
     * @param trace the call's ids
     * @return this
     * @throws IllegalStateException when this scope already set a trace
     */
    public LogContext trace(TraceContext trace) {
        Objects.requireNonNull(trace, "trace");
        checkOpen();
        if (traceRestorer != null) {
            throw new IllegalStateException("this scope already holds a trace; open another scope for another one");
        }
        traceRestorer = TraceContext.makeCurrent(trace);
        put("trace_id", trace.traceId());
        put("span_id", trace.spanId());
        return this;
    }

    /**
     * Sets a field in the MDC until {@link #close()}, under the key {@link MdcKeys} gives it
     * ({@code compact4j.<field>} by default). Does nothing for a field the keys omit.
     *
     * @param field e.g. {@code agent_id}, {@code strategy}
     * @param value the value; null removes the key for the scope
     * @return this
     */
    public LogContext put(String field, String value) {
        String key = keys.key(field);
        if (key != null) {
            putKey(key, value);
        }
        return this;
    }

    /**
     * Sets an MDC key, exactly as given, until {@link #close()}.
     *
     * @param key the MDC key
     * @param value the value; null removes the key for the scope
     * @return this
     */
    public LogContext putKey(String key, String value) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        if (!setKeys.contains(key)) {
            String old = MDC.get(key);
            setKeys.add(key);
            previous.add(old == null ? ABSENT : old);
        }
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return this;
    }

    /** @return how this scope names its keys */
    public MdcKeys keys() {
        return keys;
    }

    /**
     * Restores every key this scope set to what it was before, and the previous trace context.
     * Closing twice does nothing.
     *
     * @throws IllegalStateException when called on another thread than the one that opened it;
     *     restoring there would corrupt that thread's MDC
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a LogContext must be closed on the thread that opened it ("
                    + owner.getName() + "), not on " + Thread.currentThread().getName());
        }
        closed = true;
        for (int i = setKeys.size() - 1; i >= 0; i--) {
            Object old = previous.get(i);
            if (old == ABSENT) {
                MDC.remove(setKeys.get(i));
            } else {
                MDC.put(setKeys.get(i), (String) old);
            }
        }
        if (traceRestorer != null) {
            traceRestorer.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this LogContext is closed");
        }
    }

    /**
     * Captures the calling thread's logging context (MDC, trace, open compaction call) now, and
     * returns a task that runs {@code task} with it, on whatever thread, then restores that
     * thread's own context.
     *
     * @param task the task
     * @return the wrapped task
     */
    public static Runnable wrap(Runnable task) {
        return ContextSnapshot.wrap(task);
    }

    /**
     * Like {@link #wrap(Runnable)}, for a task with a result, e.g. for
     * {@code CompletableFuture.supplyAsync(LogContext.wrap(() -> ...), executor)}.
     *
     * @param task the task
     * @param <T> its result type
     * @return the wrapped task
     */
    public static <T> Supplier<T> wrap(Supplier<T> task) {
        return ContextSnapshot.wrap(task);
    }

    /**
     * An executor that runs each task with the logging context of the thread that
     * <em>submitted</em> it (captured at submission, not when the executor was wrapped).
     *
     * @param executor the executor to run tasks on
     * @return the wrapping executor
     */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(ContextSnapshot.wrap(task));
    }
}
