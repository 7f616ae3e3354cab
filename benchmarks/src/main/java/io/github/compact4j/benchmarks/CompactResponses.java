package io.github.compact4j.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A realistic {@code response.compaction} answer for a conversation, as {@code POST
 * /v1/responses/compact} returns it: the user messages the model kept, as {@code input_text}
 * messages with ids, then one compaction item with an opaque {@code encrypted_content}, then the
 * usage figures.
 */
final class CompactResponses {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CompactResponses() {}

    /**
     * @param conversation the conversation the request carries
     * @param encryptedBytes the size of the compaction item's content before base64
     * @return the response body, UTF-8
     */
    static byte[] forConversation(List<Item> conversation, int encryptedBytes) {
        Random random = new Random(conversation.size());
        ObjectNode root = F.objectNode();
        root.put("id", "resp_" + Long.toHexString(random.nextLong()));
        root.put("object", "response.compaction");
        root.put("created_at", 1_767_000_000L);
        ArrayNode output = root.putArray("output");
        int k = 0;
        for (Item item : conversation) {
            if (item instanceof Message m && Message.USER.equals(m.role())) {
                ObjectNode msg = output.addObject();
                msg.put("id", "msg_" + Long.toHexString(random.nextLong()) + (k++));
                msg.put("type", "message");
                msg.put("status", "completed");
                msg.putArray("content").addObject().put("type", "input_text").put("text", m.text());
                msg.put("role", "user");
            }
        }
        byte[] enc = new byte[encryptedBytes];
        random.nextBytes(enc);
        output.addObject()
                .put("id", "cmp_" + Long.toHexString(random.nextLong()))
                .put("type", "compaction")
                .put("encrypted_content", "gAAAAA" + Base64.getEncoder().encodeToString(enc));
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", 200L * conversation.size());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", 1_500);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 900);
        usage.put("total_tokens", 200L * conversation.size() + 1_500);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
