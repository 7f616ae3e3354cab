package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The custom baseline never orphans a tool call, keeps the newest share verbatim, and calls the model once. */
class KeepRecentShareCompactorTest {

    /** A step of a generated conversation: what kind, and how many parallel calls. */
    record Step(int kind, int calls, int words) {}

    @Provide
    Arbitrary<List<Item>> conversations() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 40)).as(Step::new);
        return Combinators.combine(step.list().ofMinSize(0).ofMaxSize(60), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.of(true, false)).as(KeepRecentShareCompactorTest::build);
    }

    /** system messages, a task, then user/assistant messages and groups of calls with their results. */
    static List<Item> build(List<Step> steps, int systems, int pendingCalls, boolean interleave) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < systems; i++) {
            items.add(Message.system("rules " + i));
        }
        items.add(Message.user("the task"));
        int id = 0;
        for (Step s : steps) {
            switch (s.kind()) {
                case 0 -> items.add(Message.user("question " + "w ".repeat(s.words())));
                case 1 -> items.add(Message.assistant("answer " + "w ".repeat(s.words())));
                default -> {
                    List<String> ids = new ArrayList<>();
                    for (int c = 0; c < s.calls(); c++) {
                        String callId = "call_" + id++;
                        ids.add(callId);
                        items.add(ToolCall.function(callId, "shell", "{\"n\":" + c + "}"));
                        if (interleave && c % 2 == 1) {
                            items.add(ToolResult.functionOutput(callId, "out " + "x ".repeat(s.words())));
                            ids.remove(callId);
                        }
                    }
                    for (String callId : ids) {
                        items.add(ToolResult.functionOutput(callId, "out " + "x ".repeat(s.words())));
                    }
                }
            }
        }
        for (int i = 0; i < pendingCalls; i++) {
            items.add(ToolCall.function("pending_" + i, "shell", "{}"));
        }
        return items;
    }

    private static KeepRecentShareCompactor compactor(double share, AtomicInteger calls) {
        return KeepRecentShareCompactor.builder().keepShare(share).summarizer((SummaryRequest r) -> {
            calls.incrementAndGet();
            return new Summary("summary of " + r.items().size() + " items", false, Usage.of(100, 10), List.of("req_1"));
        }).build();
    }

    @Property(tries = 400)
    void neverOrphansACallAndKeepsTheNewestShareVerbatim(@ForAll("conversations") List<Item> items,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double share) {
        List<Item> copy = List.copyOf(items);
        AtomicInteger calls = new AtomicInteger();
        CompactionResult r = compactor(share, calls).compact(CompactionRequest.builder().model("gpt-5.1").items(items).build());
        List<Item> out = r.items();
        assertEquals(copy, items, "the caller's list is not changed");

        // nothing unpaired that was paired before; calls still waiting for results are all kept
        Set<String> unpairedBefore = unpairedIds(items);
        Set<String> unpairedAfter = unpairedIds(out);
        assertTrue(unpairedBefore.containsAll(unpairedAfter), "new orphans: " + unpairedAfter);
        for (Item it : items) {
            if (it instanceof ToolCall c && c.callId().startsWith("pending_")) {
                assertTrue(out.contains(it), "pending call kept: " + c.callId());
            }
        }

        boolean summarized = calls.get() > 0;
        Statistics.label("summarized").collect(summarized);
        Statistics.label("summarized").coverage(c -> c.check(true).percentage(pct -> pct > 50));
        Statistics.label("pending calls").collect(unpairedBefore.isEmpty() ? "none" : "some");
        Statistics.label("pending calls").coverage(c -> c.check("some").percentage(pct -> pct > 30));
        if (!summarized) {
            assertEquals(items, out);
            return;
        }
        assertEquals(1, calls.get(), "one model call");
        assertEquals(1, r.usage().modelCalls());
        int lead = 0;
        while (lead < items.size() && items.get(lead) instanceof Message m && m.isInstruction()) {
            lead++;
        }
        assertEquals(items.subList(0, lead), out.subList(0, lead), "leading instructions kept");
        Item summary = out.get(lead);
        assertTrue(summary instanceof Message m && m.text().startsWith(KeepRecentShareCompactor.SUMMARY_HEADER));
        List<Item> tail = out.subList(lead + 1, out.size());
        assertEquals(items.subList(items.size() - tail.size(), items.size()), tail, "the tail is verbatim");
        assertTrue(tail.size() >= Math.ceil(share * items.size()), "at least the newest share is kept");
        assertTrue(Turns.safeCuts(items).get(items.size() - tail.size()), "the cut is a safe cut");
    }

    private static Set<String> unpairedIds(List<Item> items) {
        Set<String> ids = new HashSet<>();
        for (int i : Turns.unpaired(items)) {
            Item it = items.get(i);
            ids.add(it instanceof ToolCall c ? "call:" + c.callId() : "result:" + ((ToolResult) it).callId());
        }
        return ids;
    }

    @Test
    void aCutBetweenACallAndItsResultMovesBackToKeepThePair() {
        List<Item> items = List.of(Message.system("s"), Message.user("task"), Message.assistant("a1"),
                Message.user("u2"), ToolCall.function("c1", "shell", "{}"), ToolCall.function("c2", "shell", "{}"),
                ToolResult.functionOutput("c1", "o1"), ToolResult.functionOutput("c2", "o2"), Message.assistant("done"),
                Message.user("next"));
        // 30% of 10 = 3 newest items: the cut would fall at 7, between c2 and its result
        assertEquals(4, KeepRecentShareCompactor.cut(items, 1, 0.30));
        AtomicInteger calls = new AtomicInteger();
        CompactionResult r = compactor(0.30, calls).compact(CompactionRequest.builder().model("gpt-5.1").items(items).build());
        assertEquals(items.subList(4, 10), r.items().subList(2, r.items().size()));
        assertEquals(List.of(), Turns.unpaired(r.items()));
        assertEquals(1, calls.get());
    }

    @Test
    void nothingToSummarizeMeansNoCall() {
        List<Item> items = List.of(Message.system("s"), ToolCall.function("c1", "shell", "{}"),
                ToolResult.functionOutput("c1", "o1"));
        AtomicInteger calls = new AtomicInteger();
        CompactionResult r = compactor(0.30, calls).compact(CompactionRequest.builder().model("gpt-5.1").items(items).build());
        assertEquals(items, r.items());
        assertEquals(0, calls.get());
        assertTrue(r.note().orElse("").contains("nothing to summarize"));
    }
}
