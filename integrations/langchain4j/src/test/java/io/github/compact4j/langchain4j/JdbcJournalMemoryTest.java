package io.github.compact4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.github.compact4j.jdbc.JdbcJournals;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The memory journaling through compact4j-jdbc, on embedded H2: what it compacts away lives in
 * the database, where another instance of the app reads it back.
 */
class JdbcJournalMemoryTest {

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void whatTheMemoryCompactsAwayLivesInTheDatabase() {
        JdbcDataSource dataSource = h2("memories");
        InMemoryChatMemoryStore store = new InMemoryChatMemoryStore(); // stands for the fleet's shared store

        // --- docs/integrations.md, JDBC journal, LangChain4j ---
        JdbcJournals journals = JdbcJournals.of(dataSource);
        CompactingChatMemory.Builder memories = CompactingChatMemory.builder()
                .compactor(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build())
                .model("gpt-4o-mini")
                .maxTokens(1_000)
                .chatMemoryStore(store)
                .journal(memoryId -> journals.forConversation(String.valueOf(memoryId)));
        // --- end ---

        ChatMemory agent1 = memories.id("agent-1").build();
        ChatMemory agent2 = memories.id("agent-2").build();
        List<ChatMessage> all1 = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all1.addAll(CompactingChatMemoryTest.toolTurn(i));
            CompactingChatMemoryTest.toolTurn(i).forEach(agent1::add);
        }
        CompactingChatMemoryTest.toolTurn(0).forEach(agent2::add);

        assertNotEquals(all1, agent1.messages(), "agent-1 was compacted");
        assertFalse(journals.forConversation("agent-1").entries().isEmpty());
        assertTrue(journals.forConversation("agent-2").entries().isEmpty(), "agent-2 was not");

        // another instance of the app: its own journals object on the same database and store
        CompactingChatMemory elsewhere = CompactingChatMemory.builder().id("agent-1")
                .compactor(ToolOutputMaskingCompactor.builder().build()).model("gpt-4o-mini").maxTokens(1_000)
                .chatMemoryStore(store).journal(id -> JdbcJournals.of(dataSource).forConversation((String) id)).build();
        assertEquals(all1, elsewhere.originalMessages());
        assertEquals(agent1.messages(), elsewhere.messages());
    }

    @Test
    void aJournalThatCannotBeWrittenLeavesTheHistoryWhole() {
        JdbcJournals missingTable = JdbcJournals.builder().dataSource(h2("missing")).createSchema(false).build();
        CompactingChatMemory memory = CompactingChatMemory.builder().id("agent-1")
                .compactor(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build()).model("gpt-4o-mini")
                .maxTokens(1_000).journal(id -> missingTable.forConversation((String) id)).build();
        List<ChatMessage> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.addAll(CompactingChatMemoryTest.toolTurn(i));
            CompactingChatMemoryTest.toolTurn(i).forEach(memory::add);
        }
        assertTrue(memory.tokens() >= memory.triggerTokens(), "it was over the trigger and tried");
        assertEquals(all, memory.messages(), "no compaction was applied without its journal entry");
        assertEquals(all, memory.originalMessages());
    }
}
