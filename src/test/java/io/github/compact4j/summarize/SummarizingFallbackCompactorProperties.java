package io.github.compact4j.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.testing.ItemsJson;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The summarizing compactor over generated conversations in the three formats, with an in-process
 * summarizer that records what it was given.
 */
class SummarizingFallbackCompactorProperties {

    static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    /** A conversation format: how to generate, read and write it. */
    enum Format {
        RESPONSES {
            @Override
            String generate(Random r, int maxTurns, boolean open) {
                return ResponsesItems.toJson(Conversations.generate(r, MultiFormatConversations.options(maxTurns, open)));
            }

            @Override
            List<Item> read(String json) {
                return ResponsesItems.fromJson(json);
            }

            @Override
            ArrayNode messages(String json) {
                return (ArrayNode) parse(json);
            }

            @Override
            String write(List<Item> items) {
                return ResponsesItems.toJson(items);
            }

            @Override
            String append(String json, List<Item> more, Random r) {
                ArrayNode a = messages(json);
                a.addAll(ResponsesItems.toJsonNode(more));
                return a.toString();
            }
        },
        CHAT {
            @Override
            String generate(Random r, int maxTurns, boolean open) {
                return MultiFormatConversations.chatJson(r, maxTurns, open).toString();
            }

            @Override
            List<Item> read(String json) {
                return ChatCompletionsMessages.fromJson(json);
            }

            @Override
            ArrayNode messages(String json) {
                return (ArrayNode) parse(json);
            }

            @Override
            String write(List<Item> items) {
                return ChatCompletionsMessages.toJson(items);
            }

            @Override
            String append(String json, List<Item> more, Random r) {
                ArrayNode chat = ChatCompletionsMessages.toJsonNode(more);
                MultiFormatConversations.decorateChat(chat, r);
                ArrayNode a = messages(json);
                a.addAll(chat);
                return a.toString();
            }
        },
        ANTHROPIC {
            @Override
            String generate(Random r, int maxTurns, boolean open) {
                return MultiFormatConversations.anthropicJson(r, maxTurns, open).toString();
            }

            @Override
            List<Item> read(String json) {
                return AnthropicConversation.fromJson(json).items();
            }

            @Override
            ArrayNode messages(String json) {
                return (ArrayNode) parse(json).get("messages");
            }

            @Override
            String write(List<Item> items) {
                return AnthropicMessages.toConversation(items).toJson();
            }

            @Override
            String append(String json, List<Item> more, Random r) {
                ArrayNode messages = AnthropicMessages.toJsonNode(more);
                MultiFormatConversations.decorateAnthropic(messages, r);
                ObjectNode body = (ObjectNode) parse(json);
                ((ArrayNode) body.get("messages")).addAll(messages);
                return body.toString();
            }
        };

        abstract String generate(Random r, int maxTurns, boolean openCallsAtEnd);

        abstract List<Item> read(String json);

        /** @return the messages (or items) array of a conversation in this format */
        abstract ArrayNode messages(String json);

        abstract String write(List<Item> items);

        /** @return the conversation with more turns (given as items, converted) at its end */
        abstract String append(String json, List<Item> more, Random r);
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static CompactionRequest request(List<Item> items) {
        return CompactionRequest.builder().model("gpt-4o").items(items).build();
    }

    /** A request whose minimum saving is an absolute 300 tokens, not a share. */
    static CompactionRequest request300(List<Item> items) {
        return CompactionRequest.builder().model("gpt-4o").items(items).minSavingRatio(0).minSavingTokens(300).build();
    }

