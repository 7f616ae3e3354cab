package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs MaskingExample and checks every figure of its table against the masking compactor run here
 * on the same session: the example must print what the library gives, and what the README says.
 */
class MaskingExampleTest {

    private static Printed printed;
    private static List<Item> history;
    private static CompactionResult expected;

    @BeforeAll
    static void runTheExampleAndTheCompactorItShows() {
        printed = new Printed();
        MaskingExample.run(printed.out);

        history = MaskingExample.load(MaskingExample.CONVERSATION);
        expected = ToolOutputMaskingCompactor.builder().keepRecentTurns(MaskingExample.KEEP_RECENT_TURNS).build()
                .compact(CompactionRequest.builder().model(MaskingExample.MODEL).items(history).build());
    }

    @Test
    void itemsAndTokensAreTheCompactorsAndTokensGoDown() {
        Matcher items = printed.line("  items\\s+([\\d,]+)\\s+([\\d,]+)");
        assertEquals(history.size(), number(items.group(1)));
        assertEquals(expected.items().size(), number(items.group(2)));
        assertEquals(history.size(), expected.items().size(), "masking removes no item");

        Matcher tokens = printed.line("  tokens\\s+([\\d,]+)\\s+([\\d,]+)");
        long before = number(tokens.group(1));
        long after = number(tokens.group(2));
        assertEquals(expected.tokensBefore(), before);
        assertEquals(expected.tokensAfter(), after);
        assertTrue(after < before, "masking saved nothing: " + before + " -> " + after);

        Matcher saved = printed.line("  saved\\s+([\\d,]+)  \\(([\\d.]+)%\\)");
        assertEquals(before - after, number(saved.group(1)));
        assertEquals(String.format(Locale.ROOT, "%.1f", 100.0 * (before - after) / before), saved.group(2));
    }

    @Test
    void toolOutputsAndReasoningCountsAreWhatTheCompactorChanged() {
        List<Item> after = expected.items();
        int outputs = 0;
        int replaced = 0;
        int stripped = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i) instanceof ToolResult) {
                outputs++;
                replaced += history.get(i).equals(after.get(i)) ? 0 : 1;
            }
            if (history.get(i) instanceof Reasoning b && after.get(i) instanceof Reasoning a
                    && b.encryptedContent().isPresent() && a.encryptedContent().isEmpty()) {
                stripped++;
            }
        }
        assertTrue(replaced > 0, "the session has old tool outputs to mask");
        Matcher row = printed.line("  tool outputs\\s+([\\d,]+)\\s+(\\d+) replaced");
        assertEquals(outputs, number(row.group(1)));
        assertEquals(replaced, number(row.group(2)));
        assertEquals(stripped, number(printed.line("  reasoning stripped\\s+(\\d+)").group(1)));
    }

    @Test
    void everyCallStaysPairedAndTheRecentTurnsAreVerbatim() {
        List<Integer> starts = Turns.turnStarts(history);
        int recentFrom = starts.get(starts.size() - MaskingExample.KEEP_RECENT_TURNS);
        boolean verbatim = true;
        for (int i = recentFrom; i < history.size(); i++) {
            verbatim &= history.get(i).toJson().equals(expected.items().get(i).toJson());
        }
        assertEquals(0, Turns.unpaired(history).size());
        assertEquals(0, Turns.unpaired(expected.items()).size());
        Matcher m = printed.line("  unpaired calls/results: (\\d+) before, (\\d+) after; item types in order: (\\w+);"
                + " last (\\d+) turns verbatim: (.+)");
        assertEquals("0", m.group(1));
        assertEquals("0", m.group(2));
        assertEquals("kept", m.group(3));
        assertEquals(Integer.toString(MaskingExample.KEEP_RECENT_TURNS), m.group(4));
        assertEquals(verbatim ? "yes" : "no (an oversized output was truncated)", m.group(5));
    }

    @Test
    void theOutcomeIsAMaskingWithoutModelCalls() {
        assertEquals(expected.strategy(), printed.line("  strategy\\s+(\\S+)").group(1));
        assertEquals("masking", expected.strategy());
        assertEquals("0", printed.line("  model calls\\s+(\\d+)").group(1));
        printed.line("  trace id\\s+[0-9a-f]{32}");
        printed.line("  elapsed\\s+\\d+ ms");
        assertTrue(printed.out().contains("keepRecentTurns=" + MaskingExample.KEEP_RECENT_TURNS),
                () -> "the title names the setting:\n" + printed.out());
    }

    /** The README's row for this example quotes its size and saving: they must be the ones it prints. */
    @Test
    void theReadmeQuotesTheFiguresTheExamplePrints() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("\\| `MaskingExample`[^|]*\\| masks a real (\\d+)k-token [^|]*: (\\d+)% fewer tokens")
                .matcher(readme);
        assertTrue(row.find(), "the README's examples table has no MaskingExample row with its figures");
        long before = number(printed.line("  tokens\\s+([\\d,]+)\\s+[\\d,]+").group(1));
        double saved = Double.parseDouble(printed.line("  saved\\s+[\\d,]+  \\(([\\d.]+)%\\)").group(1));
        assertEquals(Long.parseLong(row.group(1)), before / 1000, "the README's size in thousands of tokens");
        assertEquals(Long.parseLong(row.group(2)), (long) Math.floor(saved), "the README's saving in whole percent");
    }
}
