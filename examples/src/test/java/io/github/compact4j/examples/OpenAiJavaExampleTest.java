package io.github.compact4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs OpenAiJavaExample with an empty environment: the openai-java agent loop talks to the
 * stand-in server, and its history compacts through OpenAI's native compaction, the first step of
 * the registry's chain for OpenAI.
 */
class OpenAiJavaExampleTest {

    @Test
    void theLoopStaysInsideTheWindowThroughNativeCompactionAndKeepsEveryItem() throws Exception {
        Printed p = new Printed();
        OpenAiJavaExample.run(Map.of(), p.out);

        AgentLoopRun run = new AgentLoopRun(p, "openai-java", "gpt-5.1");
        run.checkTurns();
        String first = AgentLoopRun.firstStep("openai", "gpt-5.1");
        assertEquals("openai-compact", first, "OpenAI's chain starts with its native compaction");
        // the final answer is two output items: a reasoning item and the message
        run.checkSummary(first, 2);
    }
}
