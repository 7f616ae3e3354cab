package io.github.compact4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompactingChatMemoryTest {

    static final String BIG = "x ".repeat(400);

    static CompactingChatMemory.Builder memory(ContextCompactor compactor, InMemoryChatMemoryStore store, CompactionJournal journal) {
        return CompactingChatMemory.builder().id("m").compactor(compactor).model("gpt-4o-mini").maxTokens(1_000)
                .chatMemoryStore(store).journal(journal);
    }

    static List<ChatMessage> toolTurn(int n) {
        ToolExecutionRequest r = ToolExecutionRequest.builder().id("call_" + n).name("read").arguments("{}").build();
        return List.of(UserMessage.from("turn " + n), AiMessage.from(r), ToolExecutionResultMessage.from(r, BIG),
                AiMessage.from("done " + n));
    }

    @Test
    void aRequestWithoutItsResultIsNotReturnedAndNothingIsCompactedBetweenThem() {
        AtomicInteger calls = new AtomicInteger();
        ContextCompactor counting = new ContextCompactor() {
            @Override public String name() { return "counting"; }
            @Override public io.github.compact4j.CompactionResult compact(CompactionRequest request) {
                calls.incrementAndGet();
                return ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build().compact(request);
            }
        };
        CompactingChatMemory m = memory(counting, new InMemoryChatMemoryStore(), CompactionJournal.inMemory()).build();
        m.add(UserMessage.from("task"));
        ToolExecutionRequest a = ToolExecutionRequest.builder().id("a").name("read").arguments("{}").build();
        ToolExecutionRequest b = ToolExecutionRequest.builder().id("b").name("grep").arguments("{}").build();
        m.add(AiMessage.from("reading", List.of(a, b)));
        m.add(ToolExecutionResultMessage.from(a, BIG + BIG + BIG));   // over the trigger, b still open

        assertEquals(0, calls.get(), "no compaction while b waits for its result");
        List<ChatMessage> sent = m.messages();
        // the AI message goes out without the open request, and its answered result stays
        assertEquals(List.of(UserMessage.from("task"), AiMessage.from("reading", List.of(a)),
                ToolExecutionResultMessage.from(a, BIG + BIG + BIG)), sent);

        m.add(ToolExecutionResultMessage.from(b, "2 matches"));
        assertEquals(1, calls.get(), "compacted once both results were in");
        // the masking kept the last turn whole, so both requests go out with their results
        assertEquals(4, m.messages().size());
        assertEquals(AiMessage.from("reading", List.of(a, b)), m.messages().get(1));
    }

    @Test
    void aFailedCompactionKeepsTheWholeHistory() {
        ContextCompactor failing = new ContextCompactor() {
            @Override public String name() { return "failing"; }
            @Override public io.github.compact4j.CompactionResult compact(CompactionRequest request) {
                throw new CompactionException("backend down");
            }
        };
        InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
        CompactingChatMemory m = memory(failing, store, CompactionJournal.inMemory()).build();
        List<ChatMessage> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.addAll(toolTurn(i));
        }
        all.forEach(m::add);
        assertEquals(all, m.messages());
        assertEquals(all, m.originalMessages());
    }

    @Test
    void aSystemMessageReplacesTheOneHeldAndStaysFirst() {
        CompactingChatMemory m = memory(ToolOutputMaskingCompactor.builder().build(), new InMemoryChatMemoryStore(),
                CompactionJournal.inMemory()).build();
        m.add(SystemMessage.from("one"));
        m.add(UserMessage.from("hi"));
        m.add(SystemMessage.from("one"));
        m.add(SystemMessage.from("two"));
        assertEquals(List.of(SystemMessage.from("two"), UserMessage.from("hi")), m.messages());
    }

    @Test
    void aJournalEntryWhoseCompactionNeverReachedTheStoreIsLeftOut() {
        InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
        CompactionJournal journal = CompactionJournal.inMemory();
        CompactingChatMemory m = memory(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build(), store, journal).build();
        List<ChatMessage> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            toolTurn(i).forEach(x -> {
                all.add(x);
                m.add(x);
            });
        }
        int compactions = journal.entries().size();
        assertTrue(compactions >= 1);
        assertEquals(all, m.originalMessages());
        // a process that stopped after writing the journal and before updating the store
        List<Item> pending = LangChain4jMessages.toItems(store.getMessages("m").subList(0, 2));
        journal.append(JournalEntry.of("0af7651916cd43dd8448eb211c80319c", Instant.now(), "masking", pending));
        assertEquals(all, memory(ToolOutputMaskingCompactor.builder().build(), store, journal).build().originalMessages());
    }

    @Test
    void withoutAJournalTheOriginalsOfACompactedMemoryAreGone() {
        InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
        CompactingChatMemory m = CompactingChatMemory.builder().id("m").compactor(ToolOutputMaskingCompactor.builder()
                .keepRecentTurns(1).build()).model("gpt-4o-mini").maxTokens(1_000).chatMemoryStore(store).build();
        for (int i = 0; i < 6; i++) {
            toolTurn(i).forEach(m::add);
        }
        assertThrows(IllegalStateException.class, m::originalMessages);
    }

    @Test
    void theBuilderSaysWhatIsMissing() {
        assertThrows(IllegalStateException.class, () -> CompactingChatMemory.builder().model("m").maxTokens(1).build());
        assertThrows(IllegalArgumentException.class, () -> CompactingChatMemory.builder().maxTokens(0));
        assertThrows(NullPointerException.class, () -> CompactingChatMemory.builder().compactor(null));
        assertFalse(CompactingChatMemory.builder().compactor(ToolOutputMaskingCompactor.builder().build()).model("m")
                .maxTokens(10).build().toString().isEmpty());
    }
}
