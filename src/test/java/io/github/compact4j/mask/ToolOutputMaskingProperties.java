package io.github.compact4j.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What masking promises, over generated agent conversations and generated settings: it never
 * breaks a conversation, keeps what it says it keeps, never makes anything bigger, and is stable.
 */
class ToolOutputMaskingProperties {

    private static final String MODEL = "gpt-5.1-codex-max";
    private static final TokenCounter COUNTER = TokenCounter.forModel(MODEL);

    /** The settings a property ran with, kept next to the compactor so they can be asserted on. */
    record Settings(int keepRecentTurns, int minOutputTokens, int maxOutputTokens, boolean truncateRecent,
            boolean dropReasoning) {

        ToolOutputMaskingCompactor compactor() {
            return ToolOutputMaskingCompactor.builder()
                    .keepRecentTurns(keepRecentTurns)
                    .minOutputTokens(minOutputTokens)
                    .maxOutputTokens(maxOutputTokens)
                    .truncateRecentOutputs(truncateRecent)
                    .dropOldEncryptedReasoning(dropReasoning)
                    .build();
        }

        /** The documented boundary: where the last {@code keepRecentTurns} turns begin. */
        int recentFrom(List<Item> items) {
            if (keepRecentTurns == 0) {
                return items.size();
            }
            List<Integer> starts = Turns.turnStarts(items);
            return starts.size() <= keepRecentTurns ? Turns.headEnd(items) : starts.get(starts.size() - keepRecentTurns);
        }
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Arbitraries.oneOf(
                Conversations.agentConversations(Conversations.options().turns(1, 24).maxOutputChars(24_000)),
                Conversations.agentConversations(Conversations.options().turns(1, 12).maxOutputChars(8_000)
                        .openCallsAtEnd(true)));
    }

