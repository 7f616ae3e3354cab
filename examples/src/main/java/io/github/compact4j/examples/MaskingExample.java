package io.github.compact4j.examples;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Compacts a real coding-agent session without calling a model, and shows what that saved.
 *
 * <p>The session ({@code conversations/coding-agent.json}, built by
 * {@code examples/data/make_coding_agent.py}) is an agent fixing a bug in this repository: it
 * lists, reads and greps files, reads git history and runs Maven, over some 180 items. Masking
 * replaces the outputs it has moved past with one-line placeholders, keeps the last three turns
 * as they are, and never removes an item, so every tool call keeps its result.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f examples/pom.xml compile exec:java
 * </pre>
 *
 * No API key, no network. The library's DEBUG line goes to stderr (see {@code logback.xml}); the
 * table goes to stdout.
 */
public final class MaskingExample {

    static final String CONVERSATION = "/conversations/coding-agent.json";
    static final String MODEL = "gpt-5.1-codex-max";
    static final int KEEP_RECENT_TURNS = 3;

    private MaskingExample() {}

    /**
     * Loads the session, masks it and prints the before/after table.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** The example, printing its table to {@code out}: {@link #main} passes stdout, the tests their own stream. */
    static void run(PrintStream out) {
        List<Item> history = load(CONVERSATION);
        // an app holds one counter for its model; loading the tokenizer's vocabulary is a one-off
        // cost of start-up, so it is not part of the compaction's elapsed time below
        TokenCounter.forModel(MODEL);

        ContextCompactor masking = ToolOutputMaskingCompactor.builder()
                .keepRecentTurns(KEEP_RECENT_TURNS)
                .build();
        CompactionRequest request = CompactionRequest.builder()
                .model(MODEL)
                .items(history)
                .attribute("agent_id", "coding-agent")
                .build();
        CompactionResult result = masking.compact(request);

        print(history, result, out);
    }

    static List<Item> load(String resource) {
        try (InputStream in = MaskingExample.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return ResponsesItems.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(List<Item> before, CompactionResult r, PrintStream out) {
        List<Item> after = r.items();
        int outputs = 0;
        int masked = 0;
        int reasoningStripped = 0;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) instanceof ToolResult) {
                outputs++;
                if (!before.get(i).equals(after.get(i))) {
                    masked++;
                }
            }
            if (before.get(i) instanceof Reasoning b && after.get(i) instanceof Reasoning a
                    && b.encryptedContent().isPresent() && a.encryptedContent().isEmpty()) {
                reasoningStripped++;
            }
        }
        List<Integer> starts = Turns.turnStarts(before);
        int recentFrom = starts.size() > KEEP_RECENT_TURNS ? starts.get(starts.size() - KEEP_RECENT_TURNS)
                : Turns.headEnd(before);
        boolean recentVerbatim = true;
        for (int i = recentFrom; i < before.size(); i++) {
            recentVerbatim &= before.get(i).toJson().equals(after.get(i).toJson());
        }
        boolean shape = before.size() == after.size();
        for (int i = 0; shape && i < before.size(); i++) {
            shape = before.get(i).type().equals(after.get(i).type());
        }

        new ResultTable(String.format(Locale.ROOT, "compact4j masking: %s (%s), keepRecentTurns=%d",
                        CONVERSATION.substring(CONVERSATION.lastIndexOf('/') + 1), MODEL, KEEP_RECENT_TURNS))
                .sizes(r)
                .row("tool outputs", String.format(Locale.ROOT, "%,d", outputs), masked + " replaced")
                .row("reasoning stripped", "", Integer.toString(reasoningStripped))
                .outcome(r)
                .print(out);
        out.printf(Locale.ROOT, "%n  unpaired calls/results: %d before, %d after; item types in order: %s;"
                        + " last %d turns verbatim: %s%n%n",
                Turns.unpaired(before).size(), Turns.unpaired(after).size(), shape ? "kept" : "CHANGED",
                KEEP_RECENT_TURNS, recentVerbatim ? "yes" : "no (an oversized output was truncated)");
    }
}
