package io.github.compact4j.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolOutputMaskingCompactorTest {

    private static final String MODEL = "gpt-5.1-codex-max";
    private static final TokenCounter COUNTER = TokenCounter.forModel(MODEL);

    /** A grep-like listing: realistic, and every line distinct so a cut is visible. */
    static String listing(String prefix, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            sb.append("src/main/java/io/github/compact4j/").append(prefix).append(i % 17).append(".java:")
                    .append(i).append(":    return counter.count(items.subList(").append(i).append(", n));\n");
        }
        return sb.toString();
    }

    static Reasoning reasoning(String id, String summary, String encrypted) {
        return (Reasoning) ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"id\":\"" + id
                + "\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"" + summary + "\"}]"
                + (encrypted != null ? ",\"encrypted_content\":\"" + encrypted + "\"" : "") + "}");
    }

    /** developer, task, then {@code turns} turns of [reasoning, call, result], then an answer turn. */
    static List<Item> agentConversation(int turns, int outputLines) {
        List<Item> items = new ArrayList<>();
        items.add(Message.developer("You are a coding agent. Use the tools to inspect the repository."));
        items.add(Message.user("The token count is off by one after compaction. Find and fix the bug."));
        for (int t = 0; t < turns; t++) {
            items.add(reasoning("rs_" + t, "Look at part " + t, "gAAAA" + "x".repeat(400) + t));
            items.add(ToolCall.function("call_" + t, t % 2 == 0 ? "grep" : "read_file",
                    "{\"path\":\"src/" + t + "\"}"));
            items.add(ToolResult.functionOutput("call_" + t, listing("Part" + t + "_", outputLines)));
        }
        items.add(Message.assistant("The bug is in the sublist bounds; fixed."));
        return items;
    }

    static CompactionRequest request(List<Item> items) {
        return CompactionRequest.builder().model(MODEL).items(items).minSavingRatio(0).build();
    }

    @Test
    void aMaskingThatSavesLessThanTheRequestsMinimumIsNotApplied() {
        List<Item> items = agentConversation(6, 60);
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().build();
        CompactionResult applied = masking.compact(request(items));
        double saved = applied.savedRatio();
        assertTrue(saved > 0.2 && saved < 0.99, applied.toString());

        CompactionResult refused = masking.compact(request(items).toBuilder().minSavingRatio(saved + 0.005).build());
        assertEquals(items, refused.items(), "the one minimum-saving rule of the request decides");
        assertEquals(refused.tokensBefore(), refused.tokensAfter());
        assertTrue(refused.note().orElseThrow().startsWith("Unchanged: masking would save "), refused.note().get());

        CompactionResult atTheMinimum = masking.compact(request(items).toBuilder().minSavingRatio(saved - 0.005).build());
        assertEquals(applied.items(), atTheMinimum.items());
    }

    @Test
    void masksOldOutputsAndKeepsHeadAndRecentTurnsVerbatim() {
        List<Item> items = agentConversation(6, 60);
        String before = ResponsesItems.toJson(items);
        CompactionResult r = ToolOutputMaskingCompactor.builder().build().compact(request(items));

        List<Item> out = r.items();
        assertEquals(items.size(), out.size());
        List<Integer> starts = Turns.turnStarts(items);
        int recentFrom = starts.get(starts.size() - 3);
        for (int i = 0; i < items.size(); i++) {
            Item a = items.get(i);
            Item b = out.get(i);
            assertEquals(a.type(), b.type(), "type at " + i);
            if (i < Turns.headEnd(items) || i >= recentFrom) {
                assertEquals(a.toJson(), b.toJson(), "item " + i + " must be untouched");
            }
        }
        // turns 0..4 are old ([reasoning, call, result] each; the 6th turn's answer turn and the
        // last tool turn and the one before are recent)
        ToolResult masked = (ToolResult) out.get(4);
        assertEquals("call_0", masked.callId());
        String text = masked.outputText();
        int originalTokens = COUNTER.count(((ToolResult) items.get(4)).outputText());
        assertEquals("[output of grep (call call_0) removed to save context: " + originalTokens
                + " tokens, 60 lines; run the tool again if you need it]", text);
        assertEquals("[output of read_file (call call_1) removed to save context: "
                + COUNTER.count(((ToolResult) items.get(7)).outputText())
                + " tokens, 60 lines; run the tool again if you need it]", ((ToolResult) out.get(7)).outputText());
        // old reasoning loses its encrypted content but keeps its id and summary
        Reasoning oldReasoning = (Reasoning) out.get(2);
        assertTrue(oldReasoning.encryptedContent().isEmpty());
        assertEquals("rs_0", oldReasoning.id().orElseThrow());
        assertEquals("Look at part 0", oldReasoning.summaryText());

        assertEquals("masking", r.strategy());
        assertEquals(Usage.NONE, r.usage());
        assertEquals(items.size(), r.itemsBefore());
        assertEquals(COUNTER.count(items), r.tokensBefore());
        assertEquals(COUNTER.count(out), r.tokensAfter());
        assertTrue(r.tokensAfter() < r.tokensBefore() / 2, r.toString());
        assertTrue(r.note().isEmpty());
        assertEquals(32, r.traceId().length());
        assertEquals(before, ResponsesItems.toJson(items), "the request's items are untouched");
        assertEquals(List.of(), Turns.unpaired(out));
    }

    @Test
    void recentTurnCountDecidesWhatIsOld() {
        List<Item> items = agentConversation(6, 60);
        CompactionResult keepAll = ToolOutputMaskingCompactor.builder().keepRecentTurns(20).build().compact(request(items));
        assertSame(items.get(4), keepAll.items().get(4));
        assertEquals(keepAll.tokensBefore(), keepAll.tokensAfter());
        assertEquals("nothing to mask: the conversation has 7 turns after its head and the last 20 are kept verbatim",
                keepAll.note().orElseThrow());

        CompactionResult keepNone = ToolOutputMaskingCompactor.builder().keepRecentTurns(0).build().compact(request(items));
        long masked = keepNone.items().stream()
                .filter(i -> i instanceof ToolResult t && t.outputText().startsWith("[output of")).count();
        assertEquals(6, masked);
        assertEquals(items.get(items.size() - 1), keepNone.items().get(items.size() - 1));
    }

    @Test
    void smallOutputsStayAndTheNoteSaysWhy() {
        List<Item> items = agentConversation(5, 1);
        CompactionResult r = ToolOutputMaskingCompactor.builder().dropOldEncryptedReasoning(false).build()
                .compact(request(items));
        assertEquals(ResponsesItems.toJson(items), ResponsesItems.toJson(r.items()));
        assertEquals(r.tokensBefore(), r.tokensAfter());
        assertEquals("nothing to mask: 3 tool outputs are too small to be worth a placeholder (minOutputTokens 100);"
                + " encrypted reasoning is kept (dropOldEncryptedReasoning is off)", r.note().orElseThrow());

        // with no minimum, a one-line output is still kept: its placeholder would not be smaller
        CompactionResult none = ToolOutputMaskingCompactor.builder().minOutputTokens(0)
                .dropOldEncryptedReasoning(false).build().compact(request(items));
        assertEquals(ResponsesItems.toJson(items), ResponsesItems.toJson(none.items()));
    }

    @Test
    void noteWhenThereAreNoOldToolOutputs() {
        List<Item> items = new ArrayList<>();
        items.add(Message.system("Be brief."));
        items.add(Message.user("hi"));
        for (int i = 0; i < 5; i++) {
            items.add(Message.assistant("answer " + i));
            items.add(Message.user("question " + i));
        }
        CompactionResult r = ToolOutputMaskingCompactor.builder().build().compact(request(items));
        assertEquals("nothing to mask: there are no tool outputs before the last 3 turns", r.note().orElseThrow());
        assertEquals("nothing to mask: the conversation is empty",
                ToolOutputMaskingCompactor.builder().build().compact(request(List.of())).note().orElseThrow());
    }

    @Test
    void truncatesOversizedOutputsInRecentTurnsKeepingBothEnds() {
        List<Item> items = agentConversation(2, 20);
        String huge = listing("Huge", 3000);
        items.set(7, ToolResult.functionOutput("call_1", huge));
        int hugeTokens = COUNTER.count(huge);
        assertTrue(hugeTokens > 20_000, "tokens " + hugeTokens);

        CompactionResult r = ToolOutputMaskingCompactor.builder().maxOutputTokens(1_000).build().compact(request(items));
        String cut = ((ToolResult) r.items().get(7)).outputText();
        assertTrue(COUNTER.count(cut) <= 1_000, "tokens " + COUNTER.count(cut));
        assertTrue(COUNTER.count(cut) > 900, "most of the budget is used: " + COUNTER.count(cut));
        String[] lines = cut.split("\n");
        String[] original = huge.split("\n");
        assertEquals(original[0], lines[0]);
        assertEquals(original[original.length - 1], lines[lines.length - 1]);
        String marker = lines[java.util.Arrays.asList(lines).indexOf(
                java.util.Arrays.stream(lines).filter(l -> l.startsWith("[...")).findFirst().orElseThrow())];
        assertTrue(marker.matches("\\[\\.\\.\\. \\d+ of " + hugeTokens + " tokens \\(\\d+ lines\\) cut here to save context \\.\\.\\.]"),
                marker);
        // every kept line is a whole original line, in order: the cut fell on line boundaries
        int markerAt = java.util.Arrays.asList(lines).indexOf(marker);
        for (int i = 0; i < markerAt; i++) {
            assertEquals(original[i], lines[i]);
        }
        int fromEnd = lines.length - markerAt - 1;
        for (int i = 1; i <= fromEnd; i++) {
            assertEquals(original[original.length - i], lines[lines.length - i]);
        }
        int cutLines = Integer.parseInt(marker.replaceAll(".*\\((\\d+) lines\\).*", "$1"));
        assertEquals(original.length, markerAt + fromEnd + cutLines);
        // the other items are untouched; nothing old here was big enough to mask
        for (int i = 0; i < items.size(); i++) {
            if (i != 7 && !(items.get(i) instanceof Reasoning)) {
                assertEquals(items.get(i).toJson(), r.items().get(i).toJson(), "item " + i);
            }
        }

        CompactionResult off = ToolOutputMaskingCompactor.builder().maxOutputTokens(1_000).truncateRecentOutputs(false)
                .build().compact(request(items));
        assertEquals(huge, ((ToolResult) off.items().get(7)).outputText());
    }

    @Test
    void maskingTwiceChangesNothingMore() {
        List<Item> items = agentConversation(8, 200);
        items.set(items.size() - 2, ToolResult.functionOutput("call_7", listing("Big", 2_000)));
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().maxOutputTokens(2_000)
                .minOutputTokens(0).build();
        CompactionResult once = masking.compact(request(items));
        CompactionResult twice = masking.compact(request(once.items()));
        assertEquals(ResponsesItems.toJson(once.items()), ResponsesItems.toJson(twice.items()));
        assertEquals(once.tokensAfter(), twice.tokensBefore());
        assertEquals(twice.tokensBefore(), twice.tokensAfter());
        assertTrue(twice.note().orElseThrow().contains("already masked"), twice.note().orElseThrow());
    }

    @Test
    void customPlaceholderIsUsedAndRecognisedAgain() {
        List<Item> items = agentConversation(5, 80);
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder()
                .placeholder("<elided tool={tool} id={call_id} size={chars} chars/{tokens} tokens>").build();
        CompactionResult r = masking.compact(request(items));
        String first = ((ToolResult) r.items().get(4)).outputText();
        String original = ((ToolResult) items.get(4)).outputText();
        assertEquals("<elided tool=grep id=call_0 size=" + original.length() + " chars/" + COUNTER.count(original)
                + " tokens>", first);
        assertEquals(ResponsesItems.toJson(r.items()), ResponsesItems.toJson(masking.compact(request(r.items())).items()));
    }

    @Test
    void badTemplatesFailWhenBuilt() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ToolOutputMaskingCompactor.builder().placeholder("[{tool} output: {tokns} tokens removed]"));
        assertEquals("placeholder uses unknown variable {tokns} at character 16; known: {call_id}, {chars}, {lines},"
                + " {tokens}, {tool}", unknown.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> ToolOutputMaskingCompactor.builder().placeholder("{tool} {tokens}"));
        assertTrue(bare.getMessage().startsWith("placeholder needs some fixed wording"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().truncationMarker(" "));
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().truncationMarker("{tool} cut"));
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().keepRecentTurns(-1));
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().minOutputTokens(-1));
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().maxOutputTokens(0));
    }

    @Test
    void structuredOutputsAreMaskedButNeverTruncatedAndScreenshotsStay() {
        String big = listing("Shell", 200);
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Run the tests."));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"shell_call\",\"call_id\":\"sh_1\",\"action\":{\"commands\":[\"mvn test\"]},\"status\":\"completed\"}"));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"shell_call_output\",\"call_id\":\"sh_1\",\"output\":[{\"stdout\":"
                + quote(big) + ",\"stderr\":\"warning\",\"outcome\":{\"type\":\"exit\",\"exit_code\":1}}]}"));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"computer_call\",\"call_id\":\"cu_1\",\"action\":{\"type\":\"screenshot\"},\"pending_safety_checks\":[],\"status\":\"completed\"}"));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"computer_call_output\",\"call_id\":\"cu_1\",\"output\":{\"type\":\"computer_screenshot\",\"image_url\":\"data:image/png;base64,"
                + "A".repeat(4000) + "\"}}"));
        items.add(Message.assistant("Tests fail."));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"shell_call\",\"call_id\":\"sh_2\",\"action\":{\"commands\":[\"mvn test\"]},\"status\":\"completed\"}"));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"shell_call_output\",\"call_id\":\"sh_2\",\"output\":[{\"stdout\":"
                + quote(big) + ",\"stderr\":\"\",\"outcome\":{\"type\":\"exit\",\"exit_code\":0}}]}"));

        CompactionResult r = ToolOutputMaskingCompactor.builder().keepRecentTurns(1).maxOutputTokens(500).build()
                .compact(request(items));
        ToolResult shell = (ToolResult) r.items().get(2);
        assertTrue(shell.outputText().startsWith("[output of shell (call sh_1) removed"), shell.outputText());
        assertEquals("{\"type\":\"exit\",\"exit_code\":1}", shell.field("output").orElseThrow().get(0).get("outcome").toString());
        assertEquals(items.get(4).toJson(), r.items().get(4).toJson(), "a screenshot keeps its structure");
        assertEquals(items.get(7).toJson(), r.items().get(7).toJson(), "recent shell chunks are not truncated");
        assertEquals(List.of(), Turns.unpaired(r.items()));
    }

    @Test
    void resultWithoutItsCallNamesAnUnknownTool() {
        List<Item> items = new ArrayList<>(List.of(Message.user("go"),
                ToolResult.functionOutput("orphan", listing("Orphan", 50))));
        for (int i = 0; i < 4; i++) {
            items.add(Message.user("next " + i));
        }
        CompactionResult r = ToolOutputMaskingCompactor.builder().build().compact(request(items));
        assertTrue(((ToolResult) r.items().get(1)).outputText().startsWith("[output of an unknown tool (call orphan)"));
    }

    @Test
    void usesTheGivenTokenCounterForDecisionsAndFigures() {
        AtomicInteger calls = new AtomicInteger();
        TokenCounter chars = new TokenCounter() {
            @Override
            public int count(String text) {
                calls.incrementAndGet();
                return text.length();
            }

            @Override
            public int count(Item item) {
                return item.jsonLength();
            }
        };
        List<Item> items = agentConversation(5, 3);
        CompactionResult r = ToolOutputMaskingCompactor.builder().tokenCounter(chars).build().compact(request(items));
        assertEquals(chars.count(items), r.tokensBefore());
        assertEquals(chars.count(r.items()), r.tokensAfter());
        assertTrue(calls.get() > 0);
        // measured in characters, three short lines are big enough to mask
        assertTrue(((ToolResult) r.items().get(4)).outputText().contains(" tokens, 3 lines;"));
        assertNotEquals(r.tokensBefore(), r.tokensAfter());
    }

    @Test
    void encryptedReasoningIsKeptWhenAsked() {
        List<Item> items = agentConversation(5, 60);
        CompactionResult r = ToolOutputMaskingCompactor.builder().dropOldEncryptedReasoning(false).build()
                .compact(request(items));
        assertEquals(items.get(2).toJson(), r.items().get(2).toJson());
        assertFalse(((ToolResult) r.items().get(4)).outputText().startsWith("src/"));
    }

    @Test
    void toStringNamesSettingsOnly() {
        ToolOutputMaskingCompactor m = ToolOutputMaskingCompactor.builder().keepRecentTurns(2).build();
        assertEquals("ToolOutputMaskingCompactor{keepRecentTurns=2, minOutputTokens=100, maxOutputTokens=8000,"
                + " truncateRecentOutputs=true, dropOldEncryptedReasoning=true}", m.toString());
        assertEquals(m.toString(), m.toBuilder().build().toString());
        assertEquals("masking", m.name());
    }

    private static String quote(String s) {
        return io.github.compact4j.internal.Json.NODES.textNode(s).toString();
    }
}
