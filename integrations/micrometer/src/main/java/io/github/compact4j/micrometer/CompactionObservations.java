package io.github.compact4j.micrometer;

import io.github.compact4j.logging.CompactionListener;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * compact4j's compactions as Micrometer observations: one {@code compact4j.compaction} observation
 * per compaction (a timer and a span, with whatever handlers the registry has), its HTTP attempts,
 * fallbacks and summarizer calls as events on it, and each compaction a provider made on its side
 * as a {@code compact4j.server.compaction} observation. Add a {@link CompactionMeterHandler} to the
 * registry for the token and compaction meters.
 *
 * <pre>{@code
 * CompactionObservations observations = CompactionObservations.create(observationRegistry);
 * BackendRegistry registry = BackendRegistry.builder()
 *         .listener(observations.listener())       // every compactor the registry hands out
 *         .build();
 * observationRegistry.observationConfig()
 *         .observationHandler(new CompactionMeterHandler(meterRegistry));
 * }</pre>
 *
 * <p>A no-op registry (or one without handlers) makes the listener sit every call out, at no
 * cost. Names and key values: {@code docs/observability.md}. Thread-safe.
 */
public final class CompactionObservations {

    private final ObservationListener listener;

    private CompactionObservations(Builder b) {
        this.listener = new ObservationListener(b.registry, b.convention);
    }

    /**
     * @param registry the app's observation registry
     * @return observations with the default convention
     * @throws NullPointerException when {@code registry} is null
     */
    public static CompactionObservations create(ObservationRegistry registry) {
        return builder(registry).build();
    }

    /**
     * @param registry the app's observation registry
     * @return a builder
     * @throws NullPointerException when {@code registry} is null
     */
    public static Builder builder(ObservationRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * The listener to attach to a {@code BackendRegistry} or a {@code TracingCompactor}; the same
     * instance every time.
     *
     * @return the listener
     */
    public CompactionListener listener() {
        return listener;
    }

    /** Builds {@link CompactionObservations}. Not thread-safe. */
    public static final class Builder {
        private final ObservationRegistry registry;
        private CompactionObservationConvention convention;

        private Builder(ObservationRegistry registry) {
            this.registry = registry;
        }

        /**
         * @param convention names the observation and its key values instead of
         *     {@link DefaultCompactionObservationConvention} (an {@code ObservationFilter} or a
         *     global convention registered with the registry still applies)
         * @return this
         */
        public Builder convention(CompactionObservationConvention convention) {
            this.convention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /** @return the observations */
        public CompactionObservations build() {
            return new CompactionObservations(this);
        }
    }
}
