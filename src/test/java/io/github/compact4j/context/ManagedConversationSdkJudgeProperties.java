package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRejectedException;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.HistoryJudge;
import io.github.compact4j.testing.ItemsJson;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The official SDKs judge what a {@link ManagedConversation} hands back after it compacted
 * itself a few times, with the library's strategies and a journal in memory or in a file: its
 * current history ({@link ManagedConversation#items()}) and every item ever appended
 * ({@link ManagedConversation#originalItems()}, read back from the journal) are valid in each
 * format the appended conversation is valid in ({@link HistoryJudge}).
 */
class ManagedConversationSdkJudgeProperties {

    private static final TokenCounter COUNTER = TokenCounter.forModel("gpt-5.1");

    enum Strategy { MASKING, SUMMARIZING, HYBRID }

    @Property(tries = 30)
    void theHistoryAndTheOriginalsAfterCompactionsAreValidForTheSdks(@ForAll ConversationFormat format,
            @ForAll Strategy strategy, @ForAll Random r, @ForAll @IntRange(min = 3, max = 15) int every,
            @ForAll boolean inFile) throws IOException {
        HistoryJudge.Source source = HistoryJudge.source(format, r, 16, r.nextBoolean());
        List<Item> items = source.items();
        Path dir = inFile ? Files.createTempDirectory("compact4j-judges") : null;
        ManagedConversation.Builder builder = ManagedConversation.builder().compactor(compactor(strategy, r))
                .model("gpt-5.1").tokenCounter(COUNTER).contextWindow(2_000 + r.nextInt(6_000));
        if (r.nextBoolean()) {
            builder.instructions(MultiFormatConversations.text(r, 5, 30));
        }
        try (ManagedConversation m = builder
                .journal(inFile ? CompactionJournal.jsonLines(dir.resolve("journal.jsonl")) : CompactionJournal.inMemory())
                .policy(CompactionPolicy.builder().minSavingRatio(0).build()).build()) {
            int compacted = 0;
            for (int i = 0; i < items.size(); i++) {
                m.append(items.get(i));
                if ((i + 1) % every == 0) {
                    List<Item> before = m.items();
                    try {
                        m.compact();
                        compacted += m.items().equals(before) ? 0 : 1;
                    } catch (SummaryRejectedException e) {
                        // a middle too small to summarize: the history stays as it was
                    }
                }
            }
            Statistics.label("compactions").collect(compacted == 0 ? "none" : compacted == 1 ? "one" : "several");
            Statistics.label("compactions").coverage(c -> c.check("none").percentage(p -> p <= 60));

            HistoryJudge.judgeEveryFormat(source, m.items());
            List<Item> originals = m.originalItems();
            assertEquals(ItemsJson.of(items), ItemsJson.of(originals));
            HistoryJudge.judgeEveryFormat(source, originals);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static ContextCompactor compactor(Strategy strategy, Random r) {
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(r.nextInt(3))
                .minOutputTokens(10).tokenCounter(COUNTER).build();
        Summarizer inProcess = request -> Summary.of("Summary of " + request.items().size() + " items.");
        SummarizingFallbackCompactor summarizing = SummarizingFallbackCompactor.builder().summarizer(inProcess)
                .keepRecentTokens(r.nextInt(3_000)).tokenCounter(COUNTER).build();
        return switch (strategy) {
            case MASKING -> masking;
            case SUMMARIZING -> summarizing;
            case HYBRID -> HybridCompactor.builder().masking(masking).summarizing(summarizing).tokenCounter(COUNTER).build();
        };
    }
}
