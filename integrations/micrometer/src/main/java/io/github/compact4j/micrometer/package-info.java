/**
 * compact4j compactions through Micrometer's Observation API:
 * {@link io.github.compact4j.micrometer.CompactionObservations} for the observations,
 * {@link io.github.compact4j.micrometer.CompactionMeterHandler} for the meters beyond the
 * observation's timer. Names and key values: {@code docs/observability.md}.
 */
package io.github.compact4j.micrometer;
