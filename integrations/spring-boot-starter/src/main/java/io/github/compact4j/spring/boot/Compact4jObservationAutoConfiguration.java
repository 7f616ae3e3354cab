package io.github.compact4j.spring.boot;

import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.micrometer.CompactionMeterHandler;
import io.github.compact4j.micrometer.CompactionObservationConvention;
import io.github.compact4j.micrometer.CompactionObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Each compaction as a {@code compact4j.compaction} observation in the app's
 * {@link ObservationRegistry} (so its meter registry and tracer see it), and the token and
 * compaction meters through {@link CompactionMeterHandler}, which Spring Boot adds to the registry
 * as it does every {@code ObservationHandler} bean. Off with {@code compact4j.observations.enabled=false}.
 */
@AutoConfiguration(before = Compact4jAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({ObservationRegistry.class, CompactionObservations.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "compact4j", name = {"enabled", "observations.enabled"}, havingValue = "true",
        matchIfMissing = true)
public class Compact4jObservationAutoConfiguration {

    /**
     * @param registry the app's observation registry
     * @param convention a convention of the app's own, if it declares one
     * @return the observations
     */
    @Bean
    @ConditionalOnMissingBean
    public CompactionObservations compact4jObservations(ObservationRegistry registry,
            ObjectProvider<CompactionObservationConvention> convention) {
        CompactionObservations.Builder b = CompactionObservations.builder(registry);
        convention.ifAvailable(b::convention);
        return b.build();
    }

    /**
     * @param observations the observations
     * @return their listener, which the registry attaches
     */
    @Bean
    public CompactionListener compact4jObservationListener(CompactionObservations observations) {
        return observations.listener();
    }

    /**
     * @param meters the app's meter registry
     * @return the handler recording compact4j's meters
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    public CompactionMeterHandler compact4jMeterHandler(MeterRegistry meters) {
        return new CompactionMeterHandler(meters);
    }
}
