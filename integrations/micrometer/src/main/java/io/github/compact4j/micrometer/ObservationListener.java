package io.github.compact4j.micrometer;

import static io.github.compact4j.micrometer.Keys.*;

import io.github.compact4j.logging.CompactionListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The listener {@link CompactionObservations} hands out: one observation per call, started on
 * {@code onStart} and stopped on {@code onSuccess}/{@code onFailure}, with the call's other
 * events as observation events. Thread-safe.
 */
final class ObservationListener implements CompactionListener {

    private final ObservationRegistry registry;
    private final CompactionObservationConvention convention;
    /** The innermost call open on each thread: every event of a call comes on its own thread. */
    private final ThreadLocal<Call> open = new ThreadLocal<>();

    private static final class Call {
        final Observation observation;
        final CompactionContext context;
        final Call parent;
        int depth = 1;

        Call(Observation observation, CompactionContext context, Call parent) {
            this.observation = observation;
            this.context = context;
            this.parent = parent;
        }
    }

    ObservationListener(ObservationRegistry registry, CompactionObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    /** A no-op registry, or one without handlers, sits every call out. */
    @Override
    public boolean isEnabled() {
        return !registry.isNoop();
    }

    @Override
    public void onStart(StartEvent e) {
        Call top = open.get();
        if (top != null && top.context.start().spanId().equals(e.spanId())) {
            top.depth++;
            return;
        }
        CompactionContext context = new CompactionContext(e);
        Observation o = Observation.createNotStarted(convention, DefaultCompactionObservationConvention.INSTANCE,
                () -> context, registry).start();
        open.set(new Call(o, context, top));
    }

    @Override
    public void onAttemptFailed(AttemptFailedEvent e) {
        Call c = open.get();
        if (c != null) {
            c.observation.event(Observation.Event.of(EVENT_ATTEMPT_FAILED, e.strategy() + " failed after "
                    + e.duration().toMillis() + " ms: " + e.failure().getClass().getName()));
        }
    }

    @Override
    public void onFallback(FallbackEvent e) {
        Call c = open.get();
        if (c != null) {
            c.observation.event(Observation.Event.of(EVENT_FALLBACK, "fallback from " + e.from() + " to " + e.to()));
        }
    }

    @Override
    public void onHttpAttempt(HttpAttemptEvent e) {
        Call c = current(e.spanId());
        if (c == null) {
            return;
        }
        c.context.add(e);
        StringBuilder s = new StringBuilder(120).append(e.method()).append(' ').append(e.url()).append(" -> ")
                .append(e.answered() ? Integer.toString(e.status()) : e.error())
                .append(" (attempt ").append(e.attempt()).append('/').append(e.maxAttempts());
        if (e.requestId() != null) {
            s.append(", request_id=").append(e.requestId());
        }
        c.observation.event(Observation.Event.of(EVENT_HTTP_ATTEMPT, s.append(')').toString()));
    }

    @Override
    public void onSummarizerCall(SummarizerCallEvent e) {
        Call c = current(e.spanId());
        if (c == null) {
            return;
        }
        c.context.add(e);
        c.observation.event(Observation.Event.of(EVENT_SUMMARIZER_CALL, "summarizer call " + e.part() + "/" + e.parts()
                + (e.model() != null ? " to " + e.model() : "")
                + (e.succeeded() ? ", " + e.usage().inputTokens() + " input and " + e.usage().outputTokens()
                        + " output tokens" : " failed: " + e.failure().getClass().getName())));
    }

    @Override
    public void onSuccess(SuccessEvent e) {
        Call c = close();
        if (c != null) {
            c.context.result(e.result());
            c.observation.stop();
        }
    }

    @Override
    public void onFailure(FailureEvent e) {
        Call c = close();
        if (c != null) {
            c.observation.error(e.failure());
            c.observation.stop();
        }
    }

    /**
     * An event on the observation current on the thread (the app's own, e.g. its request's), and
     * an observation of its own so meters can count it.
     */
    @Override
    public void onServerCompaction(ServerCompactionEvent e) {
        String provider = Keys.provider(e.provider(), null);
        String what = "server compaction by " + provider + ": items " + e.itemsBefore() + " -> " + e.itemsAfter()
                + ", tokens " + e.tokensBefore() + " -> " + e.tokensAfter();
        Observation current = registry.getCurrentObservation();
        if (current != null) {
            current.event(Observation.Event.of(EVENT_SERVER_COMPACTION, what));
        }
        Observation o = Observation.createNotStarted(SERVER_COMPACTION, () -> new ServerCompactionContext(e), registry)
                .contextualName("server compaction " + provider)
                .lowCardinalityKeyValue(PROVIDER, provider)
                .lowCardinalityKeyValue(STRATEGY, SERVER)
                .lowCardinalityKeyValue(OUTCOME, SUCCESS)
                .highCardinalityKeyValue(ITEMS_BEFORE, Integer.toString(e.itemsBefore()))
                .highCardinalityKeyValue(ITEMS_AFTER, Integer.toString(e.itemsAfter()))
                .highCardinalityKeyValue(TOKENS_BEFORE, Long.toString(e.tokensBefore()))
                .highCardinalityKeyValue(TOKENS_AFTER, Long.toString(e.tokensAfter()))
                .highCardinalityKeyValue(TOKENS_SAVED, Long.toString(e.tokensBefore() - e.tokensAfter()))
                .highCardinalityKeyValue(COMPACTED, "true");
        if (e.traceId() != null) {
            o.highCardinalityKeyValue(TRACE_ID, e.traceId());
        }
        if (!e.appliedEdits().isEmpty()) {
            o.highCardinalityKeyValue(APPLIED_EDITS, String.join(",", e.appliedEdits()));
        }
        o.start().stop();
    }

    private Call current(String spanId) {
        Call c = open.get();
        return c != null && c.context.start().spanId().equals(spanId) ? c : null;
    }

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
}
