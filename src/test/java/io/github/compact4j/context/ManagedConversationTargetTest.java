package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy's target, end to end: a managed conversation hands it to whichever strategy it was
 * given, and each lands at or under it when it can and says why when it cannot.
 */
class ManagedConversationTargetTest {

    private static final TokenCounter COUNTER = TokenCounter.forModel("gpt-5.1");
    private static final int WINDOW = 40_000;
    private static final CompactionPolicy POLICY = CompactionPolicy.builder().triggerRatio(0.8).targetRatio(0.5)
            .reserveTokens(0).build();

    /** An in-process summarizer: a short fixed summary, counted as one call. */
    private static final AtomicInteger CALLS = new AtomicInteger();

    private static SummarizingFallbackCompactor summarizing() {
        return SummarizingFallbackCompactor.builder()
                .summarizer(r -> {
                    CALLS.incrementAndGet();
                    return Summary.of("The agent ran the tests of " + r.items().size() + " steps; module 7 fails on"
                            + " port 8123.");
                })
                .maxSummaryTokens(512).tokenCounter(COUNTER).build();
    }

    private static ToolOutputMaskingCompactor masking() {
        return ToolOutputMaskingCompactor.builder().tokenCounter(COUNTER).build();
    }

    static Stream<Arguments> strategies() {
        List<Arguments> out = new ArrayList<>();
        Supplier<ContextCompactor> mask = ManagedConversationTargetTest::masking;
        Supplier<ContextCompactor> summary = ManagedConversationTargetTest::summarizing;
        Supplier<ContextCompactor> hybrid = () -> HybridCompactor.builder().masking(masking()).summarizing(summarizing())
                .tokenCounter(COUNTER).build();
        for (Shape shape : Shape.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                out.add(Arguments.of("masking", mask, shape, seed));
                out.add(Arguments.of("summarizing", summary, shape, seed));
                out.add(Arguments.of("hybrid", hybrid, shape, seed));
            }
        }
        return out.stream();
    }

    /** What fills the conversation up to the trigger. */
    enum Shape {
        /** Tool steps with long outputs: masking alone reaches the target. */
        TOOLS,
        /** A few tool steps, then a long chat: masking cannot reach it, a summary can. */
        CHAT,
        /** A system prompt larger than the target: nothing can reach it, and the note says so. */
        LARGE_HEAD
    }

    @ParameterizedTest(name = "{0}, {2} conversation {3}")
    @MethodSource("strategies")
    void everyStrategyLandsAtOrUnderThePolicysTargetOrSaysWhy(String name, Supplier<ContextCompactor> strategy,
            Shape shape, long seed) {
        List<Item> history = new ArrayList<>();
        if (shape == Shape.LARGE_HEAD) {
            history.add(Message.system("Follow the house rules for module builds. ".repeat(2_600)));
        }
        history.addAll(Conversations.generate(new Random(seed), Conversations.options()
                .turns(shape == Shape.TOOLS ? 30 : 3, shape == Shape.TOOLS ? 60 : 5).maxOutputChars(9_000)));
        // the generated history is one the app restores (it may hold an earlier compaction item,
        // which appended as model output would count as a server-side compaction): the part of it
        // below the trigger seeds the conversation
        int restored = 0;
        for (long sum = 0; restored < history.size(); restored++) {
            sum += COUNTER.count(history.get(restored));
            if (sum >= POLICY.triggerAt(WINDOW)) {
                break;
            }
        }
        ManagedConversation convo = ManagedConversation.builder().compactor(strategy.get()).model("gpt-5.1")
                .contextWindow(WINDOW).policy(POLICY).tokenCounter(COUNTER).items(history.subList(0, restored)).build();
        for (int i = 0; !convo.needsCompaction(); i++) {
            convo.append(i % 2 == 0 ? Message.user("Tell me more about module " + i + ". ".repeat(20))
                    : Message.assistant(("Module " + i + " builds in stages and the tests of stage " + i
                            + " pass after the fix. ").repeat(40)));
        }
        int target = POLICY.targetAt(WINDOW);
        long before = convo.rawTokens();
        CALLS.set(0);

        CompactionResult r = convo.compact();

        assertEquals(name, r.strategy());
        String note = r.note().orElse("");
        boolean reached = convo.rawTokens() <= target;
        if (!reached) {
            assertTrue(note.contains("target") || note.contains("minimum saving"), name + " ended at " + convo.rawTokens()
                    + " tokens, above the target of " + target + ", without saying why: " + note);
        } else {
            assertTrue(convo.rawTokens() < before, name + " compacted");
        }
        switch (shape) {
            case TOOLS -> assertTrue(reached, name + " reaches the target on a tool-heavy conversation: " + note);
            case CHAT -> assertEquals(!name.equals("masking"), reached, name + ": " + note);
            // summarizing and the hybrid say the head is above the target; masking, that what it could
            // do is below the minimum saving
            case LARGE_HEAD -> assertTrue(!reached && (note.contains("above the target")
                    || name.equals("masking") && note.contains("below the minimum saving")), name + ": " + note);
        }
        if (name.equals("hybrid") && shape == Shape.CHAT) {
            assertTrue(r.steps().contains("summarizing"), "masking could not reach it: " + r.steps());
            assertTrue(CALLS.get() > 0);
        }
        if (name.equals("hybrid") && r.steps().equals(List.of("masking"))) {
            assertEquals(0, CALLS.get(), "masking reached the target: no summarizer call");
            assertTrue(convo.rawTokens() <= target);
        }
        if (name.equals("masking") && !reached) {
            // it masked all it could and says so, or what it could do was below the minimum saving
            assertTrue(note.contains("still above the target") || note.contains("below the minimum saving"), note);
        }
    }
}
