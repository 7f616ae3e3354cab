package io.github.compact4j.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * The JDBC journal ({@code compact4j-jdbc}'s {@code JdbcCompactionJournal}) when that artifact is on
 * the class path and the app has a {@code DataSource}; it comes before the JSON-lines journals of
 * {@link Compact4jAutoConfiguration}, which back off when a {@link CompactionJournals} bean exists.
 *
 * <p><b>TO COMPLETE AFTER MERGING compact4j-jdbc.</b> That artifact is built on another branch, so
 * this class names it only in the condition and declares no bean yet. Once merged, add
 * {@code compact4j-jdbc} as an optional dependency of the starter and declare here a
 * {@code @Bean @ConditionalOnMissingBean} {@link CompactionJournals} whose
 * {@code forConversation(id)} returns a {@code JdbcCompactionJournal} on the {@code DataSource}
 * for that conversation id, with a test against an embedded database.
 */
@AutoConfiguration(before = Compact4jAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "io.github.compact4j.jdbc.JdbcCompactionJournal")
@ConditionalOnBean(javax.sql.DataSource.class)
public class Compact4jJdbcAutoConfiguration {
}
