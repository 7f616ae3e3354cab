package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * What the SDK agent-loop examples (openai-java, anthropic-java) print against the stand-in server,
 * and the checks both share: the per-turn table, the answer, the compactions and the originals.
 *
 * <p>The stand-in, as the agent's model, calls the tool {@link StandInServer#AGENT_TOOL_TURNS}
 * times, then answers. Each tool turn adds three items to the history: the model's two output
 * items (reasoning and the call for OpenAI, text and the tool_use for Anthropic) and the tool's
 * result.
 */
final class AgentLoopRun {

    static final int ITEMS_PER_TOOL_TURN = 3;

    record Turn(int turn, int itemsSent, long tokensSent, int compactions) {}

    final Printed printed;
    final List<Turn> turns;
    final long window;

    AgentLoopRun(Printed printed, String sdk, String model) {
        this.printed = printed;
        this.window = number(printed.line("compact4j with " + sdk + ": " + model.replace(".", "\\.")
                + ", context window ([\\d,]+) tokens").group(1));
        this.turns = printed.lines("\\s+(\\d+)\\s+(\\d+)\\s+([\\d,]+)\\s+(\\d+)").stream()
                .map(m -> new Turn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), number(m.group(3)),
                        Integer.parseInt(m.group(4))))
                .toList();
    }

    /** The chain's first step for the backend, as the registry builds it: the step the stand-in answers. */
    static String firstStep(String provider, String model) {
        String chain = BackendRegistry.withDefaults().compactorFor(Backend.builder().provider(provider).model(model)
                .baseUrl("http://localhost:9").apiKey("sk-unused").environment(Map.of()).build()).name();
        return chain.substring("chain[".length(), chain.indexOf('>'));
    }

    /**
     * One turn per tool call, then the answer; every request inside the window; the history grows
     * by a turn's items until it compacts, and is shorter after.
     */
    void checkTurns() {
        assertEquals(StandInServer.AGENT_TOOL_TURNS + 1, turns.size(), printed.out());
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            assertEquals(i + 1, t.turn());
            assertTrue(t.tokensSent() <= window, "turn " + t.turn() + " sent more than the window: " + t.tokensSent());
            int compactedBefore = i == 0 ? 0 : turns.get(i - 1).compactions();
            assertTrue(t.compactions() >= compactedBefore, printed.out());
            if (i + 1 < turns.size()) {
                Turn next = turns.get(i + 1);
                if (t.compactions() == compactedBefore) {
                    assertEquals(t.itemsSent() + ITEMS_PER_TOOL_TURN, next.itemsSent(),
                            "no compaction in turn " + t.turn() + ", so the next request holds its items too");
                } else {
                    assertTrue(next.itemsSent() < t.itemsSent() + ITEMS_PER_TOOL_TURN,
                            "turn " + t.turn() + " compacted, so the next request is shorter");
                }
            }
        }
        assertTrue(turns.get(turns.size() - 1).compactions() > 0, "the loop outgrew the window: " + printed.out());
    }

    /** The answer, the summary line and the stand-in's call count agree with the table. */
    void checkSummary(String strategy, int finalOutputItems) {
        printed.line("  answer: " + java.util.regex.Pattern.quote(StandInServer.DONE));
        Matcher m = printed.line("  compactions: (\\d+) \\((.+)\\); history now (\\d+) items, ~([\\d,]+) tokens; every item"
                + " kept in the journal: (\\d+) originals");
        int compactions = Integer.parseInt(m.group(1));
        assertEquals(turns.get(turns.size() - 1).compactions(), compactions);
        assertEquals(strategy, m.group(2));
        int originals = Integer.parseInt(m.group(5));
        assertEquals(turns.get(0).itemsSent() + ITEMS_PER_TOOL_TURN * StandInServer.AGENT_TOOL_TURNS + finalOutputItems,
                originals, "every item the loop appended, back from the journal and the history");
        assertTrue(Integer.parseInt(m.group(3)) < originals, m.group());
        assertTrue(number(m.group(4)) <= window, m.group());

        Matcher calls = printed.line("  talked to the local stand-in server \\((\\d+) calls\\), not a model: .*");
        assertEquals(turns.size() + compactions, Integer.parseInt(calls.group(1)), "one call per turn and one per compaction");
    }
}
