package io.github.compact4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How many of the generated cases the history judges judge: {@link HistoryJudge} leaves out a
 * format the library cannot write the input in, and this keeps those exclusions from taking over.
 * On fixed seeds, so the figures are exact and the test cannot flicker.
 *
 * <p>What remains excluded is by design: items with no form in the format. Measured: 410 of 540
 * pairs judged (76%); Responses conversations with hosted or shell items in Chat Completions and
 * Anthropic (22 of 60 each), Anthropic conversations with server-tool blocks in Chat Completions
 * (28), and Anthropic conversations with thinking or server-tool blocks as Responses items (58:
 * those 28, and 30 with thinking blocks only; the generator gives half of the assistant turns
 * with tool calls a thinking block). Before the readers wrote assistant text as string content
 * and the Responses writer refused what has no form, 356 were judged (66%) and 110 Chat and
 * Anthropic inputs written as Responses items were left out as refused by the SDK.
 */
class HistoryJudgeCoverageTest {

    private static final int CASES = 60;

    @Test
    void aLargeMajorityOfTheGeneratedCasesIsJudged() {
        Map<ConversationFormat, Map<ConversationFormat, int[]>> table = new EnumMap<>(ConversationFormat.class);
        int judged = 0;
        int all = 0;
        for (ConversationFormat f : ConversationFormat.values()) {
            Map<ConversationFormat, int[]> row = new EnumMap<>(ConversationFormat.class);
            table.put(f, row);
            for (int seed = 0; seed < CASES; seed++) {
                HistoryJudge.Source s = HistoryJudge.source(f, new Random(seed), 12, seed % 3 == 0);
                for (ConversationFormat g : ConversationFormat.values()) {
                    // an input the library writes and the SDK refuses fails here
                    String verdict = HistoryJudge.inputVerdict(g, s.items());
                    int[] counts = row.computeIfAbsent(g, k -> new int[2]);
                    counts[verdict.equals(HistoryJudge.JUDGED) ? 0 : 1]++;
                    all++;
                    if (verdict.equals(HistoryJudge.JUDGED)) {
                        judged++;
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder("judged / no form, per source -> written format:\n");
        table.forEach((f, row) -> row.forEach((g, c) -> report.append(f).append(" -> ").append(g).append(": ")
                .append(c[0]).append(" / ").append(c[1]).append('\n')));
        System.out.println(report);
        for (ConversationFormat f : ConversationFormat.values()) {
            assertEquals(CASES, table.get(f).get(f)[0], "every case is judged in its own format\n" + report);
        }
        // a generated Chat conversation holds nothing without a form elsewhere: no refusal, no unknown role
        assertEquals(CASES, table.get(ConversationFormat.CHAT).get(ConversationFormat.RESPONSES)[0], report.toString());
        assertEquals(CASES, table.get(ConversationFormat.CHAT).get(ConversationFormat.ANTHROPIC)[0], report.toString());
        assertTrue(judged * 100 >= all * 75, judged + " of " + all + " judged\n" + report);
    }
}
