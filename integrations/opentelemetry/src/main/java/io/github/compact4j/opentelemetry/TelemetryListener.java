package io.github.compact4j.opentelemetry;

import static io.github.compact4j.opentelemetry.Names.*;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.logging.CompactionListener;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;

/**
 * The listener {@link CompactionTelemetry} hands out: turns a call's events into its span, its
 * HTTP attempts' child spans and the metrics. Thread-safe; one instance serves every call of every
 * compactor it is attached to.
 *
 * <p>Every event of a call reaches it on the call's thread: the open span is kept per thread
 * from {@code onStart} to {@code onSuccess}/{@code onFailure}.
 */
final class TelemetryListener implements CompactionListener {

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongHistogram tokenUsage;
    private final LongHistogram tokensSaved;
    private final LongCounter compactions;
    /**
     * The innermost call open on each thread. Every event of a call reaches the listener on the
     * call's own thread, between its start and its end, so a per-thread stack finds the call an
     * event belongs to (most events carry no span id); it is emptied when the outermost call ends.
     */
    private final ThreadLocal<Call> open = new ThreadLocal<>();

    /** A call in flight, and the one it is nested in on the same thread. */
    private static final class Call {
        final Span span;
        final String spanId;
        final String provider;
        final String model;
        final Call parent;
        long summarizerInput;
        long summarizerOutput;
        /** How many times the same call started for this listener (a compactor nested in one it also wraps). */
        int depth = 1;

        Call(Span span, String spanId, String provider, String model, Call parent) {
            this.span = span;
            this.spanId = spanId;
            this.provider = provider;
            this.model = model;
            this.parent = parent;
        }
    }

