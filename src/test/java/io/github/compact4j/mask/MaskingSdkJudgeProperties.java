package io.github.compact4j.mask;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.HistoryJudge;
import io.github.compact4j.tokens.TokenCounter;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The official SDKs judge every history {@link ToolOutputMaskingCompactor} returns over generated
 * conversations in the three formats: placeholders, truncated recent outputs and dropped
 * encrypted reasoning included, it is valid in each format its input is valid in
 * ({@link HistoryJudge}).
 */
class MaskingSdkJudgeProperties {

    private static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    @Property(tries = 40)
    void everyHistoryMaskingReturnsIsValidForTheSdks(@ForAll ConversationFormat format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 3) int keepTurns) {
        HistoryJudge.Source source = HistoryJudge.source(format, r, 14, r.nextBoolean());
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(keepTurns)
                .minOutputTokens(10).maxOutputTokens(200 + r.nextInt(2_000)).truncateRecentOutputs(r.nextBoolean())
                .dropOldEncryptedReasoning(r.nextBoolean()).tokenCounter(COUNTER).build();
        CompactionRequest.Builder request = CompactionRequest.builder().model("gpt-5.1").items(source.items())
                .minSavingRatio(0);
        if (r.nextBoolean()) {
            request.targetTokens(1 + r.nextInt(Math.max(1, COUNTER.count(source.items()))));
        }
        CompactionResult result = masking.compact(request.build());
        Statistics.label("outcome").collect(result.tokensAfter() < result.tokensBefore() ? "masked" : "unchanged");
        Statistics.label("outcome").coverage(c -> c.check("masked").percentage(p -> p >= 50));
        HistoryJudge.judgeEveryFormat(source, result.items());
    }
}
