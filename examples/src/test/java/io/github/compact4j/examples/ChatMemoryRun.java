package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The checks the framework-memory examples (LangChain4j, Spring AI) share. Both run 30 turns
 * against the scripted server on a 4,000-token memory: each turn is the user's message, the model's
 * call of {@code readFile}, the tool's result and the model's answer, two model calls; every
 * compaction is a summary, at least one more call.
 */
final class ChatMemoryRun {

    static final int TURNS = 30;
    static final int BUDGET = 4_000;
    static final int MESSAGES_PER_TURN = 4;
    static final int MODEL_CALLS_PER_TURN = 2;

    private ChatMemoryRun() {}

    /**
     * @param journalFile where the example was told to keep its journal
     * @param heldOutsideTurns messages the memory holds besides the turns' (a system message)
     */
    static void check(Printed p, Path journalFile, int heldOutsideTurns) throws IOException {
        assertEquals("talking to the local stand-in server (no model)", p.out().lines().findFirst().orElse(""));

        List<Matcher> checkpoints = p.lines("turn (\\d+): (\\d+) messages held, (\\d+) tokens; answer: (.*)");
        assertEquals(List.of("10", "20", "30"), checkpoints.stream().map(m -> m.group(1)).toList(), p.out());
        for (Matcher m : checkpoints) {
            assertTrue(Integer.parseInt(m.group(3)) <= BUDGET, "over the budget: " + m.group());
            assertTrue(Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1)) * MESSAGES_PER_TURN,
                    "the memory compacted instead of holding every message: " + m.group());
            assertEquals(ScriptedAgentServer.ANSWER, m.group(4), "the turn ended with the model's answer after the tool ran");
        }

        Matcher largest = p.line("largest history: (\\d+) tokens \\(budget " + BUDGET + ", compacts at (\\d+)\\)");
        assertTrue(Integer.parseInt(largest.group(1)) <= BUDGET, largest.group());
        assertTrue(Integer.parseInt(largest.group(2)) < BUDGET, "it compacts before the budget: " + largest.group());

        Matcher journal = p.line("journal: (.+), (\\d+) compactions");
        assertEquals(journalFile.toString(), journal.group(1));
        int compactions = Integer.parseInt(journal.group(2));
        assertTrue(compactions > 0, journal.group());
        JournalFiles.assertReleased(journalFile);
        List<JournalEntry> entries = CompactionJournal.jsonLines(journalFile).entries();
        assertEquals(compactions, entries.size(), "the journal file holds one entry per compaction");
        for (JournalEntry e : entries) {
            assertEquals(SummarizingFallbackCompactor.NAME, e.strategy());
            assertTrue(!e.items().isEmpty(), "an entry keeps the messages it replaced");
        }

        Matcher full = p.line("full history back from the (?:store|repository) and the journal: (\\d+) messages");
        assertEquals(heldOutsideTurns + TURNS * MESSAGES_PER_TURN, Integer.parseInt(full.group(1)),
                "every message of every turn, back from the journal and the memory");

        Matcher calls = p.line("stand-in server: (\\d+) calls, (\\d+) of them summaries");
        int summaries = Integer.parseInt(calls.group(2));
        assertEquals(TURNS * MODEL_CALLS_PER_TURN + summaries, Integer.parseInt(calls.group(1)));
        assertTrue(summaries >= compactions, "each compaction asked the model for a summary: " + calls.group());
    }
}
