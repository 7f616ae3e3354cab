package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.jdbc.JdbcJournals;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

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
        InMemoryChatMemoryRepository repository = new InMemoryChatMemoryRepository(); // the fleet's shared one

        // --- docs/integrations.md, JDBC journal, Spring AI ---
        JdbcJournals journals = JdbcJournals.of(dataSource);
        ChatMemory memory = CompactingChatMemory.builder()
                .compactor(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build())
                .model("gpt-4o-mini")
                .maxTokens(1_000)
                .chatMemoryRepository(repository)
                .journal(journals::forConversation)                    // one journal per conversation id
                .build();
        // --- end ---

        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.addAll(CompactingChatMemoryTest.toolTurn(i));
            memory.add("agent-1", CompactingChatMemoryTest.toolTurn(i));
        }
        memory.add("agent-2", CompactingChatMemoryTest.toolTurn(0));

        assertNotEquals(all, memory.get("agent-1"), "agent-1 was compacted");
        assertFalse(journals.forConversation("agent-1").entries().isEmpty());
        assertTrue(journals.forConversation("agent-2").entries().isEmpty(), "agent-2 was not");

        // another instance of the app: its own journals object on the same database and repository
        CompactingChatMemory elsewhere = CompactingChatMemory.builder()
                .compactor(ToolOutputMaskingCompactor.builder().build()).model("gpt-4o-mini").maxTokens(1_000)
                .chatMemoryRepository(repository).journal(JdbcJournals.of(dataSource)::forConversation).build();
        assertEquals(all, elsewhere.originalMessages("agent-1"));
        assertEquals(memory.get("agent-1"), elsewhere.get("agent-1"));
    }

    @Test
    void aJournalThatCannotBeWrittenLeavesTheHistoryWhole() {
        JdbcJournals missingTable = JdbcJournals.builder().dataSource(h2("missing")).createSchema(false).build();
        CompactingChatMemory memory = CompactingChatMemory.builder()
                .compactor(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build()).model("gpt-4o-mini")
                .maxTokens(1_000).journal(missingTable::forConversation).build();
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.addAll(CompactingChatMemoryTest.toolTurn(i));
            memory.add("agent-1", CompactingChatMemoryTest.toolTurn(i));
        }
        assertTrue(memory.tokens("agent-1") >= memory.triggerTokens(), "it was over the trigger and tried");
        assertEquals(all, memory.get("agent-1"), "no compaction was applied without its journal entry");
        assertEquals(all, memory.originalMessages("agent-1"));
    }
}