    @Provide
    Arbitrary<Settings> settings() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 400),
                        Arbitraries.oneOf(Arbitraries.integers().between(1, 4_000), Arbitraries.just(Integer.MAX_VALUE)),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(Settings::new);
    }

    private static CompactionResult mask(ToolOutputMaskingCompactor masking, List<Item> items) {
        return masking.compact(CompactionRequest.builder().model(MODEL).items(items).minSavingRatio(0).build());
    }

    @Property(tries = 150)
    void neverOrphansACallOrAResult(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        List<Item> out = mask(s.compactor(), items).items();
        assertEquals(Turns.unpaired(items), Turns.unpaired(out));
        assertEquals(Turns.safeCuts(items), Turns.safeCuts(out));
    }

    @Property(tries = 150)
    void keepsEveryItemInItsPlaceWithItsTypeAndIds(@ForAll("conversations") List<Item> items,
            @ForAll("settings") Settings s) {
        List<Item> out = mask(s.compactor(), items).items();
        assertEquals(items.size(), out.size());
        for (int i = 0; i < items.size(); i++) {
            Item a = items.get(i);
            Item b = out.get(i);
            assertEquals(a.getClass(), b.getClass(), "class at " + i);
            assertEquals(a.type(), b.type(), "type at " + i);
            assertEquals(a.id(), b.id(), "id at " + i);
            if (a instanceof ToolCall c) {
                assertEquals(c.callId(), ((ToolCall) b).callId(), "call id at " + i);
            }
            if (a instanceof ToolResult r) {
                assertEquals(r.callId(), ((ToolResult) b).callId(), "call id at " + i);
            }
        }
    }

    @Property(tries = 150)
    void leavesTheHeadAndTheRecentTurnsByteIdentical(@ForAll("conversations") List<Item> items,
            @ForAll("settings") Settings settings) {
        Settings s = new Settings(settings.keepRecentTurns(), settings.minOutputTokens(), settings.maxOutputTokens(),
                false, settings.dropReasoning());
        List<Item> out = mask(s.compactor(), items).items();
        int head = Turns.headEnd(items);
        int recentFrom = s.recentFrom(items);
        for (int i = 0; i < items.size(); i++) {
            if (i < head || i >= recentFrom) {
                assertEquals(items.get(i).toJson(), out.get(i).toJson(), "item " + i + " (head " + head
                        + ", recent from " + recentFrom + ")");
            }
        }
    }

    @Property(tries = 150)
    void changesOnlyWhatItDocuments(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        List<Item> out = mask(s.compactor(), items).items();
        int head = Turns.headEnd(items);
        int recentFrom = s.recentFrom(items);
        for (int i = 0; i < items.size(); i++) {
            Item a = items.get(i);
            Item b = out.get(i);
            if (a.toJson().equals(b.toJson())) {
                continue;
            }
            String where = "item " + i + " (head " + head + ", recent from " + recentFrom + ")";
            assertTrue(i >= head, "the head changed at " + where);
            assertTrue(!(a instanceof Message), "a message changed at " + where);
            if (a instanceof Reasoning r) {
                assertTrue(s.dropReasoning() && i < recentFrom, "reasoning changed at " + where);
                assertEquals(r.withoutEncryptedContent().toJson(), b.toJson(), "only encrypted_content goes, " + where);
            } else {
                ToolResult r = (ToolResult) a;
                String text = ((ToolResult) b).outputText();
                boolean masked = text.startsWith("[output of ") && text.contains("(call " + r.callId() + ")");
                boolean cut = COUNTER.count(text) <= s.maxOutputTokens() && text.contains(" cut here to save context ...]");
                assertTrue(i < recentFrom ? masked || cut : s.truncateRecent() && cut, "output changed at " + where
                        + " into: " + text.substring(0, Math.min(200, text.length())));
                assertEquals(r.withOutputText(text).toJson(), b.toJson(), "only the output changes, " + where);
            }
        }
    }

    @Property(tries = 150)
    void masksEveryOldOutputWorthMasking(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        List<Item> out = mask(s.compactor(), items).items();
        int recentFrom = s.recentFrom(items);
        for (int i = Turns.headEnd(items); i < recentFrom; i++) {
            if (items.get(i) instanceof ToolResult r && r.canReplaceOutput()
                    && COUNTER.count(r.outputText()) >= Math.max(s.minOutputTokens(), 60)) {
                // 60 tokens: larger than any placeholder these conversations produce
                String text = ((ToolResult) out.get(i)).outputText();
                assertTrue(text.startsWith("[output of "), "old output at " + i + " was not masked: "
                        + text.substring(0, Math.min(120, text.length())));
            }
            if (s.dropReasoning() && items.get(i) instanceof Reasoning) {
                assertTrue(((Reasoning) out.get(i)).encryptedContent().isEmpty(), "encrypted reasoning kept at " + i);
            }
        }
    }

    @Property(tries = 150)
    void neverMakesAnythingBigger(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        CompactionResult r = mask(s.compactor(), items);
        assertEquals(COUNTER.count(items), r.tokensBefore());
        assertEquals(COUNTER.count(r.items()), r.tokensAfter());
        assertTrue(r.tokensAfter() <= r.tokensBefore(), r.toString());
        for (int i = 0; i < items.size(); i++) {
            assertTrue(COUNTER.count(r.items().get(i)) <= COUNTER.count(items.get(i)), "item " + i + " grew");
        }
        assertEquals(items.size(), r.itemsBefore());
        assertEquals("masking", r.strategy());
        assertEquals(r.tokensAfter() == r.tokensBefore(), r.note().isPresent(), "a note exactly when nothing changed: "
                + r.note().orElse("none"));
    }

    @Property(tries = 150)
    void maskingTwiceIsMaskingOnce(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        ToolOutputMaskingCompactor masking = s.compactor();
        CompactionResult once = mask(masking, items);
        CompactionResult twice = mask(masking, once.items());
        assertEquals(ResponsesItems.toJson(once.items()), ResponsesItems.toJson(twice.items()));
        assertEquals(once.tokensAfter(), twice.tokensAfter());
    }

    @Property(tries = 100)
    void leavesTheCallersItemsAlone(@ForAll("conversations") List<Item> items, @ForAll("settings") Settings s) {
        List<Item> mine = new ArrayList<>(items);
        String before = ResponsesItems.toJson(mine);
        CompactionRequest request = CompactionRequest.builder().model(MODEL).items(mine).minSavingRatio(0).build();
        s.compactor().compact(request);
        assertEquals(before, ResponsesItems.toJson(mine));
        assertEquals(before, ResponsesItems.toJson(request.items()));
    }
}
