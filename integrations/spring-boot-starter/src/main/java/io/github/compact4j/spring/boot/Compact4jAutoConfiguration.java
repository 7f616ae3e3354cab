package io.github.compact4j.spring.boot;

import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.registry.Provider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The registry, the configured backends' compactors, the compaction policy, the journals (the
 * folder's; the database's come from {@link Compact4jJdbcAutoConfiguration}) and the record of
 * recent compactions, from {@code compact4j.*}. Every {@link CompactionListener} bean
 * (the observation's, yours) is attached to the registry. Off with {@code compact4j.enabled=false};
 * each bean backs off when the app declares its own.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "compact4j", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(Compact4jProperties.class)
public class Compact4jAutoConfiguration {

    /**
     * @param properties {@code compact4j.*}
     * @param listeners every listener bean, in order
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public BackendRegistry compact4jBackendRegistry(Compact4jProperties properties,
            ObjectProvider<CompactionListener> listeners) {
        BackendRegistry.Builder b = BackendRegistry.builder();
        Compact4jProperties.Registry r = properties.getRegistry();
        if (r.getKeepRecentTokens() != null) {
            b.keepRecentTokens(r.getKeepRecentTokens());
        }
        if (r.getNotSupportedTtl() != null) {
            b.notSupportedTtl(r.getNotSupportedTtl());
        }
        if (r.getCacheSize() != null) {
            b.cacheSize(r.getCacheSize());
        }
        Compact4jProperties.Client c = properties.getClient();
        if (c.getMaxRetries() != null || c.getTimeout() != null) {
            ClientOptions.Builder o = ClientOptions.builder();
            if (c.getMaxRetries() != null) {
                o.maxRetries(c.getMaxRetries());
            }
            if (c.getTimeout() != null) {
                o.timeout(c.getTimeout());
            }
            b.clientOptions(o.build());
        }
        listeners.orderedStream().forEach(b::listener);
        return b.build();
    }

    /**
     * @return the record of each backend's recent compactions
     * @param properties {@code compact4j.endpoint.recent-compactions}
     */
    @Bean
    @ConditionalOnMissingBean
    public RecentCompactions compact4jRecentCompactions(Compact4jProperties properties) {
        return new RecentCompactions(properties.getEndpoint().getRecentCompactions(), Clock.systemUTC());
    }

    /**
     * @param properties {@code compact4j.backends.*}
     * @param registry the registry
     * @param recent the record of recent compactions
     * @param environment where the API keys' environment variables are read
     * @return the configured backends and their compactors
     */
    @Bean
    @ConditionalOnMissingBean
    public CompactionBackends compact4jBackends(Compact4jProperties properties, BackendRegistry registry,
            RecentCompactions recent, Environment environment) {
        Map<String, Backend> backends = new LinkedHashMap<>();
        properties.getBackends().forEach((name, p) -> backends.put(name, backend(name, p, environment)));
        return new CompactionBackends(registry, backends, recent);
    }

    /**
     * @param properties {@code compact4j.policy.*}
     * @return the policy managed conversations use
     */
    @Bean
    @ConditionalOnMissingBean
    public CompactionPolicy compact4jCompactionPolicy(Compact4jProperties properties) {
        Compact4jProperties.Policy p = properties.getPolicy();
        CompactionPolicy.Builder b = CompactionPolicy.builder();
        if (p.getTriggerRatio() != null) {
            b.triggerRatio(p.getTriggerRatio());
        }
        if (p.getTriggerTokens() != null) {
            b.triggerTokens(p.getTriggerTokens());
        }
        if (p.getTargetRatio() != null) {
            b.targetRatio(p.getTargetRatio());
        }
        if (p.getTargetTokens() != null) {
            b.targetTokens(p.getTargetTokens());
        }
        if (p.getMinSavingRatio() != null) {
            b.minSavingRatio(p.getMinSavingRatio());
        }
        if (p.getReserveTokens() != null) {
            b.reserveTokens(p.getReserveTokens());
        }
        return b.build();
    }

    /**
     * The JSON-lines journals of {@code compact4j.journal.directory}, when the store is {@code file},
     * or {@code auto} with the directory set and no journal in the database
     * ({@link Compact4jJdbcAutoConfiguration} comes first). Stops the app with a message naming the
     * property when the store asked for cannot be had: {@code file} without a directory,
     * {@code jdbc} without compact4j-jdbc or a {@code DataSource}.
     *
     * @param properties {@code compact4j.journal.*}
     * @param loader the context's, whose class loader tells whether compact4j-jdbc is there
     * @return a JSON-lines journal per conversation in that folder
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(JournalStoreConditions.FileOrExplicit.class)
    public CompactionJournals compact4jJournals(Compact4jProperties properties, ResourceLoader loader) {
        Compact4jProperties.Journal j = properties.getJournal();
        if (j.getStore() == Compact4jProperties.JournalStore.JDBC) {
            boolean jdbc = ClassUtils.isPresent("io.github.compact4j.jdbc.JdbcJournals", loader.getClassLoader());
            throw new IllegalStateException(JournalStoreConditions.STORE + "=jdbc, but there is no journal in a database: "
                    + (jdbc ? "the app has no single DataSource bean (declare one, mark one @Primary, or declare a"
                            + " JdbcJournals bean)"
                            : "io.github.compact4j:compact4j-jdbc is not on the class path (add it beside the starter)"));
        }
        if (j.getDirectory() == null) {
            throw new IllegalStateException(JournalStoreConditions.STORE + "=file needs "
                    + JournalStoreConditions.DIRECTORY + ": the folder the journals are written to");
        }
        return CompactionJournals.directory(j.getDirectory());
    }

    /**
     * A backend from its properties; its key from the environment variable it names, or its
     * provider's usual variables, read through Spring's environment (so the OS environment, or a
     * property of that name in tests).
     */
    static Backend backend(String name, Compact4jProperties.BackendProperties p, Environment environment) {
        String where = "compact4j.backends." + name;
        if (p.getProvider() == null || p.getProvider().isBlank()) {
            throw new IllegalArgumentException(where + ".provider is missing: one of " + Provider.known().stream().map(Provider::id).toList());
        }
        if (p.getModel() == null || p.getModel().isBlank()) {
            throw new IllegalArgumentException(where + ".model is missing");
        }
        try {
            Backend.Builder b = Backend.builder().provider(p.getProvider()).model(p.getModel())
                    .summaryModel(p.getSummaryModel()).baseUrl(p.getBaseUrl());
            p.getHeaders().forEach(b::header);
            Provider provider = Provider.of(p.getProvider()).orElse(null);
            Map<String, String> env = new LinkedHashMap<>();
            if (p.getApiKeyEnv() != null && !p.getApiKeyEnv().isBlank()) {
                String key = environment.getProperty(p.getApiKeyEnv());
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("the environment variable " + p.getApiKeyEnv()
                            + " named by " + where + ".api-key-env is not set");
                }
                b.apiKey(key);
            } else if (provider != null) {
                for (String variable : provider.apiKeyVariables()) {
                    String v = environment.getProperty(variable);
                    if (v != null) {
                        env.put(variable, v);
                    }
                }
            }
            if (provider != null && provider.baseUrlVariable() != null) {
                String v = environment.getProperty(provider.baseUrlVariable());
                if (v != null) {
                    env.put(provider.baseUrlVariable(), v);
                }
            }
            return b.environment(env).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
