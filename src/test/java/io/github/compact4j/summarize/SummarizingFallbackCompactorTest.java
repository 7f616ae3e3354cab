package io.github.compact4j.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SummarizingFallbackCompactorTest {

    static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    /** A task, then {@code steps} tool exchanges of about 150 tokens each, then a last answer. */
    static List<Item> agentRun(int steps) {
        List<Item> items = new ArrayList<>();
        items.add(Message.system("You are a careful coding agent."));
        items.add(Message.user("Make the build pass: FooTest fails with expected 3 but was 2."));
        for (int i = 0; i < steps; i++) {
            items.add(Message.assistant("Step " + i + ": checking module " + i + " before changing anything."));
            items.add(ToolCall.function("call_" + i, "shell", "{\"cmd\":\"mvn -q -pl module" + i + " test\"}"));
            items.add(ToolResult.functionOutput("call_" + i, ("[INFO] module" + i + " line of build output with "
                    + "timing 120ms and path src/main/java/App.java\n").repeat(6)));
        }
        items.add(Message.assistant("All modules checked; module 3 holds the off-by-one."));
        return List.copyOf(items);
    }

    /** No minimum saving: these tests look at the cut and the summary, not at the saving rule. */
    static CompactionRequest request(List<Item> items) {
        return CompactionRequest.builder().model("gpt-4o").items(items).minSavingRatio(0).build();
    }

    static SummarizingFallbackCompactor.Builder compactor(Summarizer s) {
        return SummarizingFallbackCompactor.builder().summarizer(s).tokenCounter(COUNTER);
    }

    @Test
    void replacesTheMiddleWithOneSummaryAndReportsWhatItCost() {
        FakeSummarizer fake = new FakeSummarizer();
        List<Item> items = agentRun(12);
        CompactionResult r = compactor(fake).keepRecentTokens(400).build().compact(request(items));

        assertEquals("summarizing", r.strategy());
        assertEquals(1, fake.requests.size());
        assertSame(items.get(0), r.items().get(0));
        assertSame(items.get(1), r.items().get(1));
        assertEquals(SummaryMessage.of(fake.lastText()), r.items().get(2));
        assertEquals(items.get(items.size() - 1), r.items().get(r.items().size() - 1));
        assertEquals(Usage.of(COUNTER.count(fake.requests.get(0).userMessage()), 30), r.usage());
        assertEquals(List.of("req_1"), r.requestIds());
        assertTrue(r.traceId() != null && r.traceId().length() == 32);
        assertEquals("summarizing", r.attempts().get(0).strategy());
        assertTrue(r.note().isEmpty());
        assertTrue(r.savedRatio() > 0.5, "saved " + r.savedRatio());

        SummaryRequest call = fake.requests.get(0);
        assertEquals(SummarizingFallbackCompactor.DEFAULT_PROMPT, call.instructions());
        assertEquals(SummarizingFallbackCompactor.DEFAULT_MAX_SUMMARY_TOKENS, call.maxOutputTokens());
        assertEquals("Make the build pass: FooTest fails with expected 3 but was 2.", call.task().orElseThrow());
        assertTrue(call.transcript().startsWith("[assistant]\nStep 0: checking module 0"), call.transcript());
        assertTrue(call.transcript().contains("[tool call shell, id call_0]\n{\"cmd\":\"mvn -q -pl module0 test\"}"));
        assertTrue(call.transcript().contains("[tool result, id call_0]\n[INFO] module0"));
        assertTrue(call.userMessage().contains("<conversation>\n" + call.transcript() + "\n</conversation>"));
        assertTrue(call.userMessage().endsWith("Write the hand-off summary of the conversation above."));
    }

    @Test
    void aCutOffSummaryIsRetriedOnceWithTwiceTheBudget() {
        FakeSummarizer fake = new FakeSummarizer((req, call) -> call == 1
                ? new Summary("The task is to fix Foo", true, Usage.of(100, 64), List.of("req_a"))
                : new Summary("The task is to fix FooTest; module 3 holds the bug.", false, Usage.of(100, 20), List.of("req_b")));
        CompactionResult r = compactor(fake).keepRecentTokens(300).maxSummaryTokens(64).build().compact(request(agentRun(8)));
        assertEquals(2, fake.requests.size());
        assertEquals(64, fake.requests.get(0).maxOutputTokens());
        assertEquals(128, fake.requests.get(1).maxOutputTokens());
        assertEquals(fake.requests.get(0).transcript(), fake.requests.get(1).transcript());
        assertEquals(List.of("req_a", "req_b"), r.requestIds());
        assertEquals(Usage.builder().inputTokens(200).outputTokens(84).totalTokens(284).cachedInputTokens(0).reasoningTokens(0).modelCalls(2).build(), r.usage());
        assertEquals("The task is to fix FooTest; module 3 holds the bug.",
                SummaryMessage.summaryOf(r.items().get(2)).orElseThrow());
    }

    @Test
    void summarizerFailuresLeaveTheConversationAlone() {
        List<Item> items = agentRun(8);
        CompactionException ours = new CompactionException("backend down");
        CompactionException same = assertThrows(CompactionException.class,
                () -> compactor(req -> { throw ours; }).keepRecentTokens(300).build().compact(request(items)));
        assertSame(ours, same);

        CompactionException wrapped = assertThrows(CompactionException.class, () -> compactor(req -> {
            throw new IllegalStateException("secret conversation text");
        }).keepRecentTokens(300).build().compact(request(items)));
        assertInstanceOf(IllegalStateException.class, wrapped.getCause());
        assertTrue(wrapped.getMessage().contains("java.lang.IllegalStateException"), wrapped.getMessage());
        assertFalse(wrapped.getMessage().contains("secret conversation text"), wrapped.getMessage());
        assertTrue(wrapped.traceId().isPresent());

        assertThrows(CompactionException.class,
                () -> compactor(req -> null).keepRecentTokens(300).build().compact(request(items)));
    }

    /** Hears summarizer calls, as a meter would. */
    static final class SummarizerCalls implements CompactionListener {
        final List<SummarizerCallEvent> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override public void onStart(StartEvent e) { order.add("start " + e.spanId()); }
        @Override public void onSummarizerCall(SummarizerCallEvent e) { calls.add(e); order.add("call " + e.spanId()); }
        @Override public void onSuccess(SuccessEvent e) { order.add("success"); }
        @Override public void onFailure(FailureEvent e) { order.add("failure"); }
    }

    @Test
    void listenersHearEverySummarizerCallWithItsPartUsageAndOutcome() {
        FakeSummarizer fake = new FakeSummarizer((req, call) -> call == 1
                ? new Summary("The task is to fix Foo", true, Usage.of(100, 64), List.of("req_a"))
                : new Summary("The task is to fix FooTest; module 3 holds the bug.", false, Usage.of(90, 20), List.of("req_b")));
        SummarizerCalls heard = new SummarizerCalls();
        CompactionResult r = TracingCompactor.builder(compactor(fake).keepRecentTokens(300).maxSummaryTokens(64).build())
                .listener(heard).build().compact(request(agentRun(8)));

        assertEquals(2, heard.calls.size(), "the cut-off call and its retry");
        CompactionListener.SummarizerCallEvent first = heard.calls.get(0);
        CompactionListener.SummarizerCallEvent second = heard.calls.get(1);
        assertEquals(r.traceId(), first.traceId());
        assertEquals("summarizing", first.strategy());
        assertEquals(null, first.model(), "a summarizer of the app's own does not name its model");
        assertEquals(1, first.part());
        assertEquals(1, first.parts());
        assertEquals(Usage.of(100, 64), first.usage());
        assertEquals(List.of("req_a"), first.requestIds());
        assertTrue(first.succeeded());
        assertEquals(Usage.of(90, 20), second.usage());
        assertEquals(List.of("req_b"), second.requestIds());
        assertFalse(second.start().isBefore(first.start()));
        assertFalse(first.duration().isNegative());
        assertEquals(r.usage(), first.usage().plus(second.usage()), "the calls add up to the result's usage");
        String span = first.spanId();
        assertEquals(List.of("start " + span, "call " + span, "call " + span, "success"), heard.order);

        // a failed call is told too, with what it threw, before the call's own failure
        SummarizerCalls failed = new SummarizerCalls();
        CompactionException down = new CompactionException("backend down");
        assertThrows(CompactionException.class, () -> TracingCompactor.builder(compactor(req -> { throw down; })
                .keepRecentTokens(300).build()).listener(failed).build().compact(request(agentRun(8))));
        assertEquals(1, failed.calls.size());
        assertSame(down, failed.calls.get(0).failure());
        assertEquals(Usage.NONE, failed.calls.get(0).usage());
        assertEquals("failure", failed.order.get(2));

        // nobody listening: the compaction runs the same
        assertEquals(r.items(), compactor(new FakeSummarizer((req, call) -> call == 1
                ? new Summary("The task is to fix Foo", true, Usage.of(100, 64), List.of("req_a"))
                : new Summary("The task is to fix FooTest; module 3 holds the bug.", false, Usage.of(90, 20), List.of("req_b"))))
                .keepRecentTokens(300).maxSummaryTokens(64).build().compact(request(agentRun(8))).items());
    }

    @Test
    void aTargetSizesTheVerbatimTailSoTheResultLandsUnderIt() {
        List<Item> items = agentRun(40);
        SummarizingFallbackCompactor compactor = compactor(new FakeSummarizer()).keepRecentTokens(20_000)
                .maxSummaryTokens(256).build();
        int before = COUNTER.count(items);
        CompactionResult untargeted = compactor.compact(request(items));
        assertTrue(untargeted.note().orElseThrow().startsWith("Unchanged: nothing to summarize"),
                "20,000 verbatim tokens hold the whole run: " + untargeted.note().get());

        int target = before / 3;
        CompactionResult aimed = compactor.compact(request(items).toBuilder().targetTokens(target).build());
        assertTrue(aimed.tokensAfter() <= target, aimed.tokensAfter() + " > " + target);
        assertTrue(aimed.note().isEmpty(), aimed.note().orElse(""));
        assertEquals(List.of(), Turns.unpaired(aimed.items()));

        CompactionResult tooLow = compactor.compact(request(items).toBuilder().targetTokens(40).build());
        assertTrue(tooLow.tokensAfter() > 40);
        assertTrue(tooLow.note().orElseThrow().contains("is above the target of 40: the head"), tooLow.note().get());
    }

    @Test
    void belowTheMinimumSavingNothingIsCalledAndTheNoteSaysWhy() {
        FakeSummarizer fake = new FakeSummarizer();
        List<Item> items = agentRun(4);
        CompactionResult r = SummarizingFallbackCompactor.builder().summarizer(fake).tokenCounter(COUNTER)
                .keepRecentTokens(100).build().compact(request(items).toBuilder().minSavingRatio(0.95).build());
        assertEquals(items, r.items());
        assertTrue(fake.requests.isEmpty());
        assertTrue(r.note().orElseThrow().startsWith("Unchanged: summarizing would save at most"), r.note().get());
        assertTrue(r.note().get().contains("below the minimum saving of"));
        assertEquals(r.tokensBefore(), r.tokensAfter());

        CompactionResult all = compactor(fake).keepRecentTokens(1_000_000).build().compact(request(items));
        assertTrue(all.note().orElseThrow().startsWith("Unchanged: nothing to summarize"), all.note().get());
        assertTrue(fake.requests.isEmpty());
    }

    @Test
    void aSummarySavingTooLittleAfterTheCallIsNotUsed() {
        FakeSummarizer fake = new FakeSummarizer((req, call) -> new Summary(
                "word ".repeat(COUNTER.count(req.items()) - 150), false, Usage.of(10, 10), List.of("req_x")));
        List<Item> items = agentRun(6);
        CompactionResult r = compactor(fake).keepRecentTokens(200).build()
                .compact(request(items).toBuilder().minSavingTokens(200).build());
        assertEquals(items, r.items());
        assertEquals(1, fake.requests.size());
        assertTrue(r.note().orElseThrow().startsWith("Unchanged: the summary saves"), r.note().get());
        assertEquals(List.of("req_x"), r.requestIds(), "the call that was made is still reported");
    }

    @Test
    void anOpenAiCompactionItemInTheMiddleIsNamedAsUnreadable() {
        List<Item> items = new ArrayList<>(agentRun(6));
        items.add(3, ResponsesItems.itemFromJson("{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAAB\"}"));
        FakeSummarizer fake = new FakeSummarizer();
        CompactionResult r = compactor(fake).keepRecentTokens(200).build().compact(request(items));
        assertTrue(fake.requests.get(0).transcript().contains(Transcript.COMPACTION_NOTE));
        assertTrue(r.note().orElseThrow().contains("1 OpenAI compaction item(s), which only OpenAI can read"));
        assertTrue(r.portable(), "the unreadable item is gone from the result");
    }

    @Test
    void anOversizedToolOutputIsCutToItsBeginningAndEnd() {
        List<Item> items = new ArrayList<>(agentRun(2));
        StringBuilder big = new StringBuilder("FIRST LINE of the log\n");
        for (int i = 0; i < 4000; i++) {
            big.append("noise line ").append(i).append(" with some words\n");
        }
        big.append("BUILD FAILURE: expected 3 but was 2");
        items.add(3, ToolCall.function("call_big", "shell", "{\"cmd\":\"mvn test\"}"));
        items.add(4, ToolResult.functionOutput("call_big", big.toString()));
        FakeSummarizer fake = new FakeSummarizer();
        compactor(fake).keepRecentTokens(100).maxToolOutputTokens(300).build().compact(request(items));
        ToolResult fed = (ToolResult) fake.requests.get(0).items().stream()
                .filter(i -> i instanceof ToolResult t && t.callId().equals("call_big")).findFirst().orElseThrow();
        String out = fed.outputText();
        assertTrue(COUNTER.count(out) <= 300, COUNTER.count(out) + " tokens");
        assertTrue(out.startsWith("FIRST LINE of the log"));
        assertTrue(out.endsWith("BUILD FAILURE: expected 3 but was 2"));
        assertTrue(out.contains("tokens cut ...]"));
    }

    @Test
    void aSummaryWhereTheTaskWouldBeIsRolledForwardNotKept() {
        List<Item> items = new ArrayList<>();
        items.add(Message.system("rules"));
        items.add(SummaryMessage.of("Earlier: the user wants FooTest fixed."));
        items.addAll(agentRun(8).subList(2, agentRun(8).size()));
        FakeSummarizer fake = new FakeSummarizer();
        CompactionResult r = compactor(fake).keepRecentTokens(300).build().compact(request(items));
        assertEquals("Earlier: the user wants FooTest fixed.", fake.requests.get(0).previousSummary().orElseThrow());
        assertTrue(fake.requests.get(0).task().isEmpty());
        assertTrue(fake.requests.get(0).userMessage().contains(
                "<previous_summary>\nEarlier: the user wants FooTest fixed.\n</previous_summary>"));
        assertTrue(fake.requests.get(0).userMessage().endsWith(
                "Write one updated hand-off summary that merges the previous summary with the conversation above."));
        assertEquals(1, r.items().stream().filter(SummaryMessage::isSummary).count());
        assertEquals(SummaryMessage.of(fake.lastText()), r.items().get(1));
    }

    @Test
    void callsStillWaitingForTheirResultsStayEvenPastTheBudget() {
        List<Item> items = new ArrayList<>(agentRun(8));
        items.add(ToolCall.function("call_wait_1", "shell", "{\"cmd\":\"mvn verify\"}"));
        items.add(ToolCall.function("call_wait_2", "shell", "{\"cmd\":\"git status\"}"));
        FakeSummarizer fake = new FakeSummarizer();
        CompactionResult r = compactor(fake).keepRecentTokens(0).build().compact(request(items));
        List<Item> out = r.items();
        assertEquals(items.get(items.size() - 2), out.get(out.size() - 2));
        assertEquals(items.get(items.size() - 1), out.get(out.size() - 1));
        assertTrue(fake.requests.get(0).items().stream()
                .noneMatch(i -> i instanceof ToolCall c && c.callId().startsWith("call_wait")));
    }

    @Test
    void aCustomPromptAndBudgetReachTheSummarizer() {
        FakeSummarizer fake = new FakeSummarizer();
        compactor(fake).prompt("Summarize tersely.").maxSummaryTokens(500).keepRecentTokens(300).build()
                .compact(request(agentRun(6)));
        assertEquals("Summarize tersely.", fake.requests.get(0).instructions());
        assertEquals(500, fake.requests.get(0).maxOutputTokens());
    }

    @Test
    void aChatConversationComesBackInChatFormatWithOneUserSummaryMessage() {
        String json = ChatCompletionsMessages.toJson(agentRun(10));
        FakeSummarizer fake = new FakeSummarizer((req, call) -> Summary.of("Fixing FooTest; module 3 is next."));
        List<Item> items = ChatCompletionsMessages.fromJson(json);
        CompactionResult r = compactor(fake).keepRecentTokens(250).build().compact(request(items));
        String out = ChatCompletionsMessages.toJson(r.items());
        String head = "[{\"role\":\"system\",\"content\":\"You are a careful coding agent.\"},"
                + "{\"role\":\"user\",\"content\":\"Make the build pass: FooTest fails with expected 3 but was 2.\"},";
        assertTrue(json.startsWith(head) && out.startsWith(head), out);
        String summary = "{\"role\":\"user\",\"content\":\"<conversation_summary generator=\\\"compact4j\\\">\\n"
                + SummaryMessage.PREAMBLE + "\\n\\nFixing FooTest; module 3 is next.\\n</conversation_summary>\"}";
        assertTrue(out.startsWith(head + summary + ","), out);
        String tail = out.substring((head + summary + ",").length(), out.length() - 1);
        assertTrue(json.endsWith(tail + "]"), "the tail is the input's last messages, byte for byte");
        assertTrue(tail.startsWith("{\"role\":\"assistant\""), tail);
    }

    @Test
    void anAnthropicRequestBodyKeepsItsSystemPromptAndSettings() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"system\":\"Be careful.\",\"messages\":"
                + io.github.compact4j.conversation.AnthropicMessages.toJson(agentRun(10).subList(1, agentRun(10).size()))
                + "}";
        AnthropicConversation conversation = AnthropicConversation.fromJson(body);
        FakeSummarizer fake = new FakeSummarizer();
        CompactionResult r = compactor(fake).keepRecentTokens(250).build().compact(request(conversation.items()));
        String out = conversation.withItems(r.items()).toJson();
        assertTrue(out.startsWith("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"system\":\"Be careful.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Make the build pass"), out);
        assertTrue(out.contains("{\"role\":\"user\",\"content\":\"<conversation_summary generator"), out);
    }

    @Test
    void logsCarryFiguresNeverContent() {
        Logger logger = (Logger) LoggerFactory.getLogger(SummarizingFallbackCompactor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            compactor(new FakeSummarizer()).keepRecentTokens(300).build().compact(request(agentRun(8)));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        assertFalse(appender.list.isEmpty());
        for (ILoggingEvent e : appender.list) {
            String line = e.getFormattedMessage() + " " + e.getKeyValuePairs();
            assertFalse(line.contains("FooTest") || line.contains("module0") || line.contains("careful"), line);
        }
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThrows(IllegalStateException.class, () -> SummarizingFallbackCompactor.builder().build());
        assertThrows(IllegalArgumentException.class, () -> SummarizingFallbackCompactor.builder().keepRecentTokens(-1));
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().minSavingRatio(1.5));
        assertThrows(IllegalArgumentException.class, () -> SummarizingFallbackCompactor.builder().chunkTokens(10));
        assertThrows(IllegalArgumentException.class, () -> SummarizingFallbackCompactor.builder().prompt(" "));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> SummarizingFallbackCompactor
                .builder().summarizer(new FakeSummarizer()).summarizerContextWindow(4096).maxSummaryTokens(1000).build());
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
        SummarizingFallbackCompactor c = compactor(new FakeSummarizer()).build();
        assertEquals("summarizing", c.name());
        assertFalse(c.toString().contains("hand-off"), c.toString());
    }

    @Test
    void summaryMessagesAreRecognisedOnlyByTheirOpeningTag() {
        Message m = SummaryMessage.of("  the summary \n");
        assertTrue(SummaryMessage.isSummary(m));
        assertEquals("the summary", SummaryMessage.summaryOf(m).orElseThrow());
        assertEquals(Message.USER, m.role());
        assertFalse(SummaryMessage.isSummary(Message.user("quoting " + SummaryMessage.OPEN_TAG)));
        assertFalse(SummaryMessage.isSummary(Message.assistant(SummaryMessage.OPEN_TAG)));
        assertTrue(SummaryMessage.summaryOf(Message.user("hello")).isEmpty());
    }

    @Test
    void transcriptCutsKeepTheEndsAndFitTheBudget() {
        String text = "BEGIN " + "filler words here ".repeat(2000) + " END";
        for (int budget : new int[] {20, 64, 300, 1000, 5000}) {
            String cut = Transcript.cut(text, budget, COUNTER);
            assertTrue(COUNTER.count(cut) <= Math.max(budget, 12), budget + ": " + COUNTER.count(cut));
            if (budget >= 64) {
                assertTrue(cut.startsWith("BEGIN") && cut.endsWith("END"), cut);
            }
        }
        assertSame(text, Transcript.cut(text, 1_000_000, COUNTER));
        assertTrue(cutText(text, 64).contains(" tokens cut ...]"), "a text a few times the budget is counted");
        String emoji = "\uD83D\uDE00".repeat(3000);
        String cut = Transcript.cut(emoji, 100, COUNTER);
        assertFalse(Character.isLowSurrogate(cut.charAt(0)));
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 1)));
    }

    private static String cutText(String text, int budget) {
        return Transcript.cut(text, budget, COUNTER);
    }

    @Test
    void aToolOutputOfMegabytesIsCutWithoutBeingCountedWhole() {
        String log = "BUILD START\n" + "[INFO] compiling module 42 of the billing service\n".repeat(100_000)
                + "[ERROR] InvoiceTest failed\nBUILD FAILURE";
        int[] longest = {0};
        TokenCounter watching = new TokenCounter() {
            @Override
            public int count(String text) {
                longest[0] = Math.max(longest[0], text.length());
                return COUNTER.count(text);
            }

            @Override
            public int count(Item item) {
                return COUNTER.count(item);
            }
        };
        String cut = Transcript.cut(log, 500, watching);
        assertTrue(COUNTER.count(cut) <= 500, "fits: " + COUNTER.count(cut));
        assertTrue(cut.startsWith("BUILD START") && cut.endsWith("BUILD FAILURE"), "both ends kept");
        assertTrue(cut.contains(" characters cut ...]"), cut.substring(0, 200));
        assertTrue(longest[0] < log.length() / 100, "never counted whole: longest text counted " + longest[0]);
        // the marker's figure is the number of characters between the kept ends
        int from = cut.indexOf("\n[... ");
        int to = cut.indexOf(" characters cut ...]\n");
        int kept = cut.length() - (to + " characters cut ...]\n".length()) + from;
        assertEquals(log.length() - kept, Integer.parseInt(cut.substring(from + "\n[... ".length(), to)));
    }
}
