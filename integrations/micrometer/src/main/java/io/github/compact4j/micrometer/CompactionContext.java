package io.github.compact4j.micrometer;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.logging.CompactionListener;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an observation of one compaction knows: the call as it started, then its result (or, as
 * the context's error, its failure), and the HTTP attempts and summarizer calls it made. A
 * {@link CompactionObservationConvention} or an {@code ObservationHandler} reads it. Filled in on
 * the call's thread; read by handlers when the observation stops.
 */
public class CompactionContext extends Observation.Context {

    private final CompactionListener.StartEvent start;
    private final String provider;
    private CompactionResult result;
    private final List<CompactionListener.HttpAttemptEvent> httpAttempts = new ArrayList<>(2);
    private final List<CompactionListener.SummarizerCallEvent> summarizerCalls = new ArrayList<>(1);

    /**
     * @param start the call's start, as compact4j told it
     */
    public CompactionContext(CompactionListener.StartEvent start) {
        this.start = start;
        this.provider = Keys.provider(start.attributes().get("backend"), start.strategy());
    }

    /** @return the call's start: trace and span ids, compactor, model, items, attributes */
    public CompactionListener.StartEvent start() {
        return start;
    }

    /** @return the model the conversation runs on */
    public String model() {
        return start.model();
    }

    /**
     * @return the {@code gen_ai.provider.name} of the call's backend ({@code openai}, {@code azure.ai.openai},
     *     {@code anthropic}, ...), empty when the call names none (masking, a compactor of your own)
     */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** @return the call's attributes: the request's and the compactor's ({@code backend}) */
    public Map<String, String> attributes() {
        return start.attributes();
    }

    /** @return the result, once the call succeeded */
    public Optional<CompactionResult> result() {
        return Optional.ofNullable(result);
    }

    void result(CompactionResult r) {
        this.result = r;
    }

    /** @return the HTTP attempts of the call so far, in order */
    public List<CompactionListener.HttpAttemptEvent> httpAttempts() {
        return Collections.unmodifiableList(httpAttempts);
    }

    void add(CompactionListener.HttpAttemptEvent e) {
        httpAttempts.add(e);
    }

    /** @return the summarizer calls of the call so far, in order */
    public List<CompactionListener.SummarizerCallEvent> summarizerCalls() {
        return Collections.unmodifiableList(summarizerCalls);
    }

    void add(CompactionListener.SummarizerCallEvent e) {
        summarizerCalls.add(e);
    }

    /** @return {@code success}, {@code fallback} (a later strategy of a chain produced it), {@code failure}, or empty while running */
    public Optional<String> outcome() {
        if (result != null) {
            return Optional.of(result.fellBack() ? Keys.FALLBACK : Keys.SUCCESS);
        }
        return getError() != null ? Optional.of(Keys.FAILURE) : Optional.empty();
    }
}
