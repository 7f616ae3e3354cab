package io.github.compact4j.logging;

import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.internal.Secrets;
import io.github.compact4j.internal.TraceIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The scope every compactor the library builds runs in: {@link TracedCompactor#compact} is the
 * only caller. Not public API.
 *
 * <p>The outermost call resolves the trace id, opens the MDC scope ({@link LogContext}), logs the
 * start (DEBUG) and the end (INFO) or the failure (WARN) on {@code io.github.compact4j.compaction},
 * tells the {@link CompactionListener}s, and completes the result with what only the scope knows:
 * the trace id, the elapsed time and, for a compactor that reports none, its one attempt. A call
 * nested inside another (a strategy inside a chain, or inside a {@link TracingCompactor}) joins
 * the outer scope instead: it only sets {@code compact4j.strategy} for its duration, so nothing is
 * logged twice.
 *
 * <p>Every log statement checks its level first: a disabled level costs a boolean check and
 * allocates nothing.
 */
final class Tracing {

    /** Start, end, failure and fallback of every compaction. */
    static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.compaction");
    private static final Logger LISTENER_LOG = LoggerFactory.getLogger("io.github.compact4j.listener");

    /** Fields the call itself sets; request attributes of the same name do not override them. */
    private static final Set<String> RESERVED = Set.of("trace_id", "span_id", "model", "strategy");
    private static final int MAX_CAUSES = 5;
    private static final int MAX_MESSAGE = 300;


    private Tracing() {}

    /**
     * How a call logs and whom it tells; {@code TracingCompactor} builds these.
     *
     * @param listeners notified of every call this configuration opens
     * @param keys MDC key names, or null for {@link MdcKeys#defaults()}
     * @param successLevel the level of the end line
     * @param failureLevel the level of the failure line
     * @param attributes attributes put in the MDC of every call, under the request's own (which win)
     */
    record Options(List<CompactionListener> listeners, MdcKeys keys, Level successLevel, Level failureLevel,
            Map<String, String> attributes) {

        /** What the library's own strategies use. */
        static final Options DEFAULT = new Options(List.of(), null, Level.INFO, Level.WARN, Map.of());

        /** Copies the listeners and attributes and checks the levels. */
        public Options {
            listeners = List.copyOf(listeners);
            attributes = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            Objects.requireNonNull(successLevel, "successLevel");
            Objects.requireNonNull(failureLevel, "failureLevel");
        }
    }

    /**
     * Runs {@code body} inside the call's trace scope and completes what it built with the trace
     * id, the elapsed time and, unless it recorded attempts of its own, a single attempt.
     *
     * @param strategy the compactor's name
     * @param request the request
     * @param body the compactor's own work
     * @param options listeners, MDC keys and levels, applied when this call is the outermost one
     * @return the result
     */
    static CompactionResult call(String strategy, CompactionRequest request,
            Function<CompactionRequest, CompactionResult.Builder> body, Options options) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(request, "request");
        Frame parent = Frame.current();
        // A request that names another trace is a call of its own, even when started inside one.
        if (parent != null && parent.joinable()
                && (request.traceId().isEmpty() || request.traceId().get().equals(parent.trace.traceId()))) {
            return nested(parent, strategy, request, body, options);
        }
        return outermost(parent, strategy, request, body, options);
    }

    private static CompactionResult outermost(Frame saved, String strategy, CompactionRequest request,
            Function<CompactionRequest, CompactionResult.Builder> body, Options options) {
        long start = System.nanoTime();
        MdcKeys keys = options.keys() != null ? options.keys() : MdcKeys.defaults();
        String source = "request";
        String traceId = request.traceId().orElse(null);
        if (traceId == null) {
            source = "context";
            traceId = saved != null ? saved.trace.traceId() : null;
        }
        if (traceId == null) {
            source = "mdc";
            traceId = traceIdFromMdc(keys);
        }
        if (traceId == null) {
            source = "opentelemetry";
            traceId = OpenTelemetrySpan.DEFAULT.currentTraceId();
        }
        if (traceId == null) {
            source = "generated";
        }
        TraceContext trace = TraceContext.of(traceId);
        Frame frame = new Frame(null, trace, keys, strategy, options.listeners());
        LogContext scope = LogContext.open(keys).trace(trace);
        try {
            for (Map.Entry<String, String> a : options.attributes().entrySet()) {
                if (!RESERVED.contains(a.getKey()) && !request.attributes().containsKey(a.getKey())) {
                    scope.put(a.getKey(), a.getValue());
                }
            }
            for (Map.Entry<String, String> a : request.attributes().entrySet()) {
                if (!RESERVED.contains(a.getKey())) {
                    scope.put(a.getKey(), a.getValue());
                }
            }
            scope.put("model", request.model()).put("strategy", strategy);
            io.github.compact4j.internal.TraceSlot.set(frame);
            logStart(strategy, request, source);
            List<CompactionListener> listeners = listeners(frame, true);
            if (!listeners.isEmpty()) {
                CompactionListener.StartEvent e = new CompactionListener.StartEvent(trace.traceId(), trace.spanId(),
                        strategy, request.model(), request.items().size(), request.attributes());
                notify(listeners, "onStart", l -> l.onStart(e));
            }
            CompactionResult.Builder built;
            try {
                built = run(strategy, request, body);
            } catch (RuntimeException | Error e) {
                Duration elapsed = since(start);
                logFailure(options.failureLevel(), strategy, e, elapsed);
                if (!listeners.isEmpty()) {
                    CompactionListener.FailureEvent fe = new CompactionListener.FailureEvent(trace.traceId(), strategy, e, elapsed);
                    notify(listeners, "onFailure", l -> l.onFailure(fe));
                }
                throw e;
            }
            CompactionResult result = complete(strategy, built, trace.traceId(), since(start));
            logSuccess(options.successLevel(), strategy, result);
            if (!listeners.isEmpty()) {
                CompactionListener.SuccessEvent se = new CompactionListener.SuccessEvent(trace.traceId(), strategy, result);
                notify(listeners, "onSuccess", l -> l.onSuccess(se));
            }
            return result;
        } finally {
            frame.open = false;
            io.github.compact4j.internal.TraceSlot.set(saved);
            scope.close();
        }
    }

    private static CompactionResult nested(Frame parent, String strategy, CompactionRequest request,
            Function<CompactionRequest, CompactionResult.Builder> body, Options options) {
        long start = System.nanoTime();
        Frame frame = new Frame(parent, parent.trace, parent.keys, strategy, options.listeners());
        LogContext scope = LogContext.open(parent.keys).put("strategy", strategy);
        io.github.compact4j.internal.TraceSlot.set(frame);
        try {
            // Only this call's own listeners hear its start and end; the outer call reports the whole.
            List<CompactionListener> own = listeners(frame, false);
            String traceId = parent.trace.traceId();
            if (!own.isEmpty()) {
                CompactionListener.StartEvent e = new CompactionListener.StartEvent(traceId, parent.trace.spanId(),
                        strategy, request.model(), request.items().size(), request.attributes());
                notify(own, "onStart", l -> l.onStart(e));
            }
            CompactionResult.Builder built;
            try {
                built = run(strategy, request, body);
            } catch (RuntimeException | Error e) {
                if (!own.isEmpty()) {
                    CompactionListener.FailureEvent fe = new CompactionListener.FailureEvent(traceId, strategy, e, since(start));
                    notify(own, "onFailure", l -> l.onFailure(fe));
                }
                throw e;
            }
            CompactionResult result = complete(strategy, built, traceId, since(start));
            if (!own.isEmpty()) {
                CompactionListener.SuccessEvent se = new CompactionListener.SuccessEvent(traceId, strategy, result);
                notify(own, "onSuccess", l -> l.onSuccess(se));
            }
            return result;
        } finally {
            frame.open = false;
            io.github.compact4j.internal.TraceSlot.set(parent);
            scope.close();
        }
    }

    private static CompactionResult.Builder run(String strategy, CompactionRequest request,
            Function<CompactionRequest, CompactionResult.Builder> body) {
        CompactionResult.Builder result = body.apply(request);
        if (result == null) {
            throw new CompactionException("Compactor '" + strategy + "' returned no result; this is a bug in that compactor");
        }
        return result;
    }

    /**
     * For a fallback chain: strategy {@code strategy} failed after {@code duration}; the chain
     * moves on to {@code next}, or gives up when {@code next} is null. Logs at WARN with the
     * cause when there is a next strategy (at DEBUG when there is none: the call's own failure
     * line follows) and notifies listeners ({@code onAttemptFailed}, then {@code onFallback}).
     *
     * @param strategy the strategy that failed
     * @param failure what it threw
     * @param duration how long it ran
     * @param next the strategy tried next, or null
     */
    static void attemptFailed(String strategy, Throwable failure, Duration duration, String next) {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(failure, "failure");
        Frame frame = Frame.current();
        String traceId = frame != null ? frame.trace.traceId() : null;
        Level level = next != null ? Level.WARN : Level.DEBUG;
        if (LOG.isEnabledForLevel(level)) {
            String chain = causeChain(failure);
            LoggingEventBuilder b = LOG.atLevel(level)
                    .setMessage("compaction strategy " + strategy + " failed after " + duration.toMillis() + " ms"
                            + " (" + chain + "); " + (next != null ? "falling back to " + next : "not falling back"))
                    .addKeyValue("strategy", strategy)
                    .addKeyValue("elapsed_ms", duration.toMillis());
            if (next != null) {
                b = b.addKeyValue("next_strategy", next);
            }
            b = addFailure(b, failure);
            // The stack trace is noise for an expected fallback (a rate limit, say) unless debugging.
            if (LOG.isDebugEnabled()) {
                b = b.setCause(failure);
            }
            b.log();
        }
        List<CompactionListener> listeners = listeners(frame, true);
        if (!listeners.isEmpty()) {
            CompactionListener.AttemptFailedEvent af = new CompactionListener.AttemptFailedEvent(traceId, strategy,
                    failure, duration);
            notify(listeners, "onAttemptFailed", l -> l.onAttemptFailed(af));
            if (next != null) {
                CompactionListener.FallbackEvent fb = new CompactionListener.FallbackEvent(traceId, strategy, next, summary(failure));
                notify(listeners, "onFallback", l -> l.onFallback(fb));
            }
        }
    }

    /**
     * For a fallback chain: strategy {@code strategy} is not tried at all (e.g. the backend is
     * remembered not to support it) and the chain goes straight to {@code next}. Logs at DEBUG,
     * as the first failure was logged when it happened, and notifies {@code onFallback}.
     *
     * @param strategy the strategy skipped
     * @param reason why, in a few words
     * @param next the strategy tried instead, or null when none is left
     */
    static void skipped(String strategy, String reason, String next) {
        Objects.requireNonNull(strategy, "strategy");
        Frame frame = Frame.current();
        String traceId = frame != null ? frame.trace.traceId() : null;
        if (LOG.isDebugEnabled()) {
            LoggingEventBuilder b = LOG.atDebug()
                    .setMessage("compaction strategy " + strategy + " skipped (" + reason + "); "
                            + (next != null ? "trying " + next : "no strategy left"))
                    .addKeyValue("strategy", strategy)
                    .addKeyValue("skip_reason", reason);
            if (next != null) {
                b = b.addKeyValue("next_strategy", next);
            }
            b.log();
        }
        List<CompactionListener> listeners = listeners(frame, true);
        if (next != null && !listeners.isEmpty()) {
            CompactionListener.FallbackEvent fb = new CompactionListener.FallbackEvent(traceId, strategy, next, reason);
            notify(listeners, "onFallback", l -> l.onFallback(fb));
        }
    }

    static CompactionResult complete(String strategy, CompactionResult.Builder b, String traceId, Duration elapsed) {
        b.traceId(traceId).elapsed(elapsed);
        if (b.strategy() == null) {
            b.strategy(strategy);
        }
        if (b.attempts().isEmpty()) {
            b.attempts(List.of(Attempt.succeeded(b.strategy(), elapsed, b.requestIds())));
        }
        return b.build();
    }

    /** The app's MDC may already name the trace: ours first, then the two common plain keys. */
    private static String traceIdFromMdc(MdcKeys keys) {
        String ours = keys.key("trace_id");
        String id = validTraceId(MDC.get(ours));
        if (id == null && !"trace_id".equals(ours)) {
            id = validTraceId(MDC.get("trace_id"));
        }
        if (id == null && !"traceId".equals(ours)) {
            id = validTraceId(MDC.get("traceId"));
        }
        return id;
    }

    private static String validTraceId(String value) {
        if (value == null || value.length() != 32) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return TraceIds.isValidTraceId(lower) ? lower : null;
    }

    /** @return whether the call open on this thread has a listener anywhere in its stack */
    static boolean listening() {
        Frame frame = Frame.current();
        for (Frame f = frame; f != null; f = f.parent) {
            if (f.strategy != null && !f.listeners.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells the listeners of the call open on this thread about one HTTP attempt.
     *
     * @param make builds the event from the call's trace id, span id and strategy
     */
    static void httpAttempt(CallEvents.AttemptFacts make) {
        Frame frame = Frame.current();
        if (frame == null || frame.strategy == null) {
            return;
        }
        List<CompactionListener> listeners = listeners(frame, true);
        if (!listeners.isEmpty()) {
            CompactionListener.HttpAttemptEvent e = make.event(frame.trace.traceId(), frame.trace.spanId(), frame.strategy);
            notify(listeners, "onHttpAttempt", l -> l.onHttpAttempt(e));
        }
    }

    /**
     * The listeners to tell about an event in {@code frame}: with {@code wholeStack}, those of
     * every enclosing call too; else only the frame's own. Each once.
     */
    private static List<CompactionListener> listeners(Frame frame, boolean wholeStack) {
        if (frame == null) {
            return List.of();
        }
        if (!wholeStack || frame.parent == null) {
            return frame.listeners;
        }
        boolean any = false;
        for (Frame f = frame; f != null && !any; f = f.parent) {
            any = !f.listeners.isEmpty();
        }
        if (!any) {
            return List.of();
        }
        Set<CompactionListener> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompactionListener> out = new ArrayList<>();
        for (Frame f = frame; f != null; f = f.parent) {
            for (CompactionListener l : f.listeners) {
                if (seen.add(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static void notify(List<CompactionListener> listeners, String method, Consumer<CompactionListener> call) {
        for (CompactionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LISTENER_LOG.atWarn()
                        .setMessage("CompactionListener " + l.getClass().getName() + " threw from " + method
                                + "; ignored, the compaction goes on")
                        .addKeyValue("listener", l.getClass().getName())
                        .setCause(e)
                        .log();
            }
        }
    }

    private static void logStart(String strategy, CompactionRequest request, String source) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        LOG.atDebug()
                .setMessage("compaction started: " + strategy + ", model " + request.model() + ", "
                        + request.items().size() + " items, trace id " + source)
                .addKeyValue("compactor", strategy)
                .addKeyValue("model", request.model())
                .addKeyValue("items_before", request.items().size())
                .addKeyValue("trace_source", source)
                .log();
    }

    private static void logSuccess(Level level, String strategy, CompactionResult r) {
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        String saved = percent(r.savedRatio());
        StringBuilder msg = new StringBuilder(160).append("compaction succeeded: ").append(r.strategy());
        String steps = String.join(" > ", r.steps());
        if (!steps.isEmpty()) {
            msg.append(" [").append(steps).append(']');
        }
        if (!r.strategy().equals(strategy)) {
            msg.append(" (via ").append(strategy).append(')');
        }
        msg.append(", items ").append(r.itemsBefore()).append(" -> ").append(r.items().size())
                .append(", tokens ").append(r.tokensBefore()).append(" -> ").append(r.tokensAfter())
                .append(" (").append(saved).append("% saved) in ").append(r.elapsed().toMillis()).append(" ms");
        if (r.fellBack()) {
            msg.append(", fell back after ").append(r.attempts().size()).append(" attempts");
        }
        String ids = String.join(",", r.requestIds());
        if (!ids.isEmpty()) {
            msg.append(", request ids ").append(ids);
        }
        LoggingEventBuilder b = LOG.atLevel(level)
                .setMessage(msg.toString())
                .addKeyValue("strategy", r.strategy())
                .addKeyValue("compactor", strategy)
                .addKeyValue("items_before", r.itemsBefore())
                .addKeyValue("items_after", r.items().size())
                .addKeyValue("tokens_before", r.tokensBefore())
                .addKeyValue("tokens_after", r.tokensAfter())
                .addKeyValue("tokens_saved", r.savedTokens())
                .addKeyValue("saved_pct", saved)
                .addKeyValue("elapsed_ms", r.elapsed().toMillis())
                .addKeyValue("fell_back", r.fellBack())
                .addKeyValue("attempts", r.attempts().size());
        if (!ids.isEmpty()) {
            b = b.addKeyValue("request_ids", ids);
        }
        if (!steps.isEmpty()) {
            b = b.addKeyValue("steps", steps);
        }
        if (r.usage().modelCalls() > 0 || r.usage().totalTokens() > 0) {
            b = b.addKeyValue("usage_input_tokens", r.usage().inputTokens())
                    .addKeyValue("usage_output_tokens", r.usage().outputTokens());
        }
        b.log();
    }

    private static void logFailure(Level level, String strategy, Throwable e, Duration elapsed) {
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder b = LOG.atLevel(level)
                .setMessage("compaction failed: " + strategy + " after " + elapsed.toMillis() + " ms: " + causeChain(e))
                .addKeyValue("compactor", strategy)
                .addKeyValue("elapsed_ms", elapsed.toMillis());
        addFailure(b, e).setCause(e).log();
    }

    private static LoggingEventBuilder addFailure(LoggingEventBuilder b, Throwable e) {
        b = b.addKeyValue("error", e.getClass().getSimpleName());
        if (e instanceof CompactionException ce) {
            if (ce.status().isPresent()) {
                b = b.addKeyValue("status", ce.status().getAsInt());
            }
            if (ce.errorCode().isPresent()) {
                b = b.addKeyValue("error_code", ce.errorCode().get());
            }
            if (ce.requestId().isPresent()) {
                b = b.addKeyValue("request_id", ce.requestId().get());
            }
        }
        return b;
    }

    /** {@code Type: message}, scrubbed and cut short. */
    static String summary(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        m = Secrets.scrubShapes(m.strip());
        if (m.length() > MAX_MESSAGE) {
            m = m.substring(0, MAX_MESSAGE) + "...";
        }
        return t.getClass().getSimpleName() + ": " + m;
    }

    /** Each cause's summary, outermost first, at most {@value #MAX_CAUSES} deep. */
    static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable c = t;
        int depth = 0;
        while (c != null && depth < MAX_CAUSES && seen.add(c)) {
            if (depth > 0) {
                sb.append("; caused by ");
            }
            sb.append(summary(c));
            c = c.getCause();
            depth++;
        }
        if (c != null && depth == MAX_CAUSES) {
            sb.append("; ...");
        }
        return sb.toString();
    }

    /**
     * {@code ratio} as a percentage with one decimal, e.g. {@code 0.8333 -> "83.3"}: what
     * {@code String.format(Locale.ROOT, "%.1f", ratio * 100)} gives (ties may round the other
     * way), without the {@code Formatter}, which costs more than the rest of the INFO line's
     * message.
     */
    static String percent(double ratio) {
        double tenths = ratio * 1000;
        if (!Double.isFinite(tenths) || Math.abs(tenths) >= Long.MAX_VALUE / 2.0) {
            return String.format(Locale.ROOT, "%.1f", ratio * 100);
        }
        long t = Math.round(Math.abs(tenths));
        StringBuilder sb = new StringBuilder(8);
        if (tenths < 0 && t != 0) {
            sb.append('-');
        }
        return sb.append(t / 10).append('.').append(t % 10).toString();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
