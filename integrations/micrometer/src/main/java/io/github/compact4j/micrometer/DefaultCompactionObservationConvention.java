package io.github.compact4j.micrometer;

import static io.github.compact4j.micrometer.Keys.*;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.errors.CompactionException;
import io.micrometer.common.KeyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The observation {@code compact4j.compaction}, contextually named {@code compact <model>} like the
 * OpenTelemetry integration's span.
 *
 * <p>Low-cardinality key values (on the timer and the span, always the same keys):
 * {@code gen_ai.operation.name} ({@code compact}), {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code compact4j.strategy} (the strategy that produced the
 * result; the compactor called while it runs or when it failed), {@code compact4j.outcome}
 * ({@code success}, {@code fallback}, {@code failure}) and {@code error.type}; {@code none} where a
 * key has no value. High-cardinality key values (the span only): the trace and span ids, the
 * token and item counts, the usage, the request ids, and the call's attributes as
 * {@code compact4j.<name>}.
 */
public class DefaultCompactionObservationConvention implements CompactionObservationConvention {

    /** The instance {@link CompactionObservations} uses when given no convention. */
    public static final DefaultCompactionObservationConvention INSTANCE = new DefaultCompactionObservationConvention();

    /** @return {@code compact4j.compaction} */
    @Override
    public String getName() {
        return COMPACTION;
    }

    /** @return {@code compact <model>} */
    @Override
    public String getContextualName(CompactionContext context) {
        return OP_COMPACT + " " + context.model();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CompactionContext context) {
        CompactionResult r = context.result().orElse(null);
        Throwable error = context.getError();
        return KeyValues.of(
                OPERATION, OP_COMPACT,
                PROVIDER, context.provider().orElse(NONE),
                REQUEST_MODEL, context.model(),
                STRATEGY, r != null ? r.strategy() : context.start().strategy(),
                OUTCOME, context.outcome().orElse(NONE),
                ERROR_TYPE, error != null ? error.getClass().getName() : NONE);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CompactionContext context) {
        List<String> kv = new ArrayList<>(40);
        kv.add(TRACE_ID);
        kv.add(context.start().traceId());
        kv.add(SPAN_ID);
        kv.add(context.start().spanId());
        kv.add(COMPACTOR);
        kv.add(context.start().strategy());
        kv.add(ITEMS_BEFORE);
        kv.add(Integer.toString(context.start().items()));
        for (Map.Entry<String, String> a : context.attributes().entrySet()) {
            kv.add("compact4j." + a.getKey());
            kv.add(a.getValue());
        }
        CompactionResult r = context.result().orElse(null);
        if (r != null) {
            add(kv, TOKENS_BEFORE, r.tokensBefore());
            add(kv, TOKENS_AFTER, r.tokensAfter());
            add(kv, TOKENS_SAVED, r.savedTokens());
            add(kv, ITEMS_AFTER, r.items().size());
            kv.add(FELL_BACK);
            kv.add(Boolean.toString(r.fellBack()));
            add(kv, ATTEMPTS, r.attempts().size());
            if (!r.requestIds().isEmpty()) {
                kv.add(REQUEST_IDS);
                kv.add(String.join(",", r.requestIds()));
                kv.add(REQUEST_ID);
                kv.add(r.requestIds().get(r.requestIds().size() - 1));
            }
            Usage u = r.usage();
            if (u.inputTokens() > 0 || u.outputTokens() > 0) {
                add(kv, INPUT_TOKENS, u.inputTokens());
                add(kv, OUTPUT_TOKENS, u.outputTokens());
            }
            if (r.savedTokens() > 0 || r.items().size() != r.itemsBefore()) {
                kv.add(COMPACTED);
                kv.add("true");
            }
        }
        if (context.getError() instanceof CompactionException ce) {
            ce.requestId().ifPresent(id -> {
                kv.add(REQUEST_ID);
                kv.add(id);
            });
            ce.status().ifPresent(s -> add(kv, ERROR_STATUS, s));
            ce.errorCode().ifPresent(code -> {
                kv.add(ERROR_CODE);
                kv.add(code);
            });
        }
        return KeyValues.of(kv.toArray(new String[0]));
    }

    private static void add(List<String> kv, String key, long value) {
        kv.add(key);
        kv.add(Long.toString(value));
    }
}
