package io.github.compact4j.logging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the trace id of the current OpenTelemetry span, when the OpenTelemetry API is on the
 * class path, without a compile-time dependency on it.
 *
 * <p>The four methods are looked up once, from the class loader that loaded this library; when
 * the API is absent (or not visible from that loader) every lookup answers null at the cost of one
 * field read.
 */
final class OpenTelemetrySpan {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.logging");

    /** The lookup for this library's own class loader, done once. */
    static final OpenTelemetrySpan DEFAULT = new OpenTelemetrySpan(OpenTelemetrySpan.class.getClassLoader());

    private final Method current;
    private final Method getSpanContext;
    private final Method isValid;
    private final Method getTraceId;
    private volatile boolean failedOnce;

    /**
     * @param loader where to look for {@code io.opentelemetry.api.trace.Span}
     */
    OpenTelemetrySpan(ClassLoader loader) {
        Method c = null;
        Method g = null;
        Method v = null;
        Method t = null;
        try {
            Class<?> span = Class.forName("io.opentelemetry.api.trace.Span", false, loader);
            Class<?> spanContext = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
            c = span.getMethod("current");
            g = span.getMethod("getSpanContext");
            v = spanContext.getMethod("isValid");
            t = spanContext.getMethod("getTraceId");
            LOG.debug("OpenTelemetry API found: the current span's trace id is used when no other is given");
        } catch (ClassNotFoundException e) {
            c = null;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            LOG.debug("OpenTelemetry API present but not usable; trace ids will not be taken from spans", e);
            c = null;
        }
        this.current = c;
        this.getSpanContext = c == null ? null : g;
        this.isValid = c == null ? null : v;
        this.getTraceId = c == null ? null : t;
    }

    /** @return whether the OpenTelemetry API was found */
    boolean available() {
        return current != null;
    }

    /**
     * @return the trace id of the current span if there is a valid one, else null
     */
    String currentTraceId() {
        if (current == null || failedOnce) {
            return null;
        }
        try {
            Object span = current.invoke(null);
            if (span == null) {
                return null;
            }
            Object context = getSpanContext.invoke(span);
            if (context == null || !Boolean.TRUE.equals(isValid.invoke(context))) {
                return null;
            }
            Object id = getTraceId.invoke(context);
            return id instanceof String s && TraceContext.isValidTraceId(s) ? s : null;
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            // An API that misbehaves once will do so again: stop asking rather than pay for an
            // exception on every call.
            failedOnce = true;
            LOG.warn("Reading the current OpenTelemetry span failed; trace ids will no longer be taken from spans", e);
            return null;
        }
    }
}
