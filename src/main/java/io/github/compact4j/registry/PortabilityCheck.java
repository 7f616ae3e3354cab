package io.github.compact4j.registry;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.logging.TracedCompactor;
import java.util.List;

/**
 * Stops an OpenAI compaction item from being handed to a backend that cannot read it: the
 * registry puts it in front of every chain for a backend that cannot read OpenAI's items.
 */
final class PortabilityCheck extends TracedCompactor {

    private final ContextCompactor delegate;
    private final String backend;

    /**
     * @param delegate the chain to run when the history is portable
     * @param backend the backend the history is headed for
     */
    PortabilityCheck(ContextCompactor delegate, Backend backend) {
        this.delegate = delegate;
        this.backend = backend.id();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<?> items = request.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Compaction) {
                throw new NotPortableException(i, backend);
            }
        }
        return delegate.compact(request).toBuilder();
    }

    @Override
    public String toString() {
        return "PortabilityCheck{" + delegate + "}";
    }
}
