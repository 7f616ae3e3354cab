package io.github.compact4j.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.InvalidConversationException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One conversation's journal: its rows of the table, ordered by {@code seq}.
 *
 * <p>An entry is one {@code INSERT ... SELECT} that takes the next sequence number of the
 * conversation and writes the row in one statement, committed on its own: it is there whole or
 * not at all. Two writers of the same conversation (two instances of an app) can pick the same
 * number; the second then fails on the primary key and tries again with the next one.
 *
 * <p>When the statement fails in a way that leaves its outcome unknown (the connection dropped
 * after the server committed but before it answered), the journal asks on a fresh connection
 * whether the row with this append's {@code write_id} is there: if it is, the entry was kept and
 * {@link #append(JournalEntry)} returns; if not, it throws, and the compaction is not applied.
 */
final class JdbcJournal implements CompactionJournal {

    /** The width of the {@code trace_id} and {@code strategy} columns. */
    static final int MAX_TEXT = 255;

    /** Writers of one conversation that keep taking the same place give up after this many tries. */
    private static final int PLACE_ATTEMPTS = 16;

    private static final String UNIQUE_VIOLATION = "23505";

    /** What a failed append means for the caller: the end of every append failure's message. */
    private static final String NOT_APPLIED =
            "; the compaction was not applied and the conversation keeps its full history";

    private static final JsonFactory PLAIN_JSON = JsonFactory.builder().build();

    /** Writes every character outside ASCII as an escape: the fallback for text that is not valid UTF-16. */
    private static final JsonFactory ASCII_JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final JdbcJournals journals;
    private final String conversationId;
    private final String insertSql;
    private final String selectSql;
    private final String writtenSql;
    private volatile boolean closed;

    JdbcJournal(JdbcJournals journals, String conversationId) {
        this.journals = journals;
        this.conversationId = conversationId;
        String t = journals.table();
        this.insertSql = "INSERT INTO " + t + " (conversation_id, seq, write_id, trace_id, entry_time, strategy,"
                + " items_before, items_after, tokens_before, tokens_after, items)"
                + " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM " + t + " WHERE conversation_id = ?";
        this.selectSql = "SELECT seq, trace_id, entry_time, strategy, items_before, items_after, tokens_before,"
                + " tokens_after, items FROM " + t + " WHERE conversation_id = ? ORDER BY seq";
        this.writtenSql = "SELECT COUNT(*) FROM " + t + " WHERE conversation_id = ? AND write_id = ?";
    }

    /**
     * Writes the entry as the conversation's next row. The time is kept to the microsecond, the
     * precision of a SQL timestamp.
     *
     * @throws IllegalArgumentException when the trace id or the strategy is longer than 255 characters
     */
    @Override
    public synchronized void append(JournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closed) {
            throw new IllegalStateException("the compaction journal of conversation '" + conversationId + "' in table "
                    + journals.table() + " is closed" + NOT_APPLIED);
        }
        checkWidth(entry.traceId(), "trace id");
        checkWidth(entry.strategy(), "strategy");
        String items = itemsJson(entry.items());
        try {
            journals.ensureSchema();
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(new IOException(e.getCause().getMessage() + NOT_APPLIED, e.getCause()));
        }
        String writeId = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            try {
                insert(entry, items, writeId);
                return;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < PLACE_ATTEMPTS) {
                    continue; // another writer took this place in the conversation: take the next one
                }
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && written(writeId, e)) {
                    return;
                }
                throw JdbcJournals.failure("cannot write the compaction journal of conversation '" + conversationId
                        + "' to table " + journals.table(), e, NOT_APPLIED);
            }
        }
    }

    private void insert(JournalEntry entry, String items, String writeId) throws SQLException {
        try (Connection c = journals.dataSource().getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(insertSql)) {
                s.setString(1, conversationId);
                s.setString(2, writeId);
                s.setString(3, entry.traceId());
                s.setObject(4, OffsetDateTime.ofInstant(entry.time().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                s.setString(5, entry.strategy());
                setFigure(s, 6, entry.itemsBefore());
                setFigure(s, 7, entry.itemsAfter());
                setFigure(s, 8, entry.tokensBefore());
                setFigure(s, 9, entry.tokensAfter());
                s.setString(10, items);
                s.setString(11, conversationId);
                s.executeUpdate();
            }
        }
    }

    /**
     * Whether this append's row is in the table after all: asked on a fresh connection when the
     * write failed without saying whether it was committed.
     */
    private boolean written(String writeId, SQLException failure) {
        try (Connection c = journals.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(writtenSql)) {
            c.setAutoCommit(true);
            s.setString(1, conversationId);
            s.setString(2, writeId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static void setFigure(PreparedStatement s, int index, OptionalInt figure) throws SQLException {
        if (figure.isPresent()) {
            s.setInt(index, figure.getAsInt());
        } else {
            s.setNull(index, Types.INTEGER);
        }
    }

    private static void checkWidth(String value, String what) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the entry's " + what + " is " + value.length() + " characters long; a"
                    + " JDBC journal keeps at most " + MAX_TEXT + NOT_APPLIED);
        }
    }

    /**
     * The items' JSON, each item's own ({@link Item#toJson()}, the Responses format for items read
     * from it), so that items read from Chat Completions or Anthropic Messages come back as they
     * were: {@link ResponsesItems#toJson(List)} refuses a thinking block's item and writes an
     * Anthropic compaction block as a summary message. Text holding half of a surrogate pair
     * cannot be encoded as UTF-8 (PostgreSQL's drivers would replace it); such text is written with
     * every non-ASCII character escaped, which reads back as the same items.
     */
    static String itemsJson(List<Item> items) {
        String json = writeItems(items, PLAIN_JSON, items.size() * 256);
        if (!hasLoneSurrogate(json)) {
            return json;
        }
        return writeItems(items, ASCII_JSON, json.length() + 64);
    }

    private static String writeItems(List<Item> items, JsonFactory factory, int size) {
        StringWriter w = new StringWriter(Math.max(16, size));
        try (JsonGenerator g = factory.createGenerator(w)) {
            g.writeStartArray();
            for (Item item : items) {
                g.writeRawValue(item.toJson());
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<JournalEntry> entries() {
        journals.ensureSchema();
        List<JournalEntry> out = new ArrayList<>();
        try (Connection c = journals.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(selectSql)) {
            // a pool that hands out connections without it would keep the read's transaction open
            c.setAutoCommit(true);
            s.setString(1, conversationId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(entry(r));
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot read the compaction journal of conversation '"
                    + conversationId + "' from table " + journals.table() + " (SQLState " + e.getSQLState() + ")", e));
        }
        return out;
    }

    private JournalEntry entry(ResultSet r) throws SQLException {
        long seq = r.getLong(1);
        OffsetDateTime time = r.getObject(3, OffsetDateTime.class);
        String strategy = r.getString(4);
        List<Item> items;
        try (Reader json = r.getCharacterStream(9)) {
            items = json == null ? null : ResponsesItems.fromJson(json);
        } catch (InvalidConversationException e) {
            // where, never what: a parser's message can quote the content
            String where = (e.itemIndex().isPresent() ? "item " + e.itemIndex().getAsInt() : "the items array")
                    + e.field().map(f -> ", field '" + f + "',").orElse("");
            throw damaged(seq, "its " + where + " is not valid Responses JSON", e);
        } catch (IOException | UncheckedIOException e) {
            throw damaged(seq, "its items cannot be read", e);
        }
        if (time == null || strategy == null || items == null) {
            throw damaged(seq, "its entry_time, strategy or items is null", null);
        }
        JournalEntry.Builder b = JournalEntry.builder().traceId(r.getString(2)).time(time.toInstant()).strategy(strategy)
                .items(items);
        Integer v;
        if ((v = figure(r, 5)) != null) {
            b.itemsBefore(v);
        }
        if ((v = figure(r, 6)) != null) {
            b.itemsAfter(v);
        }
        if ((v = figure(r, 7)) != null) {
            b.tokensBefore(v);
        }
        if ((v = figure(r, 8)) != null) {
            b.tokensAfter(v);
        }
        return b.build();
    }

    /** A figure the entry recorded; a null or negative one is left out, as the JSON-lines journal does. */
    private static Integer figure(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() || v < 0 ? null : v;
    }

    private UncheckedIOException damaged(long seq, String why, Exception cause) {
        return new UncheckedIOException(new IOException("entry " + seq + " of the compaction journal of conversation '"
                + conversationId + "' in table " + journals.table() + " is damaged: " + why
                + ". Entries before it are intact; repair or remove that row to read the ones after it", cause));
    }

    /** Appending fails after it; the rows stay, and {@link #entries()} still reads them. Closing twice does nothing. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "JdbcJournal{table=" + journals.table() + ", conversation=" + conversationId + (closed ? ", closed" : "")
                + "}";
    }
}
