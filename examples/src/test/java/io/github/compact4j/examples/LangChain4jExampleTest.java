package io.github.compact4j.examples;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs LangChain4jExample with an empty environment: an AiServices agent with a tool on the
 * scripted server, 30 turns on a compacting memory, then its full history.
 */
class LangChain4jExampleTest {

    @Test
    void theMemoryCompactsUnderItsBudgetAndGivesBackEveryMessage(@TempDir Path dir) throws Exception {
        Printed p = new Printed();
        LangChain4jExample.run(Map.of(), p.out, dir);

        // AiServices keeps the system message in the memory, ahead of the turns
        ChatMemoryRun.check(p, dir.resolve("agent.journal.jsonl"), 1);
    }
}
