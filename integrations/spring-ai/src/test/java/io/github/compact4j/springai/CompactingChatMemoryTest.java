package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/** The memory's rules, one at a time, with Spring AI's own messages and repository. */
class CompactingChatMemoryTest {

    static final String BIG = "x ".repeat(400);
    static final String ID = "c";

    static CompactingChatMemory.Builder memory(ContextCompactor compactor, InMemoryChatMemoryRepository repository,
            CompactionJournal journal) {
        return CompactingChatMemory.builder().compactor(compactor).model("gpt-4o-mini").maxTokens(1_000)
                .chatMemoryRepository(repository).journal(id -> journal);
    }

    static AssistantMessage.ToolCall call(String id, String name) {
        return new AssistantMessage.ToolCall(id, "function", name, "{}");
    }

    static ToolResponseMessage response(String id, String name, String data) {
        return ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse(id, name, data))).build();
    }

    static List<Message> toolTurn(int n) {
        return List.of(new UserMessage("turn " + n),
                AssistantMessage.builder().toolCalls(List.of(call("call_" + n, "read"))).build(),
                response("call_" + n, "read", BIG),
                new AssistantMessage("done " + n));
    }

    /** A compactor that counts its calls and masks all but the last turn. */
    static final class Counting implements ContextCompactor {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public CompactionResult compact(CompactionRequest request) {
            calls.incrementAndGet();
            return ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build().compact(request);
        }
    }

    @Test
    void aCallWithoutItsResponseIsNotReturnedUnlessLastAndNothingIsCompactedBetweenThem() {
        Counting counting = new Counting();
        CompactingChatMemory m = memory(counting, new InMemoryChatMemoryRepository(), CompactionJournal.inMemory()).build();
        AssistantMessage asks = AssistantMessage.builder().content("reading")
                .toolCalls(List.of(call("a", "read"), call("b", "grep"))).build();
        m.add(ID, List.of(new UserMessage("task"), asks));
        // last: Spring AI's tool loop reads the memory and sends the responses right after it
        assertEquals(List.of(new UserMessage("task"), asks), m.get(ID));

        m.add(ID, List.of(response("a", "read", BIG + BIG + BIG)));   // over the trigger, b still open
        assertEquals(0, counting.calls.get(), "no compaction while b waits for its response");
        List<Message> sent = m.get(ID);
        assertEquals(3, sent.size());
        // the assistant message goes out without the open call, and the answered response stays
        AssistantMessage sentAsks = (AssistantMessage) sent.get(1);
        assertEquals(List.of(call("a", "read")), sentAsks.getToolCalls());
        assertEquals("reading", sentAsks.getText());
        assertEquals(((ToolResponseMessage) sent.get(2)).getResponses(),
                List.of(new ToolResponseMessage.ToolResponse("a", "read", BIG + BIG + BIG)));

        m.add(ID, List.of(response("b", "grep", "2 matches")));
        assertEquals(1, counting.calls.get(), "compacted once both responses were in");
        // the masking kept the last turn whole, so both calls go out with their responses
        List<Message> after = m.get(ID);
        assertEquals(4, after.size());
        assertEquals(List.of(call("a", "read"), call("b", "grep")), ((AssistantMessage) after.get(1)).getToolCalls());
    }

    @Test
    void aResponseWithoutItsCallIsNeverReturned() {
        CompactingChatMemory m = memory(new Counting(), new InMemoryChatMemoryRepository(), CompactionJournal.inMemory())
                .build();
        m.add(ID, List.of(new UserMessage("task"), response("ghost", "read", "orphan"), new AssistantMessage("ok")));
        assertEquals(List.of(new UserMessage("task"), new AssistantMessage("ok")), m.get(ID));
    }

    @Test
    void aFailedCompactionKeepsTheWholeHistory() {
        ContextCompactor failing = new ContextCompactor() {
            @Override public String name() { return "failing"; }
            @Override public CompactionResult compact(CompactionRequest request) {
                throw new CompactionException("backend down");
            }
        };
        CompactingChatMemory m = memory(failing, new InMemoryChatMemoryRepository(), CompactionJournal.inMemory()).build();
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.addAll(toolTurn(i));
            m.add(ID, toolTurn(i));
        }
        assertTrue(m.tokens(ID) >= m.triggerTokens(), "it was over the trigger");
        assertEquals(all, m.get(ID));
        assertEquals(all, m.originalMessages(ID));
    }

    @Test
    void aSystemMessageReplacesTheOneHeldAndStaysFirst() {
        CompactingChatMemory m = memory(new Counting(), new InMemoryChatMemoryRepository(), CompactionJournal.inMemory())
                .build();
        m.add(ID, List.of(new SystemMessage("one"), new UserMessage("hi")));
        m.add(ID, List.of(new SystemMessage("one")));
        assertEquals(List.of(new SystemMessage("one"), new UserMessage("hi")), m.get(ID));
        m.add(ID, List.of(new SystemMessage("two"), new UserMessage("again")));
        assertEquals(List.of(new SystemMessage("two"), new UserMessage("hi"), new UserMessage("again")), m.get(ID));
    }

    @Test
    void eachConversationIsCompactedAndJournaledOnItsOwn() {
        Map<String, CompactionJournal> journals = new HashMap<>();
        AtomicInteger opened = new AtomicInteger();
        CompactingChatMemory m = CompactingChatMemory.builder().compactor(new Counting()).model("gpt-4o-mini")
                .maxTokens(1_000).journal(id -> {
                    opened.incrementAndGet();
                    return journals.computeIfAbsent(id, k -> CompactionJournal.inMemory());
                }).build();
        List<Message> a = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            a.addAll(toolTurn(i));
            m.add("a", toolTurn(i));
        }
        m.add("b", toolTurn(0));
        m.get("a");
        m.get("b");

        assertEquals(2, opened.get(), "one journal per conversation, opened once");
        assertFalse(journals.get("a").entries().isEmpty());
        assertTrue(journals.get("b").entries().isEmpty());
        assertNotEquals(a, m.get("a"), "a was compacted");
        assertEquals(toolTurn(0), m.get("b"));
        assertEquals(a, m.originalMessages("a"));

        m.clear("a");
        assertEquals(List.of(), m.get("a"));
        assertFalse(journals.get("a").entries().isEmpty(), "the journal is the record: clearing leaves it");
    }

    @Test
    void aJournalEntryWhoseCompactionNeverReachedTheRepositoryIsLeftOut() {
        InMemoryChatMemoryRepository repository = new InMemoryChatMemoryRepository();
        CompactionJournal journal = CompactionJournal.inMemory();
        CompactingChatMemory m = memory(new Counting(), repository, journal).build();
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.addAll(toolTurn(i));
            m.add(ID, toolTurn(i));
        }
        assertTrue(journal.entries().size() >= 1);
        assertEquals(all, m.originalMessages(ID));
        // a process that stopped after writing the journal and before saving the repository
        List<Item> pending = SpringAiMessages.toItems(repository.findByConversationId(ID).subList(0, 2));
        journal.append(JournalEntry.of("0af7651916cd43dd8448eb211c80319c", Instant.now(), "masking", pending));
        assertEquals(all, memory(new Counting(), repository, journal).build().originalMessages(ID));
    }

    @Test
    void withoutAJournalTheOriginalsOfACompactedConversationAreGone() {
        CompactingChatMemory m = CompactingChatMemory.builder().compactor(new Counting()).model("gpt-4o-mini")
                .maxTokens(1_000).build();
        for (int i = 0; i < 6; i++) {
            m.add(ID, toolTurn(i));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.originalMessages(ID));
        assertTrue(e.getMessage().contains("journal"), e.getMessage());
    }

    @Test
    void theBuilderAndTheMemorySayWhatIsWrong() {
        assertThrows(IllegalStateException.class, () -> CompactingChatMemory.builder().model("m").maxTokens(1).build());
        assertThrows(IllegalStateException.class, () -> CompactingChatMemory.builder().compactor(new Counting())
                .maxTokens(1).build());
        assertThrows(IllegalStateException.class, () -> CompactingChatMemory.builder().compactor(new Counting())
                .model("m").build());
        assertThrows(IllegalArgumentException.class, () -> CompactingChatMemory.builder().maxTokens(0));
        assertThrows(NullPointerException.class, () -> CompactingChatMemory.builder().compactor(null));
        assertThrows(NullPointerException.class, () -> CompactingChatMemory.builder().journal(null));
        assertThrows(IllegalArgumentException.class, () -> CompactingChatMemory.builder().attribute("bad name", "v"));
        CompactingChatMemory m = CompactingChatMemory.builder().compactor(new Counting()).model("m").maxTokens(10).build();
        assertThrows(IllegalArgumentException.class, () -> m.add(" ", List.of(new UserMessage("hi"))));
        assertThrows(NullPointerException.class, () -> m.get(null));
        List<Message> withNull = new ArrayList<>();
        withNull.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> m.add(ID, withNull));
        assertTrue(e.getMessage().contains("message 0"), e.getMessage());
        assertFalse(m.toString().isEmpty());
    }
}
