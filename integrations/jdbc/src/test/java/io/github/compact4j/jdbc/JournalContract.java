package io.github.compact4j.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every database the JDBC journal runs on must give: run against H2 ({@link H2JournalTest})
 * and a real PostgreSQL server ({@link PostgresJournalTest}). Each test has a table of its own.
 */
abstract class JournalContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456Z");

    abstract DataSource dataSource();

    /** A table name no other test uses; dropped first, for a server that outlives the run (-Dcompact4j.postgres.url). */
    String newTable() {
        String table = "journal_" + getClass().getSimpleName().toLowerCase() + "_" + TABLES.incrementAndGet();
        dropTable(dataSource(), table);
        return table;
    }

    static void dropTable(DataSource ds, String table) {
        for (String t : List.of(table, table + "_away")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + t);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    JdbcJournals journals(String table) {
        return JdbcJournals.builder().dataSource(dataSource()).table(table).build();
    }

    static JournalEntry entry(int n, List<Item> items) {
        return JournalEntry.builder().traceId(String.format("%032x", n)).time(T0.plusSeconds(n)).strategy("keep-last")
                .items(items).itemsBefore(items.size() + 2).itemsAfter(2).tokensBefore(900 + n).tokensAfter(100).build();
    }

    boolean tableExists(String table) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    void sql(String statement) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void entriesReadBackAsAppendedInOrder() {
        String table = newTable();
        CompactionJournal journal = journals(table).forConversation("agent-a");
        List<JournalEntry> written = List.of(
                entry(1, TestItems.everyKind("one")),
                JournalEntry.of(null, T0.plusSeconds(2), "masking", List.of(Message.user("no figures, no trace id"))),
                JournalEntry.builder().time(T0.plusSeconds(3)).strategy(JournalEntry.REBUILD).items(List.of())
                        .itemsBefore(3).itemsAfter(40).tokensBefore(0).tokensAfter(0).build(),
                entry(4, List.of(Message.user("half a surrogate pair \uD83D here, and a whole one \uD83D\uDE80"))),
                entry(5, List.of(Message.user("x".repeat(2_000_000)))));
        written.forEach(journal::append);

        assertEquals(written, journal.entries());
        // another instance of the app, with its own objects, reads the same
        assertEquals(written, journals(table).forConversation("agent-a").entries());
    }

    @Test
    void anAnthropicConversationComesBackWithItsThinkingBlocksAsTheyWere() {
        String messages = "[{\"role\":\"user\",\"content\":\"Why does the build fail?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Check the test log.\","
                + "\"signature\":\"EqQBCkYIBxgCKkBsig==\"},{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"read_log\",\"input\":{\"path\":\"build.log\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"3 tests failed\"}]}]";
        List<Item> items = AnthropicMessages.fromJson(messages);
        String table = newTable();
        journals(table).forConversation("claude").append(entry(1, items));

        // another instance of the app reads the row, without the objects the items were made from
        List<Item> back = journals(table).forConversation("claude").entries().get(0).items();
        // the thinking blocks, signature and redacted data included, come back byte for byte
        assertEquals(messages, AnthropicMessages.toJson(back));
    }

    @Test
    void aTimeIsKeptToTheMicrosecond() {
        CompactionJournal journal = journals(newTable()).forConversation("agent-a");
        Instant nanos = Instant.parse("2026-11-23T10:15:30.123456789Z");
        journal.append(JournalEntry.of("t", nanos, "masking", List.of(Message.user("hi"))));
        assertEquals(Instant.parse("2026-11-23T10:15:30.123456Z"), journal.entries().get(0).time());
    }

    @Test
    void eachConversationReadsOnlyItsOwnEntries() {
        JdbcJournals journals = journals(newTable());
        CompactionJournal a = journals.forConversation("agent-a");
        CompactionJournal b = journals.forConversation("agent-b");
        CompactionJournal longId = journals.forConversation("é".repeat(JdbcJournals.MAX_ID_LENGTH));
        a.append(entry(1, List.of(Message.user("a1"))));
        b.append(entry(2, List.of(Message.user("b1"))));
        a.append(entry(3, List.of(Message.user("a2"))));
        longId.append(entry(4, List.of(Message.user("long"))));

        assertEquals(List.of(entry(1, List.of(Message.user("a1"))), entry(3, List.of(Message.user("a2")))), a.entries());
        assertEquals(List.of(entry(2, List.of(Message.user("b1")))), b.entries());
        assertEquals(List.of(entry(4, List.of(Message.user("long")))), longId.entries());
        assertEquals(List.of(), journals.forConversation("agent-c").entries());
    }

    @Test
    void theTableIsCreatedOnFirstUse() throws Exception {
        String table = newTable();
        JdbcJournals journals = journals(table);
        CompactionJournal journal = journals.forConversation("agent-a");
        assertFalse(tableExists(table), "nothing happens before the journal is used");
        assertEquals(List.of(), journal.entries());
        assertTrue(tableExists(table));
        journal.append(entry(1, List.of(Message.user("hi"))));
        // a second app instance, and the statement run again by hand, leave the table as it is
        sql(journals.createTableSql());
        journals(table).forConversation("agent-a").append(entry(2, List.of(Message.user("again"))));
        assertEquals(2, journal.entries().size());
    }

    @Test
    void instancesRacingToCreateTheTableAllWrite() throws Exception {
        String table = newTable();
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    CompactionJournal journal = journals(table).forConversation("agent-" + k); // an instance each
                    start.await();
                    journal.append(entry(k, List.of(Message.user("from " + k))));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(List.of(entry(i, List.of(Message.user("from " + i)))),
                    journals(table).forConversation("agent-" + i).entries());
        }
    }

    @Test
    void twoWritersOfOneConversationEachGetTheirOwnPlace() throws Exception {
        String table = newTable();
        int perWriter = 100;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    CompactionJournal journal = journals(table).forConversation("shared");
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        journal.append(entry(i, List.of(Message.user(writer + ":" + i))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<JournalEntry> all = journals(table).forConversation("shared").entries();
        assertEquals(2 * perWriter, all.size());
        for (int w = 0; w < 2; w++) {
            List<String> texts = new ArrayList<>();
            for (JournalEntry e : all) {
                String text = ((Message) e.items().get(0)).text();
                if (text.startsWith(w + ":")) {
                    texts.add(text);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perWriter; i++) {
                expected.add(w + ":" + i);
            }
            assertEquals(expected, texts, "writer " + w + "'s entries, in its order");
        }
    }

    @Test
    void aClosedJournalRefusesAppendsAndStillReads() {
        CompactionJournal journal = journals(newTable()).forConversation("agent-a");
        journal.append(entry(1, List.of(Message.user("kept"))));
        journal.close();
        journal.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> journal.append(entry(2, List.of(Message.user("refused")))));
        assertTrue(e.getMessage().contains("agent-a") && e.getMessage().contains("closed"), e.getMessage());
        assertEquals(List.of(entry(1, List.of(Message.user("kept")))), journal.entries());
    }

    @Test
    void withoutCreateSchemaAMissingTableIsAClearError() throws Exception {
        String table = newTable();
        JdbcJournals journals = JdbcJournals.builder().dataSource(dataSource()).table(table).createSchema(false).build();
        CompactionJournal journal = journals.forConversation("agent-a");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> journal.append(entry(1, List.of(Message.user("hi")))));
        assertTrue(e.getMessage().contains(table) && e.getMessage().contains("createTableSql"), e.getMessage());
        assertFalse(tableExists(table));

        sql(journals.createTableSql()); // the app's migration
        journal.append(entry(1, List.of(Message.user("hi"))));
        assertEquals(1, journal.entries().size());
    }

    @Test
    void aDamagedRowIsReportedByPlaceNotByContent() throws Exception {
        String table = newTable();
        CompactionJournal journal = journals(table).forConversation("agent-a");
        journal.append(entry(1, List.of(Message.user("fine"))));
        journal.append(entry(2, List.of(Message.user("soon damaged"))));
        sql("UPDATE " + table + " SET items = '[{\"type\":\"message\",\"role\":\"user\",\"content\":secret-words'"
                + " WHERE seq = 2");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, journal::entries);
        assertTrue(e.getMessage().contains("entry 2") && e.getMessage().contains("agent-a")
                && e.getMessage().contains(table), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the content stays out of the message: " + e.getMessage());
    }

    @Test
    void aManagedConversationKeepsEverythingItCompactedAway() {
        String table = newTable();
        ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor()).model("gpt-4o-mini")
                .journal(journals(table).forConversation("agent-a")).build();
        List<Item> appended = new ArrayList<>();
        for (int turn = 0; turn < 20; turn++) {
            List<Item> items = TestItems.agentTurn("t" + turn);
            appended.addAll(items);
            convo.appendAll(items);
            CompactionResult r = convo.compact();
            assertEquals(2, r.items().size());
        }
        convo.append(Message.user("after the last compaction"));
        appended.add(Message.user("after the last compaction"));

        assertEquals(3, convo.size());
        assertEquals(appended, convo.originalItems());
        assertEquals(20, journals(table).forConversation("agent-a").entries().size());
        convo.close();
    }

    @Test
    void aFailedAppendLeavesTheConversationWhole() throws Exception {
        String table = newTable();
        ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor()).model("gpt-4o-mini")
                .journal(journals(table).forConversation("agent-a")).build();
        List<Item> appended = new ArrayList<>(TestItems.agentTurn("first"));
        convo.appendAll(appended);
        convo.compact();
        List<Item> more = TestItems.agentTurn("second");
        appended.addAll(more);
        convo.appendAll(more);
        List<Item> before = convo.items();

        sql("ALTER TABLE " + table + " RENAME TO " + table + "_away"); // the table is gone for a moment
        UncheckedIOException e = assertThrows(UncheckedIOException.class, convo::compact);
        assertTrue(e.getMessage().contains("not applied"), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause().getCause());
        assertEquals(before, convo.items(), "the compaction was not applied");

        sql("ALTER TABLE " + table + "_away RENAME TO " + table);
        assertEquals(appended, convo.originalItems());
        convo.compact();
        assertEquals(appended, convo.originalItems());
        assertEquals(2, convo.size());
    }

    @Test
    void theBuilderAndTheFactoryCheckWhatTheyAreGiven() {
        assertThrows(NullPointerException.class, () -> JdbcJournals.of(null));
        assertThrows(IllegalStateException.class, () -> JdbcJournals.builder().build());
        assertThrows(NullPointerException.class, () -> JdbcJournals.builder().table(null));
        for (String bad : List.of("", "1abc", "journal; DROP TABLE x", "a.b.c", "\"quoted\"", "a".repeat(64))) {
            assertThrows(IllegalArgumentException.class, () -> JdbcJournals.builder().table(bad), bad);
        }
        JdbcJournals journals = JdbcJournals.builder().dataSource(dataSource()).table("app.journal").build();
        assertEquals("app.journal", journals.table());
        assertThrows(NullPointerException.class, () -> journals.forConversation(null));
        assertThrows(IllegalArgumentException.class, () -> journals.forConversation(" "));
        assertThrows(IllegalArgumentException.class,
                () -> journals.forConversation("x".repeat(JdbcJournals.MAX_ID_LENGTH + 1)));

        CompactionJournal journal = journals(newTable()).forConversation("agent-a");
        assertThrows(NullPointerException.class, () -> journal.append(null));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> journal.append(JournalEntry.of("t", T0, "s".repeat(256), List.of())));
        assertTrue(wide.getMessage().contains("strategy"), wide.getMessage());
        assertEquals(List.of(), journal.entries());
        assertFalse(journal.toString().isEmpty());
    }
}
