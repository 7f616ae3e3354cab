package io.github.compact4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.compact4j.jdbc.JdbcJournals;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.micrometer.CompactionMeterHandler;
import io.github.compact4j.micrometer.CompactionObservations;
import io.github.compact4j.registry.BackendRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The conditions of each auto-configuration, without a web server. */
class Compact4jAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Compact4jObservationAutoConfiguration.class,
                    Compact4jAutoConfiguration.class, Compact4jSpringAiAutoConfiguration.class,
                    Compact4jJdbcAutoConfiguration.class))
            .withPropertyValues("compact4j.backends.local.provider=ollama", "compact4j.backends.local.model=qwen3:8b");

    @Test
    void propertiesAloneGiveTheRegistryAndTheBackends() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BackendRegistry.class).hasSingleBean(CompactionBackends.class)
                    .doesNotHaveBean(CompactionJournals.class).doesNotHaveBean(CompactionObservations.class);
            CompactionBackends backends = context.getBean(CompactionBackends.class);
            assertThat(backends.backend("local").baseUrl()).isEqualTo("http://localhost:11434/v1");
            assertThat(backends.compactor("local").name()).isEqualTo("chain[summarizing>masking]");
        });
    }

    @Test
    void anObservationRegistryAddsTheObservationAndTheMeterHandler() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(CompactionObservations.class)
                            .hasSingleBean(CompactionMeterHandler.class);
                    assertThat(context.getBeansOfType(CompactionListener.class)).containsKey("compact4jObservationListener");
                });
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("compact4j.observations.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CompactionObservations.class));
    }

    @Test
    void everythingBacksOffWhenDisabled() {
        runner.withPropertyValues("compact4j.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(BackendRegistry.class).doesNotHaveBean(CompactionBackends.class));
    }

    @Test
    void aBackendWithoutAProviderStopsTheAppNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Compact4jAutoConfiguration.class))
                .withPropertyValues("compact4j.backends.broken.model=gpt-5.1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("compact4j.backends.broken.provider is missing"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Compact4jAutoConfiguration.class))
                .withPropertyValues("compact4j.backends.a.provider=openai", "compact4j.backends.a.model=gpt-5.1",
                        "compact4j.backends.a.api-key-env=COMPACT4J_NO_SUCH_VARIABLE_SET")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("COMPACT4J_NO_SUCH_VARIABLE_SET named by compact4j.backends.a.api-key-env is not set"));
    }

    @Test
    void withoutADataSourceOrADirectoryThereIsNoJournal() {
        runner.run(context -> assertThat(context).doesNotHaveBean(JdbcJournals.class).doesNotHaveBean(CompactionJournals.class));
    }

    @Test
    void theBuildWritesConfigurationMetadataForIdes() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"name\": \"compact4j.backends\"", "\"name\": \"compact4j.journal.directory\"",
                    "\"name\": \"compact4j.policy.trigger-ratio\"", "\"name\": \"compact4j.journal.store\"",
                    "\"name\": \"compact4j.journal.jdbc.table\"", "\"name\": \"compact4j.journal.jdbc.create-schema\"",
                    "\"name\": \"compact4j.spring-ai.enabled\"", "\"name\": \"compact4j.spring-ai.backend\"",
                    "\"name\": \"compact4j.spring-ai.model\"", "\"name\": \"compact4j.spring-ai.max-tokens\"",
                    "\"name\": \"compact4j.registry.not-supported-ttl\"",
                    "The backends the app's agents talk to, by a name of the app's choosing.");
        }
    }
}
