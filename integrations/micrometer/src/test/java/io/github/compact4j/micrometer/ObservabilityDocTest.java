package io.github.compact4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.testsupport.Snippets;
import io.github.compact4j.testsupport.Wire;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippet of docs/observability.md's Micrometer section and of the README, as written there. */
class ObservabilityDocTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/micrometer/ObservabilityDocTest.java");

    @Test
    void theReadmeAndTheDocsShowTheSnippetThatRuns() throws IOException {
        List<String> ran = Snippets.between(Files.readAllLines(SOURCE), "// snippet: begin", "// snippet: end");
        assertEquals(ran, Snippets.firstJavaBlock(Files.readAllLines(Path.of("README.md"))));
        assertEquals(ran, Snippets.javaBlockAfter(Files.readAllLines(Path.of("../../docs/observability.md")),
                "## Micrometer"));
    }

    @Test
    void attachingTheListenerAndTheHandler() {
        ObservationRegistry observationRegistry = ObservationRegistry.create();
        MeterRegistry meterRegistry = new SimpleMeterRegistry();

        // snippet: begin
        CompactionObservations observations = CompactionObservations.create(observationRegistry);
        BackendRegistry registry = BackendRegistry.builder().listener(observations.listener()).build();
        observationRegistry.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meterRegistry))   // the timer, as usual
                .observationHandler(new CompactionMeterHandler(meterRegistry));         // compact4j's meters
        // snippet: end

        // a registry rule, so the snippet's registry compacts without a network
        BackendRegistry offline = BackendRegistry.builder().listener(observations.listener())
                .register("ollama", b -> ToolOutputMaskingCompactor.builder().build()).build();
        offline.compactorFor(Backend.builder().provider("ollama").model("qwen3:8b").build())
                .compact(CompactionRequest.builder().model("qwen3:8b").items(Wire.agentRun(8)).build());
        assertEquals(1, meterRegistry.get("compact4j.compaction").timer().count());
        assertEquals(1, meterRegistry.get("compact4j.compactions").tags("compact4j.strategy", "masking").counter().count());
        assertEquals(1, meterRegistry.get("compact4j.compaction").tags("gen_ai.provider.name", "ollama").timer().count());
        assertTrue(registry.toString().contains("listeners=1"), registry.toString());
    }
}
