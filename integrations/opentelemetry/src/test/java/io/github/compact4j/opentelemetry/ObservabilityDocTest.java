package io.github.compact4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testsupport.Snippets;
import io.github.compact4j.testsupport.Wire;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippet of docs/observability.md's OpenTelemetry section and of the README, as written there. */
class ObservabilityDocTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/opentelemetry/ObservabilityDocTest.java");

    @Test
    void theReadmeAndTheDocsShowTheSnippetThatRuns() throws IOException {
        List<String> ran = Snippets.between(Files.readAllLines(SOURCE), "// snippet: begin", "// snippet: end");
        assertEquals(ran, Snippets.firstJavaBlock(Files.readAllLines(Path.of("README.md"))));
        assertEquals(ran, Snippets.javaBlockAfter(Files.readAllLines(Path.of("../../docs/observability.md")),
                "## OpenTelemetry"));
    }

    @Test
    void attachingTheListener() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        ContextCompactor myCompactor = ToolOutputMaskingCompactor.builder().build();

        // snippet: begin
        CompactionTelemetry telemetry = CompactionTelemetry.create(openTelemetry);  // or GlobalOpenTelemetry.get()
        BackendRegistry registry = BackendRegistry.builder()
                .listener(telemetry.listener())
                .build();
        ContextCompactor mine = TracingCompactor.builder(myCompactor)
                .listener(telemetry.listener())
                .build();
        // snippet: end

        mine.compact(CompactionRequest.builder().model("gpt-5.1").items(Wire.agentRun(8)).build());
        assertEquals("compact gpt-5.1", spans.getFinishedSpanItems().get(0).getName());
        assertTrue(registry.toString().contains("listeners=1"), registry.toString());
    }
}
