package io.github.compact4j.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The journal as a fleet uses it, on a real PostgreSQL server: many conversations compacting at
 * once, and a connection killed while an entry is being written.
 */
@ExtendWith(PostgresServer.class)
class PostgresFleetTest {

    static final int THREADS = 8;
    static final int COMPACTIONS = 1_000;

    static List<Item> turn(int conversation, int n) {
        String id = "c" + conversation + "_" + n;
        return List.of(Message.user("turn " + n + " of conversation " + conversation),
                ToolCall.function("call_" + id, "read_file", "{\"path\":\"src/F" + n + ".java\"}"),
                ToolResult.functionOutput("call_" + id, "class F" + n + " { int conversation = " + conversation + "; }"));
    }

    @Test
    void eightThreadsCompactEightConversationsAThousandTimesAndNothingIsLost() throws Exception {
        String table = "fleet_journal";
        JournalContract.dropTable(PostgresServer.dataSource(), table);
        HikariConfig config = new HikariConfig();
        config.setDataSource(PostgresServer.dataSource());
        config.setMaximumPoolSize(THREADS);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            fleet(pool, table);
        }
    }

    private static void fleet(DataSource ds, String table) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Item>>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int k = t;
            runs.add(pool.submit(() -> {
                // each thread is an app instance of its own: its own journals object, one conversation
                ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor())
                        .model("gpt-4o-mini").journal(JdbcJournals.builder().dataSource(ds).table(table).build()
                                .forConversation("fleet-" + k)).build();
                List<Item> appended = new ArrayList<>();
                start.await();
                for (int n = 0; n < COMPACTIONS; n++) {
                    List<Item> items = turn(k, n);
                    appended.addAll(items);
                    convo.appendAll(items);
                    convo.compact();
                    if (convo.size() != 2) {
                        throw new AssertionError("compaction " + n + " of conversation " + k + " was not applied");
                    }
                }
                convo.close();
                return appended;
            }));
        }
        start.await();
        long began = System.nanoTime();
        List<List<Item>> appended = new ArrayList<>();
        try {
            for (Future<List<Item>> f : runs) {
                appended.add(f.get(20, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        // read back by another instance: every removed item, in order, none lost, none twice
        JdbcJournals reader = JdbcJournals.builder().dataSource(ds).table(table).build();
        long items = 0;
        for (int k = 0; k < THREADS; k++) {
            List<JournalEntry> entries = reader.forConversation("fleet-" + k).entries();
            assertEquals(COMPACTIONS, entries.size(), "conversation " + k);
            List<Item> journaled = new ArrayList<>();
            entries.forEach(e -> journaled.addAll(e.items()));
            assertEquals(appended.get(k), journaled, "conversation " + k);
            items += journaled.size();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT conversation_id, COUNT(*), MIN(seq), MAX(seq) FROM " + table
                        + " GROUP BY conversation_id ORDER BY conversation_id")) {
            int groups = 0;
            while (r.next()) {
                groups++;
                assertEquals(COMPACTIONS, r.getLong(2), r.getString(1));
                assertEquals(1, r.getLong(3), r.getString(1));
                assertEquals(COMPACTIONS, r.getLong(4), r.getString(1) + ": no gap in the sequence");
            }
            assertEquals(THREADS, groups);
        }
        System.out.printf("JDBC journal on PostgreSQL, pooled connections: %d threads x %d compactions on %d conversations in %d ms"
                + " (%.0f compactions/s); %d rows, %d items read back in order, none lost%n", THREADS, COMPACTIONS,
                THREADS, millis, THREADS * COMPACTIONS * 1000.0 / Math.max(1, millis), THREADS * COMPACTIONS, items);
    }

    @Test
    void aConnectionKilledMidWriteLeavesTheWholeHistoryWithTheCaller() throws Exception {
        DataSource ds = PostgresServer.dataSource();
        String table = "killed_journal";
        JournalContract.dropTable(ds, table);
        CompactionJournal journal = JdbcJournals.builder().dataSource(ds).table(table).build().forConversation("agent-k");
        ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor()).model("gpt-4o-mini")
                .journal(journal).build();
        List<Item> appended = new ArrayList<>(turn(0, 0));
        convo.appendAll(appended);
        convo.compact(); // entry 1
        appended.addAll(turn(0, 1));
        convo.appendAll(turn(0, 1));
        List<Item> before = convo.items();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = ds.getConnection()) {
            // another transaction takes the conversation's next place and holds it: the journal's
            // insert waits on that lock, mid-write, until its connection is killed
            holder.setAutoCommit(false);
            try (PreparedStatement s = holder.prepareStatement("INSERT INTO " + table + " (conversation_id, seq,"
                    + " write_id, entry_time, strategy, items) VALUES ('agent-k', 2, 'holder', ?, 'holder', '[]')")) {
                s.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                s.executeUpdate();
            }
            Future<?> compaction = pool.submit(convo::compact);
            int pid = waitingBackend(ds, table);
            try (Connection killer = ds.getConnection(); Statement s = killer.createStatement();
                    ResultSet r = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                assertTrue(r.next() && r.getBoolean(1), "terminated the journal's connection");
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> compaction.get(60, TimeUnit.SECONDS));
            UncheckedIOException failure = assertInstanceOf(UncheckedIOException.class, e.getCause());
            SQLException sql = assertInstanceOf(SQLException.class, failure.getCause().getCause());
            assertTrue(sql.getSQLState().equals("57P01") || sql.getSQLState().startsWith("08"),
                    "the connection was terminated: " + sql.getSQLState() + " " + sql.getMessage());
            holder.rollback();
        } finally {
            pool.shutdownNow();
        }

        assertEquals(before, convo.items(), "the compaction was not applied");
        assertEquals(appended, convo.originalItems());
        assertEquals(1, journal.entries().size());

        convo.compact(); // the journal goes on, on fresh connections
        assertEquals(2, convo.size());
        assertEquals(appended, convo.originalItems());
        assertEquals(2, journal.entries().size());
        convo.close();
    }

    /** The backend of the journal's insert once it waits on a lock. */
    private static int waitingBackend(DataSource ds, String table) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT pid FROM"
                + " pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ? AND pid <> pg_backend_pid()")) {
            s.setString(1, "INSERT INTO " + table + " %");
            while (System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getInt(1);
                    }
                }
                Thread.sleep(20); // polling the server's view of its backends, not timing the code under test
            }
        }
        throw new AssertionError("the journal's insert never waited on the held place");
    }
}
