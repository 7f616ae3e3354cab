package io.github.compact4j.testing;

import io.github.compact4j.conversation.Item;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A snapshot of a conversation from any format, for asserting that nothing changed it: each
 * item's own JSON ({@link Item#toJson()}) in one array, as a compaction journal keeps them.
 * {@code ResponsesItems.toJson} is no snapshot for a conversation read from Anthropic Messages:
 * it refuses the items a thinking or server-tool block became, and writes a compaction block as a
 * summary message.
 */
public final class ItemsJson {

    private ItemsJson() {}

    /**
     * @param items items from any format
     * @return their own JSON, in order, as one JSON array
     */
    public static String of(List<? extends Item> items) {
        return items.stream().map(Item::toJson).collect(Collectors.joining(",", "[", "]"));
    }
}
