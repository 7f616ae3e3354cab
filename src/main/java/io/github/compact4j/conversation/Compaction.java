package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code compaction} item from OpenAI's {@code /v1/responses/compact}: the compacted history,
 * encrypted and bound to the OpenAI account that made it. Only OpenAI (and Azure OpenAI) can read
 * it; the library keeps {@link #encryptedContent()} byte for byte and never looks inside.
 */
public final class Compaction extends JsonItem implements Item {

    Compaction(ObjectNode node) {
        super(node);
    }

    Compaction(ObjectNode node, Origin origin) {
        super(node, origin);
    }

    /** @return the opaque {@code encrypted_content} */
    public String encryptedContent() {
        return text("encrypted_content").orElse("");
    }

    @Override
    void describe(StringBuilder sb) {
        sb.append(", encryptedChars=").append(encryptedContent().length());
    }
}
