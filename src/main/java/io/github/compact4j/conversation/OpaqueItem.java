package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Any item this library does not model: hosted tool calls (web search, file search, MCP calls,
 * code interpreter, image generation), item references, and types added to the API after this
 * library was built. It is carried through every strategy unchanged and never dropped.
 */
public final class OpaqueItem extends JsonItem implements Item {

    OpaqueItem(ObjectNode node) {
        super(node);
    }

    /**
     * @return the item's {@code type}; {@code "item_reference"} for an item without one (only an
     *     item reference, {@code {"id":"msg_123"}}, may leave it out)
     */
    @Override
    public String type() {
        return text("type").orElse("item_reference");
    }
}
