package io.github.compact4j.hybrid;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.summarize.SummaryRejectedException;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.HistoryJudge;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The official SDKs judge every history {@link HybridCompactor} returns, masked only or masked
 * and summarized, over generated conversations in the three formats: it is valid in each format
 * its input is valid in ({@link HistoryJudge}).
 */
class HybridSdkJudgeProperties {

    @Property(tries = 40)
    void everyHistoryTheHybridReturnsIsValidForTheSdks(@ForAll ConversationFormat format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 3) int keepTurns, @ForAll @DoubleRange(min = 0.05, max = 0.9) double share) {
        HistoryJudge.Source source = HistoryJudge.source(format, r, 14, r.nextBoolean());
        int before = HybridCompactorProperties.COUNTER.count(source.items());
        CompactionRequest request = HybridCompactorProperties.request(source.items(), Math.max(1, (int) (before * share)));
        CompactionResult result;
        try {
            result = HybridCompactorProperties.hybrid(keepTurns, new RecordingSummarizer()).compact(request);
        } catch (SummaryRejectedException e) {
            Statistics.label("steps").collect("summary rejected");
            return;
        }
        Statistics.label("steps").collect(result.steps().toString());
        HistoryJudge.judgeEveryFormat(source, result.items());
    }
}
