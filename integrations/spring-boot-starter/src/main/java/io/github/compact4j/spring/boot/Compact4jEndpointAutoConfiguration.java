package io.github.compact4j.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code compact4j} Actuator endpoint, when Actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = Compact4jAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(CompactionBackends.class)
public class Compact4jEndpointAutoConfiguration {

    /**
     * @param backends the configured backends
     * @param recent their recent compactions
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = Compact4jEndpoint.class)
    public Compact4jEndpoint compact4jEndpoint(CompactionBackends backends, RecentCompactions recent) {
        return new Compact4jEndpoint(backends, recent);
    }
}
