package io.github.compact4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs AnthropicJavaExample with an empty environment: the anthropic-java agent loop talks to the
 * stand-in server, and its history compacts through the first step of the registry's chain for
 * Anthropic, Anthropic's own compaction.
 */
class AnthropicJavaExampleTest {

    @Test
    void theLoopStaysInsideTheWindowThroughAnthropicsCompactionAndKeepsEveryItem() throws Exception {
        Printed p = new Printed();
        AnthropicJavaExample.run(Map.of(), p.out);

        AgentLoopRun run = new AgentLoopRun(p, "anthropic-java", "claude-sonnet-4-5");
        run.checkTurns();
        String first = AgentLoopRun.firstStep("anthropic", "claude-sonnet-4-5");
        assertEquals("anthropic-compact", first, "Anthropic's chain starts with its own compaction");
        // the final answer is one item: the text
        run.checkSummary(first, 1);
    }
}
