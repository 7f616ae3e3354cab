package io.github.compact4j.spring.boot;

import io.github.compact4j.jdbc.JdbcJournals;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Journals in the app's database ({@code compact4j-jdbc}'s {@link JdbcJournals}) when that artifact
 * is on the class path and the app has one {@link DataSource}: a {@code JdbcJournals} bean on it
 * ({@code compact4j.journal.jdbc.table}, {@code compact4j.journal.jdbc.create-schema}), and the
 * {@link CompactionJournals} every conversation takes its journal from. It comes before
 * {@link Compact4jAutoConfiguration}, whose JSON-lines journals then back off: with
 * {@code compact4j.journal.store=auto} (the default) the database wins over
 * {@code compact4j.journal.directory}; {@code file} or {@code none} turn this configuration off.
 * Each bean backs off when the app declares its own. See {@code docs/observability.md}.
 */
@AutoConfiguration(before = Compact4jAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(JdbcJournals.class)
@ConditionalOnProperty(prefix = "compact4j", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(JournalStoreConditions.Jdbc.class)
@EnableConfigurationProperties(Compact4jProperties.class)
public class Compact4jJdbcAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.spring.boot");

    /** Not instantiated by the app: Spring creates it. */
    public Compact4jJdbcAutoConfiguration() {}

    /**
     * @param dataSource the app's one {@code DataSource}, or its primary one
     * @param properties {@code compact4j.journal.jdbc.*}
     * @return the journals in its table
     * @throws IllegalStateException naming {@code compact4j.journal.jdbc.table} when it is no plain identifier
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DataSource.class)
    public JdbcJournals compact4jJdbcJournals(DataSource dataSource, Compact4jProperties properties) {
        Compact4jProperties.Jdbc jdbc = properties.getJournal().getJdbc();
        JdbcJournals.Builder b = JdbcJournals.builder().dataSource(dataSource).createSchema(jdbc.isCreateSchema());
        try {
            b.table(jdbc.getTable());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("compact4j.journal.jdbc.table: " + e.getMessage(), e);
        }
        return b.build();
    }

    /**
     * Every conversation's journal from the {@code JdbcJournals} bean: the starter's (there is one
     * {@code DataSource}) or the app's. The condition names what was registered before this
     * configuration, not the bean above, so it does not hang on the order of the methods.
     *
     * @param journals the journals in the database
     * @param properties {@code compact4j.journal.*}
     * @return each conversation's journal in the table
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(DataSourceOrJdbcJournals.class)
    public CompactionJournals compact4jJdbcCompactionJournals(JdbcJournals journals, Compact4jProperties properties) {
        Compact4jProperties.Journal j = properties.getJournal();
        if (j.getDirectory() != null && j.getStore() == Compact4jProperties.JournalStore.AUTO) {
            LOG.atInfo().log("compaction journals go to the database table {}, not to compact4j.journal.directory {}:"
                    + " with compact4j.journal.store=auto the DataSource comes first; set it to file for the folder",
                    journals.table(), j.getDirectory());
        }
        return new JdbcCompactionJournals(journals);
    }

    /** One {@code DataSource} for the starter's journals, or the app's own {@code JdbcJournals}. */
    static final class DataSourceOrJdbcJournals extends AnyNestedCondition {
        DataSourceOrJdbcJournals() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnSingleCandidate(DataSource.class)
        static final class OneDataSource {}

        @ConditionalOnBean(JdbcJournals.class)
        static final class AppJournals {}
    }

    /** The JDBC journals as the starter's lookup, named in its toString. */
    private record JdbcCompactionJournals(JdbcJournals journals) implements CompactionJournals {
        @Override
        public io.github.compact4j.context.CompactionJournal forConversation(String conversationId) {
            return journals.forConversation(conversationId);
        }

        @Override
        public String toString() {
            return "CompactionJournals{" + journals + "}";
        }
    }
}
