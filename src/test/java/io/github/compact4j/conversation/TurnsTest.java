package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Head, turns, safe cuts and pairing on small conversations whose answers can be read off. */
class TurnsTest {

    private static final Item SYSTEM = Message.system("You are a coding agent.");
    private static final Item DEVELOPER = Message.developer("Run the tests after each change.");
    private static final Item TASK = Message.user("Fix the rounding bug.");
    private static final Item LATER = Message.user("Also update the README.");
    private static final Item ANSWER = Message.assistant("Done.");

    private static Item reasoning(String id) {
        return ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"id\":\"" + id + "\",\"summary\":[]}");
    }

    private static Item call(String id) {
        return ToolCall.function(id, "read_file", "{}");
    }

    private static Item result(String id) {
        return ToolResult.functionOutput(id, "contents of " + id);
    }

    private static Item shellCall(String id) {
        return ResponsesItems.itemFromJson("{\"type\":\"shell_call\",\"call_id\":\"" + id + "\",\"action\":{\"commands\":[\"ls\"]}}");
    }

    private static Item shellResult(String id) {
        return ResponsesItems.itemFromJson("{\"type\":\"shell_call_output\",\"call_id\":\"" + id + "\",\"output\":[]}");
    }

    private static Item webSearch() {
        return ResponsesItems.itemFromJson("{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\"}");
    }

    @Test
    void headIsTheLeadingInstructionsAndTheFirstUserMessage() {
        assertEquals(0, Turns.headEnd(List.of()));
        assertEquals(1, Turns.headEnd(List.of(TASK)));
        assertEquals(3, Turns.headEnd(List.of(SYSTEM, DEVELOPER, TASK, ANSWER)));
        assertEquals(2, Turns.headEnd(List.of(DEVELOPER, TASK, LATER)), "only the first user message is the task");
        assertEquals(1, Turns.headEnd(List.of(SYSTEM, ANSWER, TASK)), "an assistant message ends the head");
        assertEquals(0, Turns.headEnd(List.of(ANSWER, TASK)));
        assertEquals(0, Turns.headEnd(List.of(call("c"), result("c"))));
        Item compaction = ResponsesItems.itemFromJson("{\"type\":\"compaction\",\"encrypted_content\":\"x\"}");
        assertEquals(1, Turns.headEnd(List.of(TASK, compaction)), "the output of /responses/compact");
    }

    @Test
    void aTurnIsAUserMessageOrTheModelsNextStepAfterResults() {
        // 0 task | 1 reasoning 2 call 3 call 4 result 5 result | 6 answer | 7 user 8 reasoning 9 call 10 result | 11 answer
        List<Item> items = List.of(TASK, reasoning("rs_1"), call("a"), call("b"), result("b"), result("a"),
                ANSWER, LATER, reasoning("rs_2"), call("c"), result("c"), ANSWER);
        assertEquals(List.of(1, 6, 7, 11), Turns.turnStarts(items));
    }

    @Test
    void theModelItemAfterAUserMessageContinuesTheUsersTurn() {
        assertEquals(List.of(1), Turns.turnStarts(List.of(TASK, LATER, reasoning("rs_1"), call("a"), result("a"))));
        assertEquals(List.of(0, 1), Turns.turnStarts(List.of(ANSWER, LATER, ANSWER)), "no head");
        assertEquals(List.of(2, 3), Turns.turnStarts(List.of(SYSTEM, TASK, ANSWER, LATER, ANSWER)));
        // hosted items are model output and continue the model's turn
        assertEquals(List.of(1), Turns.turnStarts(List.of(TASK, webSearch(), ANSWER)));
        assertEquals(List.of(), Turns.turnStarts(List.of(SYSTEM, TASK)));
        assertEquals(List.of(), Turns.turnStarts(List.of()));
    }

    @Test
    void safeCutsKeepPairsAndReasoningTogether() {
        // 0 task 1 reasoning 2 call 3 result 4 answer
        List<Item> items = List.of(TASK, reasoning("rs_1"), call("a"), result("a"), ANSWER);
        assertEquals(bits(0, 1, 4, 5), Turns.safeCuts(items));

        // parallel calls answered in another order: nothing between the first call and the last result
        List<Item> parallel = List.of(TASK, call("a"), call("b"), result("b"), result("a"), ANSWER);
        assertEquals(bits(0, 1, 5, 6), Turns.safeCuts(parallel));

        // an unanswered call at the end does not forbid anything
        List<Item> open = List.of(TASK, ANSWER, call("z"));
        assertEquals(bits(0, 1, 2, 3), Turns.safeCuts(open));

        assertEquals(bits(0), Turns.safeCuts(List.of()));
        assertEquals(bits(0, 1), Turns.safeCuts(List.of(reasoning("rs_9"))), "the ends are always safe");
    }

    @Test
    void pairsAreMatchedByKindAndCallId() {
        // a shell result does not answer a function call with the same id
        List<Item> items = List.of(TASK, call("x"), shellResult("x"), shellCall("y"), shellResult("y"), ANSWER);
        assertEquals(List.of(1, 2), Turns.unpaired(items));
        assertEquals(bits(0, 1, 2, 3, 5, 6), Turns.safeCuts(items));
    }

    @Test
    void unpairedFindsOrphansDuplicatesAndOpenCalls() {
        assertEquals(List.of(), Turns.unpaired(List.of(TASK, call("a"), result("a"))));
        assertEquals(List.of(1), Turns.unpaired(List.of(TASK, result("a"), call("b"), result("b"))), "result without call");
        assertEquals(List.of(1, 2), Turns.unpaired(List.of(TASK, result("a"), call("a"))), "result before its call");
        assertEquals(List.of(3), Turns.unpaired(List.of(TASK, call("a"), result("a"), result("a"))), "answered twice");
        assertEquals(List.of(1), Turns.unpaired(List.of(TASK, call("a"), call("a"), result("a"))), "duplicate call id");
        assertEquals(List.of(2, 3), Turns.unpaired(List.of(TASK, ANSWER, call("p"), call("q"))), "calls still open");
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }
}
