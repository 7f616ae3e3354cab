package io.github.compact4j.registry;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.logging.TracedCompactor;
import java.util.List;

/**
 * Fits a history to the provider it is headed for, in front of that provider's chain: an opaque
 * compaction item the provider cannot read is refused (only the provider that made it can
 * decrypt it), and an Anthropic compaction block, whose summary is readable, becomes a marked
 * summary message for a provider that does not read Anthropic's blocks.
 */
final class PortabilityCheck extends TracedCompactor {

    private final ContextCompactor delegate;
    private final String backend;
    private final boolean refuseCompactionItems;
    private final boolean summarizeBlocks;

    /**
     * @param delegate the chain to run when the history is portable
     * @param backend the backend the history is headed for
     */
    PortabilityCheck(ContextCompactor delegate, Backend backend) {
        this.delegate = delegate;
        this.backend = backend.id();
        Provider p = backend.providerInfo();
        this.refuseCompactionItems = !p.readsCompactionItems();
        this.summarizeBlocks = !p.readsAnthropicCompactionBlocks();
    }

    /**
     * @param backend a backend
     * @return whether a history headed for it may need fitting
     */
    static boolean needed(Backend backend) {
        Provider p = backend.providerInfo();
        return !p.readsCompactionItems() || !p.readsAnthropicCompactionBlocks();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        int blocks = 0;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (refuseCompactionItems && it instanceof Compaction) {
                throw new NotPortableException(i, backend);
            }
            if (summarizeBlocks && CompactionBlock.isBlock(it)) {
                blocks++;
            }
        }
        if (blocks == 0) {
            return delegate.compact(request).toBuilder();
        }
        CompactionResult r = delegate.compact(request.withItems(CompactionBlock.withSummaries(items)));
        String moved = blocks + " Anthropic compaction block(s) went to " + backend + " as marked summary messages.";
        return r.toBuilder().note(r.note().map(n -> n + " " + moved).orElse(moved));
    }

    @Override
    public String toString() {
        return "PortabilityCheck{" + delegate + "}";
    }
}
