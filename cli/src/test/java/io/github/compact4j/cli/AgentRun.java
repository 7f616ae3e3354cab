package io.github.compact4j.cli;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.FallbackChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a real agent session through {@link ManagedConversation}: a task, then turns of tool
 * calls with sizeable outputs, compacted by masking whenever the policy says so, with a real
 * JSON-lines journal. Whatever logging the JVM is configured with records the compactions, so
 * a test gets a journal and logs written by the library itself.
 *
 * <p>The first tool output holds a fact ({@link #FACT}) that masking later removes: the
 * documentation's debugging session follows it from the log to the journal.
 */
final class AgentRun {

    static final String FACT = "the flaky test only fails with -Dseed=9137";
    static final String MODEL = "gpt-5.1-codex-max";

    final ManagedConversation convo;
    /** What {@code originalItems()} gave just before each compaction, in order. */
    final List<List<Item>> beforeEach = new ArrayList<>();
    final List<Item> appended = new ArrayList<>();
    final Path journal;

    private AgentRun(Path journal, String agent, String backend, String nativeBaseUrl) {
        this.journal = journal;
        ContextCompactor compactor = ToolOutputMaskingCompactor.builder()
                .keepRecentTurns(1)
                .minOutputTokens(20)
                .build();
        if (nativeBaseUrl != null) {
            // OpenAI's native endpoint first, as the registry's chain for openai has it; the test
            // server answers that the model cannot compact, so masking takes over with a WARN line
            compactor = FallbackChain.builder()
                    .then(OpenAiCompactClient.builder().apiKey("sk-test-0123456789abcdef").baseUrl(nativeBaseUrl)
                            .maxRetries(0).build())
                    .then(compactor)
                    .build();
        }
        this.convo = ManagedConversation.builder()
                // the registry wraps every compactor so; this puts compact4j.backend in the MDC
                .compactor(TracingCompactor.builder(compactor).attribute("backend", backend).build())
                .model(MODEL)
                .policy(CompactionPolicy.builder().triggerTokens(1_500).reserveTokens(0).minSavingRatio(0.05).build())
                .journal(CompactionJournal.jsonLines(journal))
                .attribute("agent_id", agent)
                .build();
    }

    /** Runs {@code turns} turns, compacting by masking whenever the policy says so. */
    static AgentRun run(Path journal, String agent, String backend, int turns) {
        return run(journal, agent, backend, turns, null);
    }

    /**
     * Runs {@code turns} turns, compacting whenever the policy says so, and a few appends after
     * the last compaction; with {@code nativeBaseUrl}, each compaction first tries OpenAI's native
     * endpoint there.
     */
    static AgentRun run(Path journal, String agent, String backend, int turns, String nativeBaseUrl) {
        AgentRun run = new AgentRun(journal, agent, backend, nativeBaseUrl);
        run.append(Message.developer("You are a coding agent. Use the tools; keep answers short."));
        run.append(Message.user("Fix the flaky test in OrderServiceTest."));
        for (int t = 0; t < turns; t++) {
            String id = String.format(Locale.ROOT, "call_%s_%02d", agent, t);
            run.append(ToolCall.function(id, t % 2 == 0 ? "read_file" : "run_tests",
                    "{\"path\":\"src/test/java/OrderServiceTest" + t + ".java\"}"));
            run.append(ToolResult.functionOutput(id, output(t)));
            run.append(Message.assistant("Step " + t + " done; looking further."));
            run.append(Message.user("Go on."));
            if (run.convo.needsCompaction()) {
                run.beforeEach.add(run.convo.originalItems());
                run.convo.compactIfNeeded();
            }
        }
        // the agent goes on after its last compaction: these items are not in the journal
        run.append(Message.assistant("All " + turns + " steps done."));
        run.append(Message.user("Thanks, summarize what you found."));
        return run;
    }

    private void append(Item item) {
        appended.add(item);
        convo.append(item);
    }

    private static String output(int turn) {
        StringBuilder b = new StringBuilder();
        if (turn == 0) {
            b.append("NOTE: ").append(FACT).append('\n');
        }
        for (int i = 0; i < 40; i++) {
            b.append("line ").append(i).append(" of output ").append(turn)
                    .append(": assertEquals(expected, orderService.total(order));\n");
        }
        return b.toString();
    }
}