    TelemetryListener(Tracer tracer, Meter meter) {
        this.tracer = tracer;
        this.duration = meter.histogramBuilder(OPERATION_DURATION)
                .setUnit("s")
                .setDescription("GenAI operation duration.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
        this.tokenUsage = meter.histogramBuilder(TOKEN_USAGE)
                .ofLongs()
                .setUnit("{token}")
                .setDescription("Number of input and output tokens used.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        this.tokensSaved = meter.histogramBuilder(TOKENS_SAVED_METRIC)
                .ofLongs()
                .setUnit("{token}")
                .setDescription("Tokens a compaction took out of the conversation.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        this.compactions = meter.counterBuilder(COMPACTIONS)
                .setUnit("{compaction}")
                .setDescription("Compactions, by the strategy that produced the result and the outcome.")
                .build();
    }

    /** Off when the API is a no-op or the SDK disables this scope: then the call builds no event at all. */
    @Override
    public boolean isEnabled() {
        return tracer.isEnabled() || duration.isEnabled() || tokenUsage.isEnabled() || tokensSaved.isEnabled()
                || compactions.isEnabled();
    }

    @Override
    public void onStart(StartEvent e) {
        Call top = open.get();
        if (top != null && top.spanId.equals(e.spanId())) {
            top.depth++;
            return;
        }
        String provider = ProviderNames.of(e.attributes().get("backend"), e.strategy());
        SpanBuilder b = tracer.spanBuilder(OP_COMPACT + " " + e.model())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, OP_COMPACT)
                .setAttribute(REQUEST_MODEL, e.model())
                .setAttribute(COMPACTOR, e.strategy())
                .setAttribute(ITEMS_BEFORE, e.items())
                .setAttribute(TRACE_ID, e.traceId())
                .setAttribute(SPAN_ID, e.spanId());
        if (provider != null) {
            b.setAttribute(PROVIDER, provider);
        }
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            b.setAttribute("compact4j." + a.getKey(), a.getValue());
        }
        open.set(new Call(b.startSpan(), e.spanId(), provider, e.model(), top));
    }

    @Override
    public void onAttemptFailed(AttemptFailedEvent e) {
        Call c = open.get();
        if (c == null) {
            return;
        }
        AttributesBuilder a = Attributes.builder()
                .put(STRATEGY, e.strategy())
                .put(ERROR_TYPE, e.failure().getClass().getName())
                .put(DURATION_MS, e.duration().toMillis());
        failureDetails(a, e.failure());
        c.span.addEvent(EVENT_ATTEMPT_FAILED, a.build());
    }

    @Override
    public void onFallback(FallbackEvent e) {
        Call c = open.get();
        if (c == null) {
            return;
        }
        AttributesBuilder a = Attributes.builder().put(FROM, e.from()).put(TO, e.to());
        if (e.reason() != null) {
            a.put(REASON, e.reason());
        }
        c.span.addEvent(EVENT_FALLBACK, a.build());
    }

    @Override
    public void onHttpAttempt(HttpAttemptEvent e) {
        Call c = current(e.spanId());
        Context parent = c != null ? Context.current().with(c.span) : Context.current();
        SpanBuilder b = tracer.spanBuilder(e.method())
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(e.start())
                .setAttribute(HTTP_METHOD, e.method())
                .setAttribute(URL_FULL, e.url())
                .setAttribute(STRATEGY, e.strategy())
                .setAttribute(HTTP_ATTEMPT, e.attempt())
                .setAttribute(HTTP_MAX_ATTEMPTS, e.maxAttempts());
        HttpUrl url = HttpUrl.parse(e.url());
        if (url != null) {
            b.setAttribute(SERVER_ADDRESS, url.host()).setAttribute(SERVER_PORT, url.port());
        }
        if (e.attempt() > 1) {
            b.setAttribute(HTTP_RESEND, e.attempt() - 1L);
        }
        if (e.answered()) {
            b.setAttribute(HTTP_STATUS, e.status());
        }
        if (e.clientRequestId() != null) {
            b.setAttribute(CLIENT_REQUEST_ID, e.clientRequestId());
        }
        if (e.requestId() != null) {
            b.setAttribute(REQUEST_ID, e.requestId());
        }
        if (e.retryIn() != null) {
            b.setAttribute(HTTP_RETRY_IN_MS, e.retryIn().toMillis());
        }
        String error = e.error() != null ? e.error() : e.status() >= 400 ? Integer.toString(e.status()) : null;
        if (error != null) {
            b.setAttribute(ERROR_TYPE, error);
        }
        Span span = b.startSpan();
        if (error != null) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(e.start().plus(e.duration()));
    }

    @Override
    public void onSummarizerCall(SummarizerCallEvent e) {
        Call c = current(e.spanId());
        String provider = c != null ? c.provider : null;
        AttributesBuilder a = Attributes.builder().put(OPERATION, OP_CHAT);
        if (provider != null) {
            a.put(PROVIDER, provider);
        }
        if (e.model() != null) {
            a.put(REQUEST_MODEL, e.model());
        }
        if (!e.succeeded()) {
            a.put(ERROR_TYPE, e.failure().getClass().getName());
        }
        duration.record(seconds(e.duration()), a.build());
        Usage u = e.usage();
        if (e.succeeded() && reported(u)) {
            recordTokens(OP_CHAT, provider, e.model(), u.inputTokens(), u.outputTokens());
            if (c != null) {
                c.summarizerInput += u.inputTokens();
                c.summarizerOutput += u.outputTokens();
            }
        }
    }

    @Override
    public void onSuccess(SuccessEvent e) {
        Call c = close();
        if (c == null) {
            return; // the end of an inner start of the same call: the outer end reports it
        }
        CompactionResult r = e.result();
        String outcome = r.fellBack() ? FALLBACK : SUCCESS;
        Usage u = r.usage();
        Span s = c.span;
        s.setAttribute(STRATEGY, r.strategy());
        s.setAttribute(OUTCOME, outcome);
        s.setAttribute(TOKENS_BEFORE, r.tokensBefore());
        s.setAttribute(TOKENS_AFTER, r.tokensAfter());
        s.setAttribute(TOKENS_SAVED, r.savedTokens());
        s.setAttribute(ITEMS_AFTER, r.items().size());
        s.setAttribute(FELL_BACK, r.fellBack());
        s.setAttribute(ATTEMPTS, r.attempts().size());
        List<String> ids = r.requestIds();
        if (!ids.isEmpty()) {
            s.setAttribute(REQUEST_IDS, ids);
            s.setAttribute(REQUEST_ID, ids.get(ids.size() - 1));
        }
        if (reported(u)) {
            s.setAttribute(INPUT_TOKENS, u.inputTokens());
            s.setAttribute(OUTPUT_TOKENS, u.outputTokens());
        }
        // The conventions ask for true only when compaction was surely applied, never false.
        if (r.savedTokens() > 0 || r.items().size() != r.itemsBefore()) {
            s.setAttribute(COMPACTED, true);
        }
        s.end();
        String provider = c.provider;
        String model = c.model;
        duration.record(seconds(r.elapsed()), operationAttributes(provider, model, null));
        if (reported(u)) {
            // Tokens a summarizer call reported were recorded with it (as chat); the rest is the
            // compaction's own model call (a native compaction), so no token is counted twice.
            long in = u.inputTokens() - c.summarizerInput;
            long out = u.outputTokens() - c.summarizerOutput;
            if (in > 0 || out > 0) {
                recordTokens(OP_COMPACT, provider, model, Math.max(in, 0), Math.max(out, 0));
            }
        }
        Attributes byOutcome = Attributes.of(STRATEGY, r.strategy(), OUTCOME, outcome);
        tokensSaved.record(Math.max(0, r.savedTokens()), byOutcome);
        compactions.add(1, byOutcome);
    }

    @Override
    public void onFailure(FailureEvent e) {
        Call c = close();
        if (c == null) {
            return;
        }
        Throwable f = e.failure();
        String errorType = f.getClass().getName();
        Span s = c.span;
        s.setAttribute(OUTCOME, FAILURE);
        s.setAttribute(ERROR_TYPE, errorType);
        if (f instanceof CompactionException ce) {
            ce.requestId().ifPresent(id -> s.setAttribute(REQUEST_ID, id));
            if (!ce.requestIds().isEmpty()) {
                s.setAttribute(REQUEST_IDS, ce.requestIds());
            }
            ce.errorCode().ifPresent(code -> s.setAttribute(ERROR_CODE, code));
            ce.status().ifPresent(status -> s.setAttribute(ERROR_STATUS, status));
        }
        s.recordException(f);
        s.setStatus(StatusCode.ERROR, f.getClass().getSimpleName());
        s.end();
        duration.record(seconds(e.elapsed()), operationAttributes(c.provider, c.model, errorType));
        compactions.add(1, Attributes.of(STRATEGY, e.strategy(), OUTCOME, FAILURE));
    }

    @Override
    public void onServerCompaction(ServerCompactionEvent e) {
        AttributesBuilder a = Attributes.builder()
                .put(PROVIDER, ProviderNames.of(e.provider(), null))
                .put(ITEMS_BEFORE, e.itemsBefore())
                .put(ITEMS_AFTER, e.itemsAfter())
                .put(TOKENS_BEFORE, e.tokensBefore())
                .put(TOKENS_AFTER, e.tokensAfter())
                .put(TOKENS_SAVED, e.tokensBefore() - e.tokensAfter())
                .put(COMPACTED, true);
        if (e.traceId() != null) {
            a.put(TRACE_ID, e.traceId());
        }
        if (reported(e.usage())) {
            a.put(INPUT_TOKENS, e.usage().inputTokens()).put(OUTPUT_TOKENS, e.usage().outputTokens());
        }
        if (!e.appliedEdits().isEmpty()) {
            a.put(APPLIED_EDITS, e.appliedEdits());
        }
        Span.current().addEvent(EVENT_SERVER_COMPACTION, a.build());
        // The tokens the provider billed belong to the app's own model call, which its own
        // instrumentation records: only the compaction is counted here.
        Attributes byOutcome = Attributes.of(STRATEGY, SERVER, OUTCOME, SUCCESS);
        tokensSaved.record(Math.max(0, e.tokensBefore() - e.tokensAfter()), byOutcome);
        compactions.add(1, byOutcome);
    }

    /** @return the call open on this thread if it is the one with this span id, else null */
    private Call current(String spanId) {
        Call c = open.get();
        return c != null && c.spanId.equals(spanId) ? c : null;
    }

    /** @return the call that ends now, or null when an inner start of the same call ends */
    private Call close() {
        Call c = open.get();
        if (c == null || --c.depth > 0) {
            return null;
        }
        if (c.parent == null) {
            open.remove();
        } else {
            open.set(c.parent);
        }
        return c;
    }

    private void recordTokens(String operation, String provider, String model, long in, long out) {
        AttributesBuilder a = Attributes.builder().put(OPERATION, operation);
        if (provider != null) {
            a.put(PROVIDER, provider);
        }
        if (model != null) {
            a.put(REQUEST_MODEL, model);
        }
        tokenUsage.record(in, a.put(TOKEN_TYPE, "input").build());
        tokenUsage.record(out, a.put(TOKEN_TYPE, "output").build());
    }

    private static Attributes operationAttributes(String provider, String model, String errorType) {
        AttributesBuilder a = Attributes.builder().put(OPERATION, OP_COMPACT);
        if (provider != null) {
            a.put(PROVIDER, provider);
        }
        if (model != null) {
            a.put(REQUEST_MODEL, model);
        }
        if (errorType != null) {
            a.put(ERROR_TYPE, errorType);
        }
        return a.build();
    }

    private static void failureDetails(AttributesBuilder a, Throwable f) {
        if (f instanceof CompactionException ce) {
            ce.status().ifPresent(s -> a.put(ERROR_STATUS, s));
            ce.errorCode().ifPresent(code -> a.put(ERROR_CODE, code));
            ce.requestId().ifPresent(id -> a.put(REQUEST_ID, id));
        }
    }

    private static boolean reported(Usage u) {
        return u.inputTokens() > 0 || u.outputTokens() > 0;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
