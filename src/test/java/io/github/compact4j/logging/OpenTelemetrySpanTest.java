package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

/** The reflective path, against the real OpenTelemetry API (a test dependency only). */
class OpenTelemetrySpanTest {

    @Test
    void readsTheCurrentSpansTraceIdOnlyWhenItIsValid() {
        OpenTelemetrySpan otel = OpenTelemetrySpan.DEFAULT;
        assertTrue(otel.available());
        assertNull(otel.currentTraceId(), "no span: Span.current() is the invalid span");
        Span span = Span.wrap(SpanContext.create("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174",
                TraceFlags.getDefault(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            assertEquals("5b8efff798038103d269b633813fc60c", otel.currentTraceId());
        }
        assertNull(otel.currentTraceId());
    }

    @Test
    void withoutOpenTelemetryOnTheClassPathItAnswersNull() {
        // a loader that sees only the JDK: what an app without OpenTelemetry looks like
        OpenTelemetrySpan absent = new OpenTelemetrySpan(new ClassLoader(null) {});
        assertFalse(absent.available());
        Span span = Span.wrap(SpanContext.create("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174",
                TraceFlags.getDefault(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            assertNull(absent.currentTraceId());
        }
    }
}