    @Property(tries = 150)
    void compactionKeepsHeadAndTailVerbatimAndNeverOrphansAToolCall(@ForAll Format format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 5000) int keepRecent,
            @ForAll @IntRange(min = 64, max = 3000) int maxToolOutput, @ForAll boolean openCallsAtEnd) {
        String json = format.generate(r, 12, openCallsAtEnd);
        List<Item> items = format.read(json);
        FakeSummarizer fake = new FakeSummarizer();
        SummarizingFallbackCompactor compactor = SummarizingFallbackCompactor.builder()
                .summarizer(fake)
                .keepRecentTokens(keepRecent)
                .maxToolOutputTokens(maxToolOutput)
                .tokenCounter(COUNTER)
                .build();
        List<Item> callerList = new ArrayList<>(items);
        CompactionRequest request = request300(callerList);
        String before = ItemsJson.of(items);

        CompactionResult result = compactor.compact(request);

        assertEquals(before, ItemsJson.of(request.items()), "the request is untouched");
        assertEquals(before, ItemsJson.of(callerList), "the caller's list is untouched");
        assertEquals("summarizing", result.strategy());
        assertEquals(COUNTER.count(items), result.tokensBefore());
        assertEquals(COUNTER.count(result.items()), result.tokensAfter());
        boolean unchanged = result.note().filter(n -> n.startsWith("Unchanged")).isPresent();
        Statistics.label("compacted").collect(!unchanged);
        Statistics.label("compacted").coverage(c -> c.check(true).percentage(pct -> pct > 50));
        if (unchanged) {
            assertEquals(items, result.items());
            assertEquals(result.tokensBefore(), result.tokensAfter());
            return;
        }
        int p = onlySummaryIndex(result.items());
        int kept = result.items().size() - p - 1;
        int tail = items.size() - kept;
        checkSplit(items, result.items(), p, tail, keepRecent);
        checkFed(items.subList(p, tail), fake, maxToolOutput);
        assertEquals(SummaryMessage.of(fake.lastText()), result.items().get(p));
        assertEquals(fake.requests.size(), result.usage().modelCalls());
        assertEquals(fake.requests.size(), result.requestIds().size());
        assertTrue(result.tokensAfter() < result.tokensBefore());

        // back in the conversation's own format: the same messages around one summary message
        String out = format.write(result.items());
        ArrayNode original = format.messages(json);
        ArrayNode written = format.messages(out);
        int q = -1;
        for (int i = 0; i < written.size(); i++) {
            if (written.get(i).toString().contains(SummaryMessage.OPEN_TAG.replace("\"", "\\\""))) {
                assertEquals(-1, q, "one summary message");
                q = i;
            }
        }
        assertTrue(q >= 0, "the summary is in the output");
        assertEquals("user", written.get(q).get("role").textValue());
        for (int i = 0; i < q; i++) {
            assertEquals(original.get(i).toString(), written.get(i).toString(), "head message " + i);
        }
        int after = written.size() - q - 1;
        for (int i = 0; i < after; i++) {
            assertEquals(original.get(original.size() - after + i).toString(), written.get(q + 1 + i).toString(),
                    "tail message " + i);
        }
        if (format == Format.ANTHROPIC) {
            assertEquals(parse(json).get("system"), parse(out).get("system"));
        }
        assertEquals(unpairedIds(items), unpairedIds(format.read(out)), "the output reads back without new orphans");
    }

    @Property(tries = 100)
    void aMiddleLargerThanTheWindowGoesInPartsCarryingTheRunningSummary(@ForAll Format format, @ForAll Random r,
            @ForAll @IntRange(min = 2048, max = 6000) int window) {
        String json = format.generate(r, 25, false);
        List<Item> items = format.read(json);
        FakeSummarizer fake = new FakeSummarizer();
        int maxSummary = 64;
        SummarizingFallbackCompactor compactor = SummarizingFallbackCompactor.builder()
                .summarizer(fake)
                .keepRecentTokens(400)
                .maxSummaryTokens(maxSummary)
                .maxToolOutputTokens(300)
                .summarizerContextWindow(window)
                .tokenCounter(COUNTER)
                .build();
        CompactionResult result = compactor.compact(request300(items));
        Assume.that(!fake.requests.isEmpty());
        int budget = compactor.transcriptBudget(COUNTER, null, fake.requests.get(0).task().orElse(null));
        int total = 0;
        for (int k = 0; k < fake.requests.size(); k++) {
            SummaryRequest call = fake.requests.get(k);
            assertEquals(k + 1, call.part());
            assertEquals(fake.requests.size(), call.parts());
            int transcript = COUNTER.count(call.transcript());
            total += transcript;
            assertTrue(transcript <= budget + budget / 50, "part " + (k + 1) + " has " + transcript
                    + " transcript tokens, over the budget of " + budget);
            int whole = COUNTER.count(call.instructions()) + COUNTER.count(call.userMessage()) + 2 * maxSummary;
            assertTrue(whole <= window, "call " + (k + 1) + " needs " + whole + " tokens of a " + window + " window");
            if (k > 0) {
                assertEquals(fake.answers.get(k - 1).text().strip(), call.previousSummary().orElseThrow(),
                        "the running summary is carried into part " + (k + 1));
            } else {
                assertTrue(call.previousSummary().isEmpty());
            }
        }
        Statistics.label("parts").collect(fake.requests.size() > 1 ? "several" : "one");
        Statistics.label("parts").coverage(c -> c.check("several").percentage(pct -> pct > 30));
        if (total > budget + budget / 50) {
            assertTrue(fake.requests.size() > 1, "a middle of " + total + " transcript tokens over a budget of "
                    + budget + " must go in parts");
        }
        if (result.note().filter(n -> n.startsWith("Unchanged")).isEmpty()) {
            assertEquals(SummaryMessage.of(fake.lastText()), result.items().get(onlySummaryIndex(result.items())));
        }
    }

