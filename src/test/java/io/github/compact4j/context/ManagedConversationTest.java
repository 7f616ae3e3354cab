package io.github.compact4j.context;

import io.github.compact4j.logging.TracedCompactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.StaleCompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.tokens.TokenCounter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedConversationTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Keeps the first and the last item and puts one summary message between them. */
    static final class KeepEnds extends TracedCompactor {
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch entered;
        volatile CountDownLatch release;

        @Override
        public String name() {
            return "keep-ends";
        }

        @Override
        protected CompactionResult.Builder doCompact(CompactionRequest r) {
            calls.incrementAndGet();
            if (entered != null) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Item> in = r.items();
            List<Item> out = in.size() <= 2 ? in
                    : List.of(in.get(0), Message.user("summary of " + (in.size() - 2) + " items"), in.get(in.size() - 1));
            TokenCounter c = TokenCounter.forModel(r.model());
            return CompactionResult.builder().strategy(name()).items(out).itemsBefore(in.size())
                    .tokensBefore(c.count(in)).tokensAfter(c.count(out));
        }
    }

    private static Message words(int n) {
        return Message.assistant("word ".repeat(n));
    }

    private static ManagedConversation.Builder convo(ContextCompactor c) {
        return ManagedConversation.builder().compactor(c).model("gpt-5.1").contextWindow(10_000)
                .policy(CompactionPolicy.builder().triggerRatio(0.5).reserveTokens(0).build());
    }

    @Test
    void aCompactorThatCannotHelpIsBackedOffWithOneWarningNotRunOnEveryAppend() {
        AtomicInteger calls = new AtomicInteger();
        ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().build();
        ContextCompactor counted = new TracedCompactor() {
            @Override
            public String name() {
                return "masking";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                calls.incrementAndGet();
                return masking.compact(r).toBuilder(); // a chat without tools: nothing to mask
            }
        };
        ManagedConversation m = ManagedConversation.builder().compactor(counted).model("gpt-5.1").contextWindow(2_000)
                .policy(CompactionPolicy.builder().reserveTokens(0).build())
                .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
        try (LogCapture logs = new LogCapture(ch.qos.logback.classic.Level.WARN, "io.github.compact4j.context")) {
            for (int i = 0; i < 10_000; i++) {
                m.append(i % 2 == 0 ? Message.user("question " + i + " about the module")
                        : Message.assistant("answer " + i + " about the module"));
            }
            // the margin doubles from 5% of the trigger up to the whole trigger: a handful of runs to
            // get there, then one per trigger's worth of growth (the old fixed 5% made it 20 times that)
            long trigger = CompactionPolicy.builder().reserveTokens(0).build().triggerAt(2_000);
            long bound = 6 + m.rawTokens() / trigger;
            assertTrue(calls.get() <= bound, "backed off, not run on every append: " + calls.get() + " runs for "
                    + m.rawTokens() + " tokens, bound " + bound);
            assertTrue(calls.get() >= 2, "it did try");
            List<ch.qos.logback.classic.spi.ILoggingEvent> warned = logs.events();
            assertEquals(1, warned.size(), "one warning for the whole row of runs that did not help");
            String message = warned.get(0).getFormattedMessage();
            assertTrue(message.contains("did not bring the conversation under the trigger"), message);
            assertTrue(message.contains("What would help: a compactor that can remove more"), message);
        }
        assertEquals(10_000, m.size(), "nothing was lost");
    }

    @Test
    void triggersAtTheThresholdAndNotBefore() {
        KeepEnds c = new KeepEnds();
        ManagedConversation m = convo(c).build();
        m.append(Message.user("task"));
        while (m.tokens() + 1100 < 5000) {
            m.append(words(1000));
            assertFalse(m.needsCompaction(), "below the trigger at " + m.tokens());
            assertTrue(m.compactIfNeeded().isEmpty());
        }
        while (!m.needsCompaction()) {
            m.append(words(1000));
        }
        assertTrue(m.tokens() >= 5000);
        CompactionResult r = m.compactIfNeeded().orElseThrow();
        assertEquals(1, c.calls.get());
        assertEquals(3, m.size());
        assertEquals(r.items(), m.items());
        assertTrue(m.tokens() < 5000);
        assertFalse(m.needsCompaction());
    }

    @Test
    void aNullItemIsRejectedByIndexAndNothingOfTheStepIsAppended() {
        ManagedConversation m = convo(new KeepEnds()).build();
        m.append(Message.user("task"));
        long tokens = m.tokens();
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> m.appendAll(java.util.Arrays.asList(words(10), null, words(10))));
        assertEquals("item 1 is null", e.getMessage());
        assertEquals(1, m.size());
        assertEquals(tokens, m.tokens());
    }

    @Test
    void appendsMadeDuringACompactionAreKeptAfterItsResult() throws Exception {
        KeepEnds c = new KeepEnds();
        c.entered = new CountDownLatch(1);
        c.release = new CountDownLatch(1);
        ManagedConversation m = convo(c).build();
        for (int i = 0; i < 10; i++) {
            m.append(words(100));
        }
        CompletableFuture<CompactionResult> running = CompletableFuture.supplyAsync(m::compact, pool);
        assertTrue(c.entered.await(10, TimeUnit.SECONDS));
        Message late1 = Message.user("late one");
        Message late2 = Message.user("late two");
        m.append(late1);
        m.append(late2);
        c.release.countDown();
        CompactionResult r = running.get(10, TimeUnit.SECONDS);
        List<Item> expected = new ArrayList<>(r.items());
        expected.add(late1);
        expected.add(late2);
        assertEquals(expected, m.items());
        assertEquals(TokenCounter.forModel("gpt-5.1").count(expected), m.rawTokens(), "the running total is exact");
    }

    @Test
    void calibratesAgainstReportedUsage() {
        ManagedConversation m = convo(new KeepEnds()).build();
        m.append(Message.user("task"));
        m.append(words(1000));
        ManagedConversation.Snapshot sent = m.snapshot();
        long raw = sent.rawTokens();
        assertEquals(raw, m.tokens());
        m.recordUsage(sent, raw * 13 / 10); // the backend counted 30% more
        assertEquals(1.3, m.calibration(), 0.01);
        assertEquals(Math.round(raw * m.calibration()), m.tokens());
        m.recordUsage(sent, raw * 11 / 10);
        assertEquals(1.2, m.calibration(), 0.01, "moves halfway towards the new observation");
        m.recordUsage(sent, raw * 100);
        assertTrue(m.calibration() <= 4.0);
    }

    @Test
    void aCompactionSavingTooLittleIsNotApplied() {
        ContextCompactor barely = new TracedCompactor() {
            @Override
            public String name() {
                return "barely";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                return CompactionResult.builder().strategy(name()).items(r.items()).itemsBefore(r.items().size())
                        .tokensBefore(1000).tokensAfter(990);
            }
        };
        ManagedConversation m = convo(barely).build();
        for (int i = 0; i < 8; i++) {
            m.append(words(1000));
        }
        List<Item> before = m.items();
        CompactionResult r = m.compactIfNeeded().orElseThrow();
        assertTrue(r.note().orElseThrow().contains("not applied"), r.note().orElseThrow());
        assertEquals(before, m.items());
        assertFalse(m.needsCompaction(), "does not retry at once");
    }

    @Test
    void aFailedCompactionLeavesTheHistoryAsItWas() {
        CompactionException boom = new CompactionException("backend down");
        ContextCompactor failing = new TracedCompactor() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                throw boom;
            }
        };
        ManagedConversation m = convo(failing).build();
        for (int i = 0; i < 8; i++) {
            m.append(words(1000));
        }
        List<Item> before = m.items();
        assertSame(boom, assertThrows(CompactionException.class, m::compactIfNeeded));
        assertEquals(before, m.items());
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheCompaction() {
        CompactionJournal broken = new CompactionJournal() {
            @Override
            public void append(JournalEntry entry) {
                throw new UncheckedIOException(new java.io.IOException("disk full"));
            }

            @Override
            public List<JournalEntry> entries() {
                return List.of();
            }
        };
        ManagedConversation m = convo(new KeepEnds()).journal(broken).build();
        for (int i = 0; i < 8; i++) {
            m.append(words(1000));
        }
        List<Item> before = m.items();
        assertThrows(UncheckedIOException.class, m::compact);
        assertEquals(before, m.items());
    }

    @Test
    void theJournalRecordsEachCompactionsFiguresAndRebuildsAndClosingReleasesItsFile(@TempDir Path dir) {
        Path file = dir.resolve("agent.jsonl");
        ManagedConversation m = convo(new KeepEnds()).journal(CompactionJournal.jsonLines(file)).build();
        for (int i = 0; i < 6; i++) {
            m.append(Message.user("item " + i));
        }
        CompactionResult r = m.compact();
        m.append(Message.user("after"));
        m.rebuild();
        List<JournalEntry> entries = CompactionJournal.jsonLines(file).entries();
        assertEquals(2, entries.size());
        JournalEntry compaction = entries.get(0);
        assertEquals(r.traceId(), compaction.traceId());
        assertEquals(6, compaction.itemsBefore().getAsInt());
        assertEquals(r.items().size(), compaction.itemsAfter().getAsInt());
        assertEquals(r.tokensBefore(), compaction.tokensBefore().getAsInt());
        assertEquals(r.tokensAfter(), compaction.tokensAfter().getAsInt());
        JournalEntry rebuild = entries.get(1);
        assertEquals(JournalEntry.REBUILD, rebuild.strategy());
        assertEquals(List.of(), rebuild.items(), "a marker: the journal plus the history are still everything");
        assertEquals(r.items().size() + 1, rebuild.itemsBefore().getAsInt());
        assertEquals(7, rebuild.itemsAfter().getAsInt());
        assertEquals(7, m.originalItems().size());

        // the file is the conversation's until it closes, then another writer may take it
        CompactionJournal other = CompactionJournal.jsonLines(file);
        JournalEntry extra = JournalEntry.of(null, java.time.Instant.EPOCH, "other", List.of(Message.user("x")));
        assertThrows(IllegalStateException.class, () -> other.append(extra));
        m.close();
        other.append(extra);
        other.close();
        assertThrows(IllegalStateException.class, m::compact, "a closed conversation compacts no more");
        assertEquals(7, m.size(), "but keeps its items");
        m.append(Message.user("still fine"));
        assertEquals(8, m.size(), "and takes more");
    }

    @Test
    void journalInAFileRecoversTheOriginalItemsAcrossCompactions(@TempDir Path dir) {
        Path file = dir.resolve("runs/agent-a.jsonl");
        ManagedConversation m = convo(new KeepEnds()).journal(CompactionJournal.jsonLines(file)).build();
        List<Item> appended = new ArrayList<>();
        List<String> traceIds = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                Message msg = Message.user("round " + round + " item " + i);
                appended.add(msg);
                m.append(msg);
            }
            traceIds.add(m.compact().traceId());
        }
        Message last = Message.user("after the last compaction");
        appended.add(last);
        m.append(last);
        assertEquals(ResponsesItems.toJson(appended), ResponsesItems.toJson(m.originalItems()));
        assertTrue(Files.exists(file));
        assertEquals(3, CompactionJournal.jsonLines(file).entries().size());
        assertEquals(traceIds, CompactionJournal.jsonLines(file).entries().stream().map(JournalEntry::traceId).toList(),
                "each entry carries the trace id of the compaction that wrote it");
    }

    @Test
    void anAnthropicHistoryRecoveredFromAJournalFileKeepsEveryThinkingBlockAndSignature(@TempDir Path dir) {
        String system = "{\"system\":\"You are a coding agent.\",\"messages\":[";
        String journaled = "{\"role\":\"user\",\"content\":\"fix the build\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Run the build first.\","
                + "\"signature\":\"EqQBCkYIARgCIkDsig1==\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\","
                + "\"input\":{\"cmd\":\"mvn -q verify\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"BUILD FAILURE: FooTest\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"},"
                + "{\"type\":\"text\",\"text\":\"FooTest fails; fixing it.\"}]},"
                + "{\"role\":\"user\",\"content\":\"go on\"}";
        String later = "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"The assertion is off by one.\","
                + "\"signature\":\"EqQBCkYIARgCIkDsig2==\"},{\"type\":\"text\",\"text\":\"Fixed.\"}]}";
        Path file = dir.resolve("agent.jsonl");
        ManagedConversation m = convo(new KeepEnds()).journal(CompactionJournal.jsonLines(file))
                .items(AnthropicConversation.fromJson(system + journaled + "]}").items()).build();
        m.compact();
        m.appendAll(AnthropicMessages.fromJson("[" + later + "]"));

        // the journaled items come back from the file with no origin, the later ones with theirs
        String whole = system + journaled + "," + later + "]}";
        String restored = AnthropicMessages.toConversation(m.originalItems()).toJson();
        assertEquals(whole, restored);
        SdkJudges.anthropicConversation(restored);
        m.close();

        // the file alone, as another process reads it
        List<Item> fromFile = new ArrayList<>();
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.entries().forEach(e -> fromFile.addAll(e.items()));
        }
        assertEquals(system + journaled + "]}", AnthropicMessages.toConversation(fromFile).toJson());
    }

    @Test
    void aStaleCompactionItemIsRebuiltFromTheJournal() {
        AtomicInteger calls = new AtomicInteger();
        ContextCompactor nativeLike = new TracedCompactor() {
            @Override
            public String name() {
                return "native-like";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                calls.incrementAndGet();
                if (r.items().stream().anyMatch(i -> i instanceof Compaction)) {
                    throw new StaleCompactionException(CompactionException.details("stale").status(400)
                            .errorCode("invalid_encrypted_content"));
                }
                Item compaction = ResponsesItems.itemFromJson(
                        "{\"type\":\"compaction\",\"id\":\"cmp_" + calls.get() + "\",\"encrypted_content\":\"gAAAA\"}");
                return CompactionResult.builder().strategy(name()).items(List.of(compaction)).itemsBefore(r.items().size())
                        .tokensBefore(TokenCounter.forModel(r.model()).count(r.items())).tokensAfter(5);
            }
        };
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation m = convo(nativeLike).journal(journal).build();
        List<Item> appended = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Message msg = words(200);
            appended.add(msg);
            m.append(msg);
        }
        m.compact();
        Message more = Message.user("more work");
        appended.add(more);
        m.append(more);
        CompactionResult r = m.compact(); // fails on the stale item, rebuilds, compacts the originals
        assertEquals(3, calls.get());
        assertEquals("native-like", r.strategy());
        assertEquals(1, m.size());
        assertEquals(ResponsesItems.toJson(appended), ResponsesItems.toJson(m.originalItems()));
    }

    @Test
    void backgroundModeCompactsOffTheAppendingThread() throws Exception {
        KeepEnds c = new KeepEnds();
        ManagedConversation m = convo(c).executor(pool).autoCompact(ManagedConversation.AutoCompact.BACKGROUND).build();
        while (c.calls.get() == 0 && m.backgroundCompaction().isEmpty()) {
            m.append(words(500));
        }
        m.backgroundCompaction().ifPresent(f -> f.join());
        assertEquals(1, c.calls.get());
        assertFalse(m.needsCompaction());
    }

    @Test
    void onAppendModeCompactsBeforeAppendReturns() {
        KeepEnds c = new KeepEnds();
        ManagedConversation m = convo(c).autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
        while (c.calls.get() == 0) {
            m.append(words(500));
        }
        assertFalse(m.needsCompaction());
        assertEquals(3, m.size());
    }

    @Test
    void withoutAJournalOriginalsAreGoneAndSaySo() {
        ManagedConversation m = convo(new KeepEnds()).build();
        for (int i = 0; i < 5; i++) {
            m.append(words(10));
        }
        m.compact();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::originalItems);
        assertTrue(e.getMessage().contains("journal"), e.getMessage());
    }

    @Test
    void readsTheHistoryBackInEachFormatItWasWrittenIn() {
        String chat = "[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"list files\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"ls\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"a.txt\"}]";
        ManagedConversation m = convo(new KeepEnds()).items(io.github.compact4j.conversation.ChatCompletionsMessages.fromJson(chat)).build();
        assertEquals(chat, m.toChatCompletionsJson());

        String anthropic = "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"list files\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"ls\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"a.txt\"}]}]}";
        io.github.compact4j.conversation.AnthropicConversation in = io.github.compact4j.conversation.AnthropicConversation.fromJson(anthropic);
        ManagedConversation a = convo(new KeepEnds()).items(io.github.compact4j.conversation.AnthropicMessages.fromConversation(in)).build();
        assertEquals(in.toJson(), a.toAnthropic().toJson());
        assertTrue(a.toResponsesJson().startsWith("["));
    }

    @Test
    void anAnthropicHistoryWithThinkingHasNoResponsesFormAndSaysWhichItemStandsInTheWay() {
        String anthropic = "{\"messages\":[{\"role\":\"user\",\"content\":\"list files\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"ls it\",\"signature\":\"Eq==\"},"
                + "{\"type\":\"text\",\"text\":\"Listing.\"}]}]}";
        io.github.compact4j.conversation.AnthropicConversation in = io.github.compact4j.conversation.AnthropicConversation.fromJson(anthropic);
        ManagedConversation a = convo(new KeepEnds()).items(in.items()).build();
        assertEquals(in.toJson(), a.toAnthropic().toJson());
        io.github.compact4j.errors.InvalidConversationException e = assertThrows(
                io.github.compact4j.errors.InvalidConversationException.class, a::toResponsesJson);
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("Write the conversation in the Anthropic Messages format"), e.getMessage());
        // Chat Completions takes no reasoning: the thinking stays behind there
        assertEquals("[{\"role\":\"user\",\"content\":\"list files\"},{\"role\":\"assistant\",\"content\":\"Listing.\"}]",
                a.toChatCompletionsJson());
    }

    @Test
    void theWindowComesFromTheModelCatalogueUnlessGiven() {
        ManagedConversation claude = ManagedConversation.builder().compactor(new KeepEnds()).model("claude-sonnet-4-5").build();
        assertEquals(io.github.compact4j.tokens.ModelCatalog.defaults().lookup("claude-sonnet-4-5").contextWindow(),
                claude.contextWindow());
        ManagedConversation unknown = ManagedConversation.builder().compactor(new KeepEnds()).model("my-own-model").build();
        assertEquals(128_000, unknown.contextWindow());
        assertEquals(42_000, convo(new KeepEnds()).contextWindow(42_000).build().contextWindow());
    }
}
