package io.github.compact4j.registry;

import io.github.compact4j.ContextCompactor;
import java.util.Optional;

/**
 * A third-party module's way to supply compactors to {@link io.github.compact4j.registry.BackendRegistry}
 * through {@link java.util.ServiceLoader}: list the implementation's class name in
 * {@code META-INF/services/io.github.compact4j.registry.CompactorProvider}.
 *
 * <pre>{@code
 * public final class BedrockCompactors implements CompactorProvider {
 *     public Optional<ContextCompactor> compactorFor(Backend backend) {
 *         return backend.provider().equals("openai-compatible") && backend.baseUrl().contains("bedrock")
 *                 ? Optional.of(new BedrockCompactor(backend))
 *                 : Optional.empty();
 *     }
 * }
 * }</pre>
 *
 * <p>The registry asks providers after the rules registered in code and before its defaults. The
 * compactor a provider returns is wrapped in the registry's tracing like every other.
 */
public interface CompactorProvider {

    /**
     * @param backend the backend a compactor is wanted for
     * @return a compactor for it, or empty to leave it to the next provider or the defaults
     */
    Optional<ContextCompactor> compactorFor(Backend backend);
}
