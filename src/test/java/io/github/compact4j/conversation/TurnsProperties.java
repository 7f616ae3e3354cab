package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.testing.Conversations;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Turns over generated conversations, with and without calls left open at the end. */
class TurnsProperties {

    @Property(tries = 300)
    void cuttingAtASafeCutLeavesNothingNewUnpaired(@ForAll("conversations") List<Item> items) {
        List<Integer> before = Turns.unpaired(items);
        BitSet safe = Turns.safeCuts(items);
        for (int cut = safe.nextSetBit(0); cut >= 0; cut = safe.nextSetBit(cut + 1)) {
            List<Integer> sides = new ArrayList<>(Turns.unpaired(items.subList(0, cut)));
            for (int i : Turns.unpaired(items.subList(cut, items.size()))) {
                sides.add(cut + i);
            }
            assertEquals(before, sides, "cut at " + cut);
            assertTrue(cut == 0 || cut == items.size() || !(items.get(cut - 1) instanceof Reasoning),
                    "cut after reasoning at " + cut);
        }
    }

    @Property(tries = 300)
    void everyUnsafeCutSplitsAPairOrAReasoningItemFromItsOutput(@ForAll("conversations") List<Item> items) {
        BitSet safe = Turns.safeCuts(items);
        assertTrue(safe.get(0) && safe.get(items.size()));
        assertEquals(-1, safe.nextSetBit(items.size() + 1));
        int[] resultAt = resultPositions(items);
        for (int cut = 1; cut < items.size(); cut++) {
            boolean splitsPair = false;
            for (int c = 0; c < cut; c++) {
                splitsPair |= resultAt[c] >= cut;
            }
            boolean afterReasoning = items.get(cut - 1) instanceof Reasoning;
            assertEquals(!splitsPair && !afterReasoning, safe.get(cut), "cut at " + cut);
        }
    }

    @Property(tries = 300)
    void droppingTheItemsBetweenTwoSafeCutsKeepsEveryPair(@ForAll("conversationAndCuts") Cut cut) {
        List<Item> items = cut.items();
        List<Item> kept = new ArrayList<>(items.subList(0, cut.from()));
        kept.addAll(items.subList(cut.to(), items.size()));
        List<Integer> expected = new ArrayList<>();
        // only calls left open at the end were unpaired; those dropped with the block are gone
        for (int i : Turns.unpaired(items)) {
            if (i < cut.from()) {
                expected.add(i);
            } else if (i >= cut.to()) {
                expected.add(i - (cut.to() - cut.from()));
            }
        }
        assertEquals(expected, Turns.unpaired(kept));
    }

    @Property(tries = 300)
    void theHeadAndEveryTurnStartAreSafeCuts(@ForAll("conversations") List<Item> items) {
        int head = Turns.headEnd(items);
        BitSet safe = Turns.safeCuts(items);
        assertTrue(safe.get(head), "head end " + head);
        int previous = head - 1;
        for (int start : Turns.turnStarts(items)) {
            assertTrue(start > previous, "ascending after the head: " + Turns.turnStarts(items));
            assertTrue(safe.get(start), "turn start " + start);
            previous = start;
        }
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Arbitraries.oneOf(
                Conversations.agentConversations(Conversations.options().turns(0, 25).maxOutputChars(1_000)),
                Conversations.agentConversations(Conversations.options().turns(1, 25).maxOutputChars(1_000)
                        .openCallsAtEnd(true)));
    }

    /** A conversation and two safe cuts {@code from <= to} in it. */
    record Cut(List<Item> items, int from, int to) {}

    @Provide
    Arbitrary<Cut> conversationAndCuts() {
        return conversations().flatMap(items -> {
            List<Integer> safe = Turns.safeCuts(items).stream().boxed().toList();
            Arbitrary<Integer> pick = Arbitraries.of(safe);
            return Combinators.combine(pick, pick).as((a, b) -> new Cut(items, Math.min(a, b), Math.max(a, b)));
        });
    }

    /** For each call, the index of its result, or -1 (also -1 for every other item). */
    private static int[] resultPositions(List<Item> items) {
        int[] at = new int[items.size()];
        java.util.Arrays.fill(at, -1);
        Map<String, Integer> open = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ToolCall c) {
                open.put(c.resultType() + ' ' + c.callId(), i);
            } else if (items.get(i) instanceof ToolResult r) {
                Integer call = open.remove(r.type() + ' ' + r.callId());
                if (call != null) {
                    at[call] = i;
                }
            }
        }
        return at;
    }
}
