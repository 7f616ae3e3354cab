package io.github.compact4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a compaction's observation and its key values. Extend
 * {@link DefaultCompactionObservationConvention} to add or change keys, and give it to
 * {@link CompactionObservations.Builder#convention(CompactionObservationConvention)}.
 */
public interface CompactionObservationConvention extends ObservationConvention<CompactionContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof CompactionContext;
    }
}
