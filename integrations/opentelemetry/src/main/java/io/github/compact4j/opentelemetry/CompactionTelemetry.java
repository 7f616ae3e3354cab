package io.github.compact4j.opentelemetry;

import io.github.compact4j.logging.CompactionListener;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * compact4j's compactions as OpenTelemetry spans and metrics: one span per compaction (named
 * {@code compact <model>}, attributed after the GenAI semantic conventions), a child span per HTTP
 * attempt, the {@code gen_ai.client.*} metrics for the compaction and its summarizer calls, and
 * compact4j's own tokens-saved histogram and compactions counter.
 *
 * <pre>{@code
 * CompactionTelemetry telemetry = CompactionTelemetry.create(openTelemetry);   // the app's SDK or agent
 * BackendRegistry registry = BackendRegistry.builder()
 *         .listener(telemetry.listener())          // every compactor the registry hands out
 *         .build();
 * ContextCompactor mine = TracingCompactor.builder(myCompactor)
 *         .listener(telemetry.listener())          // or one compactor
 *         .build();
 * }</pre>
 *
 * <p>The span is a child of the span current when the compaction starts, and compact4j takes its
 * trace id from that span, so a log line of the call, its span and the backend's request id join
 * up. Without an SDK (the API's no-op), or with this scope disabled in the SDK, the listener sits
 * every call out and costs nothing. Names, attributes and units: {@code docs/observability.md}.
 *
 * <p>Thread-safe; one instance serves any number of registries and compactors.
 */
public final class CompactionTelemetry {

    private final TelemetryListener listener;

    private CompactionTelemetry(OpenTelemetry openTelemetry) {
        String version = version();
        this.listener = new TelemetryListener(
                openTelemetry.tracerBuilder(Names.SCOPE).setInstrumentationVersion(version).build(),
                openTelemetry.meterBuilder(Names.SCOPE).setInstrumentationVersion(version).build());
    }

    /**
     * @param openTelemetry the app's OpenTelemetry (its SDK, or {@code GlobalOpenTelemetry.get()})
     * @return telemetry recording through it
     * @throws NullPointerException when {@code openTelemetry} is null
     */
    public static CompactionTelemetry create(OpenTelemetry openTelemetry) {
        return new CompactionTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
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

    /** @return the instrumentation scope's name, {@code io.github.compact4j.opentelemetry} */
    public static String instrumentationName() {
        return Names.SCOPE;
    }

    private static String version() {
        try (InputStream in = CompactionTelemetry.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return "CompactionTelemetry{" + Names.SCOPE + "}";
    }
}
