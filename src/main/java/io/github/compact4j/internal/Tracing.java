package io.github.compact4j.internal;

import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.logging.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The scope every compactor the library builds opens around its own call. Not public API.
 *
 * <p>Strategies implement {@code compact} as {@code Tracing.call(name(), request, this::doCompact)}.
 * The outermost call resolves the trace id and makes it current; a call nested inside another
 * (a strategy inside a chain, or inside the registry's wrapper) joins the outer scope instead of
 * opening a second one, so nothing is logged twice.
 */
public final class Tracing {

    private Tracing() {}

    /**
     * Runs {@code body} inside the call's trace scope and completes the result with what the
     * strategy left out: the trace id, the elapsed time and a single attempt.
     *
     * @param strategy the strategy's name
     * @param request the request
     * @param body the strategy's work
     * @return the result
     */
    public static CompactionResult call(String strategy, CompactionRequest request,
            Function<CompactionRequest, CompactionResult> body) {
        long start = System.nanoTime();
        TraceContext outer = TraceContext.current().orElse(null);
        TraceContext ctx = outer != null && (request.traceId().isEmpty() || request.traceId().get().equals(outer.traceId()))
                ? outer
                : TraceContext.of(request.traceId().orElse(null));
        try (TraceContext.Restorer ignored = TraceContext.makeCurrent(ctx)) {
            CompactionResult result = body.apply(request);
            return complete(strategy, result, ctx.traceId(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Reports that a chain moves on from one strategy to the next. Logged at WARN with why.
     *
     * @param from the strategy that failed or was skipped
     * @param to the strategy tried next, or "none"
     * @param why the reason, e.g. the failure's message
     * @param failure the failure, or null when the strategy was skipped
     */
    public static void fallback(String from, String to, String why, Throwable failure) {
        org.slf4j.LoggerFactory.getLogger("io.github.compact4j.compaction")
                .atWarn()
                .addKeyValue("from", from)
                .addKeyValue("to", to)
                .log("{} {}, falling back to {}: {}", from, failure == null ? "skipped" : "failed", to, why);
    }

    static CompactionResult complete(String strategy, CompactionResult r, String traceId, Duration elapsed) {
        CompactionResult.Builder b = r.toBuilder();
        if (r.traceId() == null) {
            b.traceId(traceId);
        }
        if (r.elapsed().isZero()) {
            b.elapsed(elapsed);
        }
        if (r.attempts().isEmpty()) {
            b.attempts(List.of(Attempt.succeeded(strategy, elapsed, r.requestIds())));
        }
        return b.build();
    }
}
