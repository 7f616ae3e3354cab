package io.github.compact4j.micrometer;

import static io.github.compact4j.micrometer.Keys.*;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.logging.CompactionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;

/**
 * The meters beyond each observation's own timer, recorded when a compaction's observation stops:
 *
 * <ul>
 *   <li>{@code compact4j.compactions} (counter), by {@code compact4j.strategy} and
 *       {@code compact4j.outcome};</li>
 *   <li>{@code compact4j.tokens.saved} (distribution summary, tokens), by the same;</li>
 *   <li>{@code compact4j.token.usage} (distribution summary, tokens) per model call, by
 *       {@code gen_ai.operation.name} ({@code compact} for a native compaction's own call,
 *       {@code chat} for a summarizer call), {@code gen_ai.provider.name},
 *       {@code gen_ai.request.model} and {@code gen_ai.token.type}: each token counted once;</li>
 *   <li>{@code compact4j.summarizer.call} (timer) per summarizer call, by operation, provider,
 *       model and {@code error.type};</li>
 *   <li>{@code compact4j.http.attempt} (timer) per HTTP attempt, by {@code http.request.method},
 *       {@code http.response.status_code}, {@code compact4j.strategy} and {@code error.type}.</li>
 * </ul>
 *
 * These are compact4j's own names, not {@code gen_ai.client.*}: Spring AI already registers a
 * {@code gen_ai.client.token.usage} counter, and one meter name cannot hold two types or two tag
 * sets in one Micrometer registry. Register it with the observation registry (Spring Boot does so
 * for an {@code ObservationHandler} bean).
 */
public class CompactionMeterHandler implements ObservationHandler<Observation.Context> {

    private final MeterRegistry meters;

    /**
     * @param meters where to record
     */
    public CompactionMeterHandler(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof CompactionContext || context instanceof ServerCompactionContext;
    }

    @Override
    public void onStop(Observation.Context context) {
        if (context instanceof CompactionContext c) {
            compaction(c);
        } else if (context instanceof ServerCompactionContext s) {
            CompactionListener.ServerCompactionEvent e = s.event();
            Tags byOutcome = Tags.of(STRATEGY, SERVER, OUTCOME, SUCCESS);
            Counter.builder(COMPACTIONS_METER).description("Compactions, by strategy and outcome").tags(byOutcome)
                    .register(meters).increment();
            saved(byOutcome, e.tokensBefore() - e.tokensAfter());
        }
    }

    private void compaction(CompactionContext c) {
        String provider = c.provider().orElse(NONE);
        long summarizerIn = 0;
        long summarizerOut = 0;
        for (CompactionListener.HttpAttemptEvent a : c.httpAttempts()) {
            String error = a.error() != null ? a.error() : a.status() >= 400 ? Integer.toString(a.status()) : NONE;
            Timer.builder(HTTP_ATTEMPT_METER).description("HTTP attempts of compactions")
                    .tags(HTTP_METHOD, a.method(), HTTP_STATUS, a.answered() ? Integer.toString(a.status()) : NONE,
                            STRATEGY, a.strategy(), ERROR_TYPE, error)
                    .register(meters).record(a.duration());
        }
        for (CompactionListener.SummarizerCallEvent s : c.summarizerCalls()) {
            String model = s.model() != null ? s.model() : NONE;
            Timer.builder(SUMMARIZER_CALL_METER).description("Summarizer calls of compactions")
                    .tags(OPERATION, OP_CHAT, PROVIDER, provider, REQUEST_MODEL, model,
                            ERROR_TYPE, s.succeeded() ? NONE : s.failure().getClass().getName())
                    .register(meters).record(s.duration());
            if (s.succeeded() && reported(s.usage())) {
                tokens(OP_CHAT, provider, model, s.usage().inputTokens(), s.usage().outputTokens());
                summarizerIn += s.usage().inputTokens();
                summarizerOut += s.usage().outputTokens();
            }
        }
        CompactionResult r = c.result().orElse(null);
        if (r == null) {
            Counter.builder(COMPACTIONS_METER).description("Compactions, by strategy and outcome")
                    .tags(STRATEGY, c.start().strategy(), OUTCOME, FAILURE).register(meters).increment();
            return;
        }
        Tags byOutcome = Tags.of(STRATEGY, r.strategy(), OUTCOME, r.fellBack() ? FALLBACK : SUCCESS);
        Counter.builder(COMPACTIONS_METER).description("Compactions, by strategy and outcome").tags(byOutcome)
                .register(meters).increment();
        saved(byOutcome, r.savedTokens());
        if (reported(r.usage())) {
            // what no summarizer call reported is the compaction's own model call (a native one)
            long in = r.usage().inputTokens() - summarizerIn;
            long out = r.usage().outputTokens() - summarizerOut;
            if (in > 0 || out > 0) {
                tokens(OP_COMPACT, provider, c.model(), Math.max(in, 0), Math.max(out, 0));
            }
        }
    }

    private void saved(Tags byOutcome, long saved) {
        DistributionSummary.builder(TOKENS_SAVED_METER).description("Tokens a compaction took out of the conversation")
                .baseUnit("tokens").tags(byOutcome).register(meters).record(Math.max(0, saved));
    }

    private void tokens(String operation, String provider, String model, long in, long out) {
        Tags tags = Tags.of(OPERATION, operation, PROVIDER, provider, REQUEST_MODEL, model);
        DistributionSummary.builder(TOKEN_USAGE_METER).description("Tokens of the model calls compactions made")
                .baseUnit("tokens").tags(tags.and(TOKEN_TYPE, "input")).register(meters).record(in);
        DistributionSummary.builder(TOKEN_USAGE_METER).description("Tokens of the model calls compactions made")
                .baseUnit("tokens").tags(tags.and(TOKEN_TYPE, "output")).register(meters).record(out);
    }

    private static boolean reported(Usage u) {
        return u.inputTokens() > 0 || u.outputTokens() > 0;
    }
}
