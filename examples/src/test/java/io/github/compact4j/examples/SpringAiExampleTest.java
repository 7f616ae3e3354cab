package io.github.compact4j.examples;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs SpringAiExample with an empty environment: a ChatClient with a tool on the scripted server,
 * the compacting memory inside the tool-calling loop, 30 turns, then the full history.
 */
class SpringAiExampleTest {

    @Test
    void theMemoryCompactsUnderItsBudgetAndGivesBackEveryMessage(@TempDir Path dir) throws Exception {
        Printed p = new Printed();
        SpringAiExample.run(Map.of(), p.out, dir);

        // the ChatClient's default system text goes with each request and is not kept in the memory
        ChatMemoryRun.check(p, dir.resolve("reviewer.jsonl"), 0);
    }
}
