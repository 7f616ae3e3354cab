package io.github.compact4j.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Masking aims at the request's target: oldest first, it masks only until the conversation is at
 * or under the target, and says so when it cannot get there.
 */
class MaskingTargetProperties {

    private static final String MODEL = "gpt-5.1-codex-max";
    private static final TokenCounter COUNTER = TokenCounter.forModel(MODEL);
    private static final ToolOutputMaskingCompactor MASKING = ToolOutputMaskingCompactor.builder().build();

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Conversations.agentConversations(Conversations.options().turns(4, 24).maxOutputChars(20_000));
    }

    private static CompactionRequest request(List<Item> items, int target) {
        CompactionRequest.Builder b = CompactionRequest.builder().model(MODEL).items(items).minSavingRatio(0);
        return (target > 0 ? b.targetTokens(target) : b).build();
    }

    @Property(tries = 80)
    void landsAtOrUnderTheTargetWhenItCanAndMasksNoMoreThanItNeeds(
            @ForAll("conversations") List<Item> items, @ForAll @DoubleRange(min = 0.0, max = 1.0) double where) {
        int before = COUNTER.count(items);
        CompactionResult all = MASKING.compact(request(items, 0));
        int floor = all.tokensAfter();
        Assume.that(floor < before);
        // a target anywhere from what full masking reaches up to the conversation itself
        int target = floor + (int) Math.round(where * (before - floor));
        Statistics.label("target share of the way down").collect(Math.round(where * 4) / 4.0);

        CompactionResult r = MASKING.compact(request(items, target));
        assertTrue(r.tokensAfter() <= target, () -> r.tokensAfter() + " > target " + target);
        assertTrue(r.note().isEmpty() || !r.note().get().contains("still above"), r.note().orElse(""));
        // minimal: the items it changed are the oldest changes full masking makes, and undoing the
        // last of them would leave the conversation above the target
        List<Integer> changed = changedIndexes(items, r.items());
        List<Integer> everything = changedIndexes(items, all.items());
        assertEquals(everything.subList(0, changed.size()), changed, "a prefix of full masking, oldest first");
        if (!changed.isEmpty()) {
            int last = changed.get(changed.size() - 1);
            int undone = r.tokensAfter() - COUNTER.count(r.items().get(last)) + COUNTER.count(items.get(last));
            assertTrue(undone > target, "one change fewer would already have reached the target");
        }
        assertEquals(List.of(), Turns.unpaired(r.items()));
    }

    @Property(tries = 40)
    void belowWhatMaskingCanReachItMasksEverythingAndSaysSo(@ForAll("conversations") List<Item> items) {
        CompactionResult all = MASKING.compact(request(items, 0));
        Assume.that(all.tokensAfter() < all.tokensBefore());
        int target = Math.max(1, all.tokensAfter() / 2);
        CompactionResult r = MASKING.compact(request(items, target));
        assertEquals(ResponsesItems.toJson(all.items()), ResponsesItems.toJson(r.items()));
        assertTrue(r.note().orElseThrow().contains("still above the target of " + target), r.note().get());
    }

    @Property(tries = 20)
    void atOrUnderTheTargetAlreadyNothingIsMasked(@ForAll("conversations") List<Item> items) {
        int before = COUNTER.count(items);
        CompactionResult r = MASKING.compact(request(items, before));
        assertEquals(items, r.items());
        assertTrue(r.note().orElseThrow().contains("already at or under the target"), r.note().get());
    }

    private static List<Integer> changedIndexes(List<Item> before, List<Item> after) {
        assertEquals(before.size(), after.size());
        return java.util.stream.IntStream.range(0, before.size())
                .filter(i -> !before.get(i).toJson().equals(after.get(i).toJson())).boxed().toList();
    }
}
