/**
 * Spring Boot auto-configuration for compact4j: a {@code BackendRegistry} and per-backend
 * compactors ({@link io.github.compact4j.spring.boot.CompactionBackends}) from {@code compact4j.*}
 * properties, the Micrometer observation, journals, and the {@code compact4j} Actuator endpoint.
 * Properties and endpoint: {@code docs/observability.md}.
 */
package io.github.compact4j.spring.boot;
