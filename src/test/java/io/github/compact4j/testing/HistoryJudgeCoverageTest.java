package io.github.compact4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How many of the generated cases the history judges judge: {@link HistoryJudge} leaves out a
 * format the input itself is not valid in, and this keeps those exclusions from taking over. On
 * fixed seeds, so the figures are exact and the test cannot flicker.
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
                    String verdict = HistoryJudge.inputVerdict(g, s.items());
                    int[] counts = row.computeIfAbsent(g, k -> new int[3]);
                    counts[verdict.equals(HistoryJudge.JUDGED) ? 0 : verdict.equals(HistoryJudge.NO_FORM) ? 1 : 2]++;
                    all++;
                    if (verdict.equals(HistoryJudge.JUDGED)) {
                        judged++;
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder("judged / no form / input refused, per source -> written format:\n");
        table.forEach((f, row) -> row.forEach((g, c) -> report.append(f).append(" -> ").append(g).append(": ")
                .append(c[0]).append(" / ").append(c[1]).append(" / ").append(c[2]).append('\n')));
        System.out.println(report);
        for (ConversationFormat f : ConversationFormat.values()) {
            assertEquals(CASES, table.get(f).get(f)[0], "every case is judged in its own format\n" + report);
            for (ConversationFormat g : ConversationFormat.values()) {
                if (g != ConversationFormat.RESPONSES || f == ConversationFormat.RESPONSES) {
                    // the SDKs refuse no input the library writes, but Chat Completions and Anthropic
                    // conversations written as Responses items (see HistoryJudge)
                    assertEquals(0, table.get(f).get(g)[2], f + " -> " + g + "\n" + report);
                }
            }
        }
        assertTrue(judged * 10 >= all * 6, judged + " of " + all + " judged\n" + report);
    }
}
