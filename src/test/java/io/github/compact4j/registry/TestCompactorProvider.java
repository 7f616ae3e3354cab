package io.github.compact4j.registry;

import io.github.compact4j.logging.TracedCompactor;

import io.github.compact4j.registry.Backend;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import java.util.Optional;

/** Found by ServiceLoader through META-INF/services in the test resources. */
public final class TestCompactorProvider implements CompactorProvider {

    /** The model this provider claims. */
    public static final String MODEL = "service-loaded-model";

    @Override
    public Optional<ContextCompactor> compactorFor(Backend backend) {
        if (!MODEL.equals(backend.model())) {
            return Optional.empty();
        }
        return Optional.of(new TracedCompactor() {
            @Override
            public String name() {
                return "from-service-loader";
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest r) {
                return CompactionResult.builder().strategy(name()).items(r.items()).itemsBefore(r.items().size());
            }
        });
    }
}
