/**
 * Trace-id logging around every compaction: the {@link io.github.compact4j.logging.TraceContext}
 * of a call, the MDC scope that carries it ({@link io.github.compact4j.logging.LogContext}, keys
 * named by {@link io.github.compact4j.logging.MdcKeys}), the decorator that opens the scope around
 * any compactor ({@link io.github.compact4j.logging.TracingCompactor}) and the events an app can
 * listen to ({@link io.github.compact4j.logging.CompactionListener}).
 *
 * <p>Loggers: {@code io.github.compact4j.compaction} (start at DEBUG, end at INFO, failure and
 * fallback at WARN), {@code io.github.compact4j.listener} (a listener that threw, WARN) and
 * {@code io.github.compact4j.logging} (OpenTelemetry detection, DEBUG). See {@code docs/logging.md}.
 */
package io.github.compact4j.logging;
