package io.github.compact4j.jdbc;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;

/**
 * An app's own compactor, offline: everything but the last item becomes one line saying how many
 * items it stood for. Real enough for the journal: each compaction removes what was appended
 * since the previous one, and the journal must keep it.
 */
final class KeepLastCompactor extends TracedCompactor {

    @Override
    public String name() {
        return "keep-last";
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        List<Item> kept = List.of(Message.user("[" + (items.size() - 1) + " earlier items]"), items.get(items.size() - 1));
        TokenCounter counter = TokenCounter.forModel(request.model());
        return CompactionResult.builder().items(kept).itemsBefore(items.size()).tokensBefore(counter.count(items))
                .tokensAfter(counter.count(kept));
    }
}
