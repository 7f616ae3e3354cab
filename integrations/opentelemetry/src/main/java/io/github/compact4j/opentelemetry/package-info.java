/**
 * compact4j compactions in OpenTelemetry: one span per compaction, a child span per HTTP attempt,
 * and the GenAI client metrics, through {@link io.github.compact4j.opentelemetry.CompactionTelemetry}.
 * Names, attributes and units: {@code docs/observability.md}.
 */
package io.github.compact4j.opentelemetry;
