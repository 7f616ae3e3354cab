package io.github.compact4j.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The journal on embedded H2, the no-setup default; and what it does when the connection drops mid-write. */
class H2JournalTest extends JournalContract {

    private final JdbcDataSource h2 = h2("contract");

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        // one in-memory database per test object, alive until the JVM ends
        ds.setURL("jdbc:h2:mem:" + name + System.identityHashCode(new Object()) + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Override
    DataSource dataSource() {
        return h2;
    }

    /** When an insert fails with a lost connection, before or after the database ran it. */
    enum Drop { BEFORE, AFTER }

    /**
     * The real database behind a data source whose next journal insert loses its connection: the
     * statement throws SQLState 08006 either before it reaches the database or after the database
     * committed it, as a socket closed on either side of the commit does.
     */
    static final class DroppingDataSource implements DataSource {
        final DataSource real;
        final AtomicBoolean armed = new AtomicBoolean();
        volatile Drop when = Drop.BEFORE;

        DroppingDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = real.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result = invoke(c, method, args);
                        if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("INSERT")) {
                            return statement((PreparedStatement) result);
                        }
                        return result;
                    });
        }

        private PreparedStatement statement(PreparedStatement s) {
            InvocationHandler h = (proxy, method, args) -> {
                if (method.getName().equals("executeUpdate") && armed.getAndSet(false)) {
                    if (when == Drop.AFTER) {
                        s.executeUpdate();
                    }
                    throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                }
                return invoke(s, method, args);
            };
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, h);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override public Connection getConnection(String user, String password) throws SQLException { return getConnection(); }
        @Override public PrintWriter getLogWriter() throws SQLException { return real.getLogWriter(); }
        @Override public void setLogWriter(PrintWriter out) throws SQLException { real.setLogWriter(out); }
        @Override public void setLoginTimeout(int seconds) throws SQLException { real.setLoginTimeout(seconds); }
        @Override public int getLoginTimeout() throws SQLException { return real.getLoginTimeout(); }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return real.getParentLogger(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { return real.unwrap(iface); }
        @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return real.isWrapperFor(iface); }
    }

    @Test
    void aConnectionLostBeforeTheCommitFailsTheAppendAndTheCompaction() {
        DroppingDataSource ds = new DroppingDataSource(h2("before"));
        CompactionJournal journal = JdbcJournals.of(ds).forConversation("agent-a");
        ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor()).model("gpt-4o-mini")
                .journal(journal).build();
        List<Item> appended = new ArrayList<>(TestItems.agentTurn("one"));
        convo.appendAll(appended);
        List<Item> before = convo.items();

        ds.when = Drop.BEFORE;
        ds.armed.set(true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, convo::compact);
        assertEquals("08006", ((SQLException) e.getCause().getCause()).getSQLState());
        assertEquals(before, convo.items());
        assertEquals(List.of(), journal.entries());
        assertEquals(appended, convo.originalItems());

        convo.compact(); // the next one goes through, on a fresh connection
        assertEquals(appended, convo.originalItems());
        assertEquals(1, journal.entries().size());
    }

    @Test
    void aConnectionLostAfterTheCommitIsAskedAgainAndTheEntryCounts() {
        DroppingDataSource ds = new DroppingDataSource(h2("after"));
        CompactionJournal journal = JdbcJournals.of(ds).forConversation("agent-a");
        ManagedConversation convo = ManagedConversation.builder().compactor(new KeepLastCompactor()).model("gpt-4o-mini")
                .journal(journal).build();
        List<Item> appended = new ArrayList<>(TestItems.agentTurn("one"));
        convo.appendAll(appended);

        ds.when = Drop.AFTER;
        ds.armed.set(true);
        convo.compact(); // the row is there: the journal finds it and the compaction applies
        assertEquals(2, convo.size());
        assertEquals(1, journal.entries().size(), "written once, not twice");
        assertEquals(appended, convo.originalItems());
    }

    @Test
    void aRowTheDatabaseRefusesFailsTheAppendWithItsReason() throws Exception {
        String table = newTable();
        JdbcJournals journals = journals(table);
        CompactionJournal journal = journals.forConversation("agent-a");
        journal.append(entry(1, List.of()));
        sql("ALTER TABLE " + table + " ADD CONSTRAINT few CHECK (seq < 2)");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> journal.append(entry(2, List.of())));
        SQLException cause = (SQLException) e.getCause().getCause();
        assertEquals("23513", cause.getSQLState()); // a check constraint, not retried as a taken place
        assertTrue(e.getMessage().contains("SQLState 23513") && e.getMessage().contains("agent-a"), e.getMessage());
        assertEquals(1, journal.entries().size());
    }
}
