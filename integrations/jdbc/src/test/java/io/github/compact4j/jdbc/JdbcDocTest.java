package io.github.compact4j.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.testsupport.Snippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Runs the snippets of the JDBC journal section of docs/integrations.md and of
 * integrations/jdbc/README.md, on H2.
 */
class JdbcDocTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/jdbc/JdbcDocTest.java");

    @Test
    void aManagedConversationJournalsToTheTable() {
        DataSource dataSource = H2JournalTest.h2("doc");
        ContextCompactor compactor = new KeepLastCompactor();

        // --- the snippet ---
        JdbcJournals journals = JdbcJournals.of(dataSource);            // the app's pool

        ManagedConversation convo = ManagedConversation.builder()
                .compactor(compactor)
                .model("gpt-4o-mini")
                .journal(journals.forConversation("agent-a"))           // one journal per conversation id
                .build();
        // --- end ---

        List<Item> appended = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Item> turn = List.of(Message.user("turn " + i), Message.assistant("reading the file " + i),
                    Message.user("go on"), Message.assistant("done " + i));
            appended.addAll(turn);
            convo.appendAll(turn);
            convo.compact();
        }
        assertEquals(appended, convo.originalItems());
        assertEquals(3, JdbcJournals.of(dataSource).forConversation("agent-a").entries().size());
    }

    @Test
    void aMigrationToolCreatesTheTable() throws Exception {
        DataSource dataSource = H2JournalTest.h2("migrated");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA app");
        }

        // --- the snippet ---
        JdbcJournals journals = JdbcJournals.builder()
                .dataSource(dataSource)
                .table("app.compact4j_journal")
                .createSchema(false)                                    // the migration creates it
                .build();
        String migration = journals.createTableSql();                   // put it in your migration
        // --- end ---

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(migration);
        }
        journals.createSchema(); // checks that it is there
        journals.forConversation("agent-a").append(JournalEntry.of(null, Instant.parse("2026-11-23T10:00:00Z"),
                "masking", List.of(Message.user("hi"))));
        assertEquals(1, journals.forConversation("agent-a").entries().size());
        assertTrue(migration.startsWith("CREATE TABLE IF NOT EXISTS app.compact4j_journal ("), migration);
    }

    @Test
    void theReadmeAndTheDocsShowTheSnippetThatRuns() throws IOException {
        List<String> ran = Snippets.between(Files.readAllLines(SOURCE), "// --- the snippet ---", "// --- end ---");
        assertEquals(ran, Snippets.firstJavaBlock(Files.readAllLines(Path.of("README.md"))));
        assertEquals(ran, Snippets.javaBlockAfter(Files.readAllLines(Path.of("../../docs/integrations.md")), "## JDBC journal"));
    }
}
