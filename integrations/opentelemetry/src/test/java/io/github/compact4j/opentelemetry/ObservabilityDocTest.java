package io.github.compact4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testsupport.Wire;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** The snippets of docs/observability.md's OpenTelemetry section, as written there. */
class ObservabilityDocTest {

    @Test
    void attachingTheListener() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        ContextCompactor myCompactor = ToolOutputMaskingCompactor.builder().build();

        CompactionTelemetry telemetry = CompactionTelemetry.create(openTelemetry);  // or GlobalOpenTelemetry.get()
        BackendRegistry registry = BackendRegistry.builder()
                .listener(telemetry.listener())
                .build();
        ContextCompactor mine = TracingCompactor.builder(myCompactor)
                .listener(telemetry.listener())
                .build();

        mine.compact(CompactionRequest.builder().model("gpt-5.1").items(Wire.agentRun(8)).build());
        assertEquals("compact gpt-5.1", spans.getFinishedSpanItems().get(0).getName());
        assertTrue(registry.toString().contains("listeners=1"), registry.toString());
    }
}
