package io.github.compact4j.spring.boot;

import io.github.compact4j.spring.boot.Compact4jProperties.JournalStore;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The conditions {@code compact4j.journal.store} sets for each journal configuration. */
final class JournalStoreConditions {

    static final String STORE = "compact4j.journal.store";
    static final String DIRECTORY = "compact4j.journal.directory";

    private JournalStoreConditions() {}

    static JournalStore store(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind(STORE, JournalStore.class).orElse(JournalStore.AUTO);
    }

    /** The database journal may be configured: the store is {@code auto} or {@code jdbc}. */
    static final class Jdbc extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            JournalStore store = store(context);
            return store == JournalStore.AUTO || store == JournalStore.JDBC
                    ? ConditionOutcome.match(STORE + " is " + store)
                    : ConditionOutcome.noMatch(STORE + " is " + store);
        }
    }

    /**
     * The starter's own journals bean is wanted: the folder's ({@code file}, or {@code auto} with a
     * directory set), or the failure that explains why an explicit {@code jdbc} store has no journal.
     */
    static final class FileOrExplicit extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            JournalStore store = store(context);
            boolean directory = Binder.get(context.getEnvironment()).bind(DIRECTORY, Path.class).isBound();
            return switch (store) {
                case FILE, JDBC -> ConditionOutcome.match(STORE + " is " + store);
                case AUTO -> directory ? ConditionOutcome.match(STORE + " is auto and " + DIRECTORY + " is set")
                        : ConditionOutcome.noMatch(STORE + " is auto and " + DIRECTORY + " is not set");
                case NONE -> ConditionOutcome.noMatch(STORE + " is none");
            };
        }
    }
}
