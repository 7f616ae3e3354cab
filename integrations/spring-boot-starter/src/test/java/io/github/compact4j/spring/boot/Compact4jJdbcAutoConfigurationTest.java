package io.github.compact4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.jdbc.JdbcJournals;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The journal store: the database through compact4j-jdbc when the app has a DataSource, the folder
 * of {@code compact4j.journal.directory}, or none, as {@code compact4j.journal.store} and the class
 * path say; on embedded H2, each journal written to and read back.
 */
class Compact4jJdbcAutoConfigurationTest {

    @TempDir
    Path folder;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Compact4jAutoConfiguration.class, Compact4jJdbcAutoConfiguration.class));

    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:starter" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    static JournalEntry entry(String text) {
        return JournalEntry.builder().traceId("0af7651916cd43dd8448eb211c80319c").time(Instant.parse("2026-12-03T09:41:07Z"))
                .strategy("summarizing").items(List.of(Message.user(text))).itemsBefore(3).itemsAfter(1)
                .tokensBefore(900).tokensAfter(120).build();
    }

    /** Rows of a conversation in a table, read with plain JDBC. */
    static int rows(DataSource ds, String table, String conversation) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE conversation_id = '" + conversation + "'")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Appends one entry through the context's journals and reads it back through a fresh lookup. */
    static CompactionJournal roundTrip(ApplicationContext context, String conversation) {
        CompactionJournals journals = context.getBean(CompactionJournals.class);
        try (CompactionJournal j = journals.forConversation(conversation)) {
            j.append(entry("what " + conversation + " compacted away"));
        }
        CompactionJournal again = journals.forConversation(conversation);
        assertThat(again.entries()).singleElement().satisfies(e -> {
            assertThat(e.strategy()).isEqualTo("summarizing");
            assertThat(e.items()).containsExactly(Message.user("what " + conversation + " compacted away"));
        });
        return again;
    }

    @Test
    void aDataSourceGivesJournalsInItsDefaultTable() {
        JdbcDataSource ds = h2();
        runner.withBean(DataSource.class, () -> ds).run(context -> {
            assertThat(context).hasSingleBean(JdbcJournals.class).hasSingleBean(CompactionJournals.class);
            assertThat(context.getBean(JdbcJournals.class).table()).isEqualTo(JdbcJournals.DEFAULT_TABLE);
            roundTrip(context, "agent-a");
            assertThat(rows(ds, "compact4j_journal", "agent-a")).isEqualTo(1);
            assertThat(context.getBean(CompactionJournals.class).toString()).contains("compact4j_journal");
        });
    }

    @Test
    void theTableAndItsCreationAreProperties() throws Exception {
        JdbcDataSource ds = h2();
        runner.withBean(DataSource.class, () -> ds)
                .withPropertyValues("compact4j.journal.jdbc.table=agent_journal", "compact4j.journal.jdbc.create-schema=false")
                .run(context -> {
                    JdbcJournals journals = context.getBean(JdbcJournals.class);
                    assertThat(journals.table()).isEqualTo("agent_journal");
                    // not created: the migration's job, and the append says so
                    CompactionJournal j = context.getBean(CompactionJournals.class).forConversation("agent-a");
                    assertThatThrownBy(() -> j.append(entry("lost"))).isInstanceOf(UncheckedIOException.class)
                            .hasMessageContaining("agent_journal does not exist");
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute(journals.createTableSql());
                    }
                    roundTrip(context, "agent-a");
                    assertThat(rows(ds, "agent_journal", "agent-a")).isEqualTo(1);
                });
    }

    @Test
    void aTableThatIsNotAnIdentifierStopsTheAppNamingTheProperty() {
        runner.withBean(DataSource.class, Compact4jJdbcAutoConfigurationTest::h2)
                .withPropertyValues("compact4j.journal.jdbc.table=journal; DROP TABLE users")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("compact4j.journal.jdbc.table: table must be a plain SQL identifier"));
    }

    @Test
    void withADirectoryToo_theDatabaseComesFirstUnlessTheStoreSaysFile() throws Exception {
        JdbcDataSource ds = h2();
        ApplicationContextRunner both = runner.withBean(DataSource.class, () -> ds)
                .withPropertyValues("compact4j.journal.directory=" + folder);
        both.run(context -> {
            roundTrip(context, "agent-a");
            assertThat(rows(ds, "compact4j_journal", "agent-a")).isEqualTo(1);
            assertThat(folder.resolve("agent-a.journal.jsonl")).doesNotExist();
        });
        both.withPropertyValues("compact4j.journal.store=file").run(context -> {
            assertThat(context).doesNotHaveBean(JdbcJournals.class);
            roundTrip(context, "agent-b");
            assertThat(folder.resolve("agent-b.journal.jsonl")).exists();
            assertThat(rows(ds, "compact4j_journal", "agent-b")).isZero();
        });
        both.withPropertyValues("compact4j.journal.store=jdbc").run(context -> {
            roundTrip(context, "agent-c");
            assertThat(rows(ds, "compact4j_journal", "agent-c")).isEqualTo(1);
        });
        both.withPropertyValues("compact4j.journal.store=none").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(CompactionJournals.class).doesNotHaveBean(JdbcJournals.class));
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")))
                    .containsExactly("agent-b.journal.jsonl");
        }
    }

    @Test
    void withoutCompact4jJdbcOnTheClassPathTheDirectoryIsTheStore() {
        ApplicationContextRunner noJdbc = runner.withClassLoader(new FilteredClassLoader(JdbcJournals.class))
                .withBean(DataSource.class, Compact4jJdbcAutoConfigurationTest::h2);
        noJdbc.withPropertyValues("compact4j.journal.directory=" + folder).run(context -> {
            assertThat(context).doesNotHaveBean(Compact4jJdbcAutoConfiguration.class);
            roundTrip(context, "agent-a");
            assertThat(folder.resolve("agent-a.journal.jsonl")).exists();
        });
        noJdbc.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CompactionJournals.class));
        noJdbc.withPropertyValues("compact4j.journal.store=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("compact4j.journal.store=jdbc")
                .hasMessageContaining("io.github.compact4j:compact4j-jdbc is not on the class path"));
    }

    @Test
    void withoutADataSourceThereIsNoDatabaseJournal() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcJournals.class)
                .doesNotHaveBean(CompactionJournals.class));
        runner.withPropertyValues("compact4j.journal.store=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("compact4j.journal.store=jdbc")
                .hasMessageContaining("no single DataSource bean"));
        runner.withPropertyValues("compact4j.journal.store=file").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("compact4j.journal.store=file needs compact4j.journal.directory"));
    }

    @Test
    void twoDataSourcesWithoutAPrimaryAreNotGuessedBetween() {
        runner.withBean("one", DataSource.class, Compact4jJdbcAutoConfigurationTest::h2)
                .withBean("two", DataSource.class, Compact4jJdbcAutoConfigurationTest::h2)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcJournals.class)
                        .doesNotHaveBean(CompactionJournals.class));
        JdbcDataSource primary = h2();
        runner.withBean("one", DataSource.class, Compact4jJdbcAutoConfigurationTest::h2)
                .withBean("two", DataSource.class, () -> primary, d -> d.setPrimary(true))
                .run(context -> {
                    roundTrip(context, "agent-a");
                    assertThat(rows(primary, "compact4j_journal", "agent-a")).isEqualTo(1);
                });
    }

    @Test
    void theAppsOwnBeansWin() {
        JdbcDataSource ds = h2();
        runner.withBean(DataSource.class, () -> ds)
                .withBean(JdbcJournals.class, () -> JdbcJournals.builder().dataSource(ds).table("mine").build())
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcJournals.class);
                    roundTrip(context, "agent-a");
                    assertThat(rows(ds, "mine", "agent-a")).isEqualTo(1);
                });
        // the app's JdbcJournals, on a data source that is not a bean: still every conversation's journal
        runner.withBean(JdbcJournals.class, () -> JdbcJournals.builder().dataSource(ds).table("elsewhere").build())
                .withPropertyValues("compact4j.journal.store=jdbc")
                .run(context -> {
                    roundTrip(context, "agent-b");
                    assertThat(rows(ds, "elsewhere", "agent-b")).isEqualTo(1);
                });
        CompactionJournal own = CompactionJournal.inMemory();
        runner.withBean(DataSource.class, () -> ds).withBean(CompactionJournals.class, () -> id -> own)
                .run(context -> {
                    assertThat(context.getBean(CompactionJournals.class).forConversation("x")).isSameAs(own);
                    roundTrip(context, "agent-c");
                    assertThat(own.entries()).hasSize(1);
                });
    }

    @Test
    void bootsOwnDataSourceFromSpringDatasourceProperties() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, Compact4jAutoConfiguration.class,
                        Compact4jJdbcAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:boot" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                        "compact4j.journal.directory=" + folder)
                .run(context -> {
                    assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(JdbcJournals.class);
                    roundTrip(context, "agent-a");
                    assertThat(rows(context.getBean(DataSource.class), "compact4j_journal", "agent-a")).isEqualTo(1);
                    assertThat(folder.resolve("agent-a.journal.jsonl")).doesNotExist();
                });
    }

    @Test
    void offWithCompact4j() {
        runner.withBean(DataSource.class, Compact4jJdbcAutoConfigurationTest::h2).withPropertyValues("compact4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JdbcJournals.class).doesNotHaveBean(CompactionJournals.class));
    }
}