    @Property(tries = 100)
    void aSecondCompactionRollsTheFirstSummaryForward(@ForAll Format format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 2000) int keepRecent) {
        String json = format.generate(r, 10, false);
        FakeSummarizer first = new FakeSummarizer();
        CompactionResult one = SummarizingFallbackCompactor.builder().summarizer(first).keepRecentTokens(keepRecent)
                .tokenCounter(COUNTER).build().compact(request300(format.read(json)));
        Assume.that(one.note().filter(n -> n.startsWith("Unchanged")).isEmpty());
        String firstSummary = first.lastText();

        List<Item> more = MultiFormatConversations.continuation(r, 6, format != Format.RESPONSES);
        String grown = format.append(format.write(one.items()), more, r);
        List<Item> items = format.read(grown);
        int newTokens = COUNTER.count(more);
        FakeSummarizer second = new FakeSummarizer();
        CompactionResult two = SummarizingFallbackCompactor.builder().summarizer(second)
                .keepRecentTokens(r.nextInt(Math.max(1, newTokens / 2)))
                .tokenCounter(COUNTER).build().compact(request300(items));

        Assume.that(!second.requests.isEmpty());
        Statistics.label("rolled forward").collect(format);
        assertEquals(firstSummary, second.requests.get(0).previousSummary().orElseThrow(),
                "the earlier summary is handed over, not summarized again");
        for (SummaryRequest call : second.requests) {
            assertFalse(call.transcript().contains(SummaryMessage.OPEN_TAG), "no summary inside a summary");
            for (Item it : call.items()) {
                assertFalse(SummaryMessage.isSummary(it));
            }
        }
        if (two.note().filter(n -> n.startsWith("Unchanged")).isEmpty()) {
            int p = onlySummaryIndex(two.items());
            assertEquals(second.lastText(), SummaryMessage.summaryOf(two.items().get(p)).orElseThrow());
        }
    }

    @Property(tries = 100)
    void aRejectedSummaryLeavesEverythingAsItWas(@ForAll Format format, @ForAll Random r,
            @ForAll @IntRange(min = 0, max = 2) int how) {
        String json = format.generate(r, 10, false);
        List<Item> items = format.read(json);
        FakeSummarizer fake = new FakeSummarizer((req, call) -> switch (how) {
            case 0 -> new Summary("  \n ", false, Usage.of(10, 1), List.of("req_" + call));
            case 1 -> new Summary("cut off mid-sen", true, Usage.of(10, 64), List.of("req_" + call));
            default -> new Summary("word ".repeat(COUNTER.count(items) + 100), false,
                    Usage.of(10, 40_000), List.of("req_" + call));
        });
        CompactionRequest request = request(items).toBuilder().minSavingRatio(0).build();
        String before = ItemsJson.of(items);
        SummarizingFallbackCompactor compactor = SummarizingFallbackCompactor.builder().summarizer(fake)
                .keepRecentTokens(200).tokenCounter(COUNTER).build();
        boolean rejected = false;
        try {
            compactor.compact(request);
            assertTrue(fake.requests.isEmpty(), "only a conversation with nothing to summarize comes back");
        } catch (SummaryRejectedException e) {
            rejected = true;
            SummaryRejectedException.Reason expected = switch (how) {
                case 0 -> SummaryRejectedException.Reason.EMPTY;
                case 1 -> SummaryRejectedException.Reason.TRUNCATED;
                default -> SummaryRejectedException.Reason.NOT_SMALLER;
            };
            assertEquals(expected, e.reason());
            assertEquals("req_" + fake.requests.size(), e.requestId().orElseThrow());
            if (how == 1) {
                assertEquals(2, fake.requests.size(), "one retry");
                assertEquals(2 * fake.requests.get(0).maxOutputTokens(), fake.requests.get(1).maxOutputTokens());
            }
        }
        Statistics.label("rejected").collect(rejected);
        Statistics.label("rejected").coverage(c -> c.check(true).percentage(pct -> pct > 50));
        assertEquals(before, ItemsJson.of(request.items()));
        assertEquals(before, ItemsJson.of(items));
    }

    // ---------------------------------------------------------------------------------------

    /** The ids of calls without results and results without calls (open calls at the very end, if any). */
    static List<String> unpairedIds(List<Item> items) {
        List<String> ids = new ArrayList<>();
        for (int i : Turns.unpaired(items)) {
            Item it = items.get(i);
            ids.add(it instanceof ToolResult r ? "result " + r.callId() : "call " + ((ToolCall) it).callId());
        }
        return ids;
    }

    static int onlySummaryIndex(List<Item> items) {
        int p = -1;
        for (int i = 0; i < items.size(); i++) {
            if (SummaryMessage.isSummary(items.get(i))) {
                assertEquals(-1, p, "exactly one summary message");
                p = i;
            }
        }
        assertTrue(p >= 0, "a summary message");
        return p;
    }

    /** Head and tail are the input's own items; the cuts are safe; the tail is the most that fits. */
    static void checkSplit(List<Item> input, List<Item> output, int p, int tail, int keepRecent) {
        assertTrue(p >= Turns.headEnd(input) || SummaryMessage.isSummary(input.get(p)), "the head is kept whole");
        for (int i = 0; i < p; i++) {
            assertSame(input.get(i), output.get(i), "head item " + i);
        }
        for (int i = tail; i < input.size(); i++) {
            assertSame(input.get(i), output.get(p + 1 + i - tail), "tail item " + i);
        }
        BitSet cuts = Turns.safeCuts(input);
        assertTrue(cuts.get(p) && cuts.get(tail), "cut at safe points " + p + " and " + tail);
        List<Item> kept = input.subList(tail, input.size());
        boolean pending = !unpairedIds(input).isEmpty();
        assertTrue(pending || COUNTER.count(kept) <= keepRecent, "the tail fits keepRecentTokens");
        int earlier = cuts.previousSetBit(tail - 1);
        if (earlier >= p && tail > p && !pending) {
            assertTrue(COUNTER.count(input.subList(earlier, input.size())) > keepRecent,
                    "the tail is the longest run of recent turns that fits");
        }
        assertEquals(unpairedIds(input), unpairedIds(output), "no orphaned call or result");
    }

    /** The summarizer got the middle, in order, without earlier summaries, long outputs cut. */
    static void checkFed(List<Item> middle, FakeSummarizer fake, int maxToolOutput) {
        List<Item> fed = new ArrayList<>();
        for (SummaryRequest call : fake.requests) {
            fed.addAll(call.items());
        }
        List<Item> expected = middle.stream().filter(i -> !SummaryMessage.isSummary(i)).toList();
        assertEquals(expected.size(), fed.size());
        for (int i = 0; i < fed.size(); i++) {
            Item want = expected.get(i);
            Item got = fed.get(i);
            if (want instanceof ToolResult w && w.canReplaceOutput() && COUNTER.count(w.outputText()) > maxToolOutput) {
                ToolResult g = (ToolResult) got;
                assertEquals(w.callId(), g.callId());
                assertTrue(COUNTER.count(g.outputText()) <= maxToolOutput + 8, "a long output is cut");
                assertTrue(g.outputText().contains(" tokens cut ...]") || g.outputText().contains(" characters cut ...]"),
                        g.outputText());
                assertTrue(w.outputText().startsWith(g.outputText().substring(0, g.outputText().indexOf("\n[... "))));
            } else {
                assertEquals(want, got, "fed item " + i);
            }
        }
        for (SummaryRequest call : fake.requests) {
            assertFalse(call.transcript().contains(SummaryMessage.OPEN_TAG));
        }
    }
}
