package io.github.compact4j.jdbc;

import io.github.compact4j.context.CompactionJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Compaction journals in one database table, shared by every instance of an app: each
 * conversation's journal is the rows of its id, in the order they were appended. Tested on
 * PostgreSQL and H2; it needs a {@link DataSource} and nothing else.
 *
 * <pre>{@code
 * JdbcJournals journals = JdbcJournals.of(dataSource);          // the app's pool
 * ManagedConversation convo = ManagedConversation.builder()
 *         .compactor(compactor).model("gpt-5.1")
 *         .journal(journals.forConversation("agent-a"))
 *         .build();
 * }</pre>
 *
 * <p>The table ({@value #DEFAULT_TABLE} by default) is created on first use unless
 * {@link Builder#createSchema(boolean)} says not to; {@link #createTableSql()} gives its
 * statement for a migration tool. Thread-safe. See {@code docs/integrations.md}.
 */
public final class JdbcJournals {

    /** The table's name unless {@link Builder#table(String)} says otherwise. */
    public static final String DEFAULT_TABLE = "compact4j_journal";

    /** The longest conversation id, in characters: the width of the {@code conversation_id} column. */
    public static final int MAX_ID_LENGTH = 255;

    /** An unquoted SQL identifier, optionally schema-qualified, that PostgreSQL and H2 both fold the same way on every use. */
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final boolean createSchema;
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;

    private JdbcJournals(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.createSchema = b.createSchema;
    }

    /**
     * Journals in the table {@value #DEFAULT_TABLE}, created on first use.
     *
     * @param dataSource where the table lives: the app's connection pool, say
     * @return the journals
     */
    public static JdbcJournals of(DataSource dataSource) {
        return builder().dataSource(dataSource).build();
    }

    /** @return a new builder; the data source is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The journal of one conversation. Journal objects are cheap and hold no connection between
     * calls: any number of them, in any number of processes, can append to the same conversation,
     * and each entry takes the next place in it.
     *
     * @param conversationId the conversation's id, e.g. the memory id of a LangChain4j
     *     {@code ChatMemory} or Spring AI's conversation id
     * @return its journal
     * @throws IllegalArgumentException when the id is blank or longer than {@value #MAX_ID_LENGTH} characters
     */
    public CompactionJournal forConversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        if (conversationId.isBlank()) {
            throw new IllegalArgumentException("conversationId must not be blank");
        }
        if (conversationId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("conversationId must be at most " + MAX_ID_LENGTH + " characters, got "
                    + conversationId.length());
        }
        return new JdbcJournal(this, conversationId);
    }

    /** @return the table's name, as given */
    public String table() {
        return table;
    }

    /**
     * The statement that creates the table, for a migration tool (Flyway, Liquibase) when the
     * journal does not create it itself. It runs unchanged on PostgreSQL and H2; another database
     * needs the same columns in its own types (see {@code docs/integrations.md}).
     *
     * @return a {@code CREATE TABLE IF NOT EXISTS} statement
     */
    public String createTableSql() {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "conversation_id VARCHAR(" + MAX_ID_LENGTH + ") NOT NULL, "
                + "seq BIGINT NOT NULL, "
                + "write_id VARCHAR(36) NOT NULL, "
                + "trace_id VARCHAR(" + JdbcJournal.MAX_TEXT + "), "
                + "entry_time TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "strategy VARCHAR(" + JdbcJournal.MAX_TEXT + ") NOT NULL, "
                + "items_before INTEGER, "
                + "items_after INTEGER, "
                + "tokens_before INTEGER, "
                + "tokens_after INTEGER, "
                + "items TEXT NOT NULL, "
                + "PRIMARY KEY (conversation_id, seq))";
    }

    /**
     * Makes sure the table is there now, rather than at the first append: creates it (when this
     * object creates its schema) or checks that it exists. Later calls do nothing.
     *
     * @throws UncheckedIOException when the table cannot be created or is missing
     */
    public void createSchema() {
        ensureSchema();
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Creates the table once per object. Two instances of an app may race to create it: on
     * PostgreSQL the loser of {@code CREATE TABLE IF NOT EXISTS} can still fail (on the catalogue's
     * unique index), so a failure counts only when the table is not there afterwards.
     */
    void ensureSchema() {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                if (createSchema) {
                    try (Statement s = c.createStatement()) {
                        s.execute(createTableSql());
                    } catch (SQLException e) {
                        if (!exists(c, e)) {
                            throw e;
                        }
                    }
                } else if (!exists(c, null)) {
                    throw new UncheckedIOException(new IOException("the compaction journal table " + table + " does not"
                            + " exist, and this JdbcJournals does not create it (createSchema(false)): create it with"
                            + " JdbcJournals.createTableSql(), or let the journal create it"));
                }
            } catch (SQLException e) {
                throw failure("cannot create the compaction journal table " + table, e);
            }
            schemaReady = true;
        }
    }

    /** Whether the table exists, asked by a query rather than metadata, so case folding does not matter. */
    private boolean exists(Connection c, SQLException creating) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (creating != null) {
                creating.addSuppressed(e);
            }
            return false;
        }
    }

    /** A database failure as the journal contract's unchecked I/O failure, the driver's own exception as its cause. */
    static UncheckedIOException failure(String what, SQLException e) {
        return failure(what, e, "");
    }

    static UncheckedIOException failure(String what, SQLException e, String tail) {
        return new UncheckedIOException(new IOException(what + " (SQLState " + e.getSQLState() + ", error "
                + e.getErrorCode() + ")" + tail, e));
    }

    @Override
    public String toString() {
        return "JdbcJournals{table=" + table + (createSchema ? "" : ", createSchema=false") + "}";
    }

    /** Builds {@link JdbcJournals}. Not thread-safe. */
    public static final class Builder {
        private DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createSchema = true;

        private Builder() {}

        /**
         * @param dataSource where the table lives; required. The journals borrow a connection for
         *     each call and close it; they never close the data source
         * @return this
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * @param table the table's name, unquoted, optionally with its schema ({@code app.journal});
         *     {@value #DEFAULT_TABLE} by default
         * @return this
         * @throws IllegalArgumentException when it is not a plain SQL identifier (letters, digits
         *     and {@code _}, not starting with a digit, at most 63 characters each side of the dot)
         */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a plain SQL identifier such as compact4j_journal or"
                        + " app.compact4j_journal (letters, digits and _, not starting with a digit, at most 63"
                        + " characters each), got '" + table + "'");
            }
            this.table = table;
            return this;
        }

        /**
         * @param create whether the table is created on first use ({@code true} by default); with
         *     {@code false} it must exist, created from {@link JdbcJournals#createTableSql()}
         * @return this
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /**
         * @return the journals
         * @throws IllegalStateException when the data source is missing
         */
        public JdbcJournals build() {
            if (dataSource == null) {
                throw new IllegalStateException("a data source is required: dataSource(...), the app's connection pool");
            }
            return new JdbcJournals(this);
        }
    }
}
