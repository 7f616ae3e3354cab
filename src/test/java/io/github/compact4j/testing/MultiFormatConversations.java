package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generated agent conversations in the three formats the library reads: Responses items, Chat
 * Completions messages and Anthropic Messages. The Chat and Anthropic ones are made by converting a
 * generated Responses conversation with the codecs, then decorated with what only those formats
 * have (names, part arrays, unknown fields; thinking blocks with signatures, cache_control, server
 * tool blocks, is_error), so the codecs must carry all of it through.
 *
 * <p>Every conversation is well formed: each tool call is answered by one result after it, call
 * ids are unique (with the given prefix), and a reasoning item is always followed by the output it
 * belongs to.
 */
public final class MultiFormatConversations {

    private static final String[] WORDS = ("the build test file error fix run mvn gradle src/main/java/App.java "
            + "pom.xml NullPointerException line 42 assert expected actual value config port 8080 timeout retry "
            + "user wants report json parse field missing null method class interface deploy staging version "
            + "1.2.3 commit branch main merge conflict resolved logs show stack trace at io.example.Foo.bar "
            + "cache hit miss latency p99 120ms database query index table rows 3512 migrate schema").split(" ");

    private MultiFormatConversations() {}

    /** @return Responses-format conversations, with reasoning, hosted tool items and compaction items */
    public static Arbitrary<List<Item>> responses() {
        return Arbitraries.randomValue(r -> ResponsesItems.fromJsonNode(responsesJson(r, "c", true, 10)));
    }

    /** @return Chat Completions {@code messages} arrays, as JSON text */
    public static Arbitrary<String> chat() {
        return Arbitraries.randomValue(r -> chatJson(r, "c", 10).toString());
    }

    /** @return Anthropic request bodies ({@code model}, {@code max_tokens}, {@code system}, {@code messages}), as JSON text */
    public static Arbitrary<String> anthropic() {
        return Arbitraries.randomValue(r -> anthropicJson(r, "c", 10).toString());
    }

    /**
     * @param r randomness
     * @param idPrefix prefix of every call id, so two conversations can be joined
     * @param exotic whether to include reasoning, hosted tool calls and compaction items
     * @param maxTurns the most turns
     * @return a Responses {@code input} array
     */
    public static ArrayNode responsesJson(Random r, String idPrefix, boolean exotic, int maxTurns) {
        ArrayNode a = Json.NODES.arrayNode();
        int instructions = r.nextInt(3);
        for (int i = 0; i < instructions; i++) {
            ObjectNode m = a.addObject();
            m.put("type", "message");
            m.put("role", r.nextBoolean() ? "system" : "developer");
            m.put("content", text(r, 5, 40));
        }
        ObjectNode task = a.addObject();
        task.put("role", "user");
        task.put("content", text(r, 10, 80));
        turns(a, r, idPrefix, exotic, 1 + r.nextInt(maxTurns));
        return a;
    }

    /**
     * Appends turns that could follow a conversation (a new user message first).
     *
     * @param a the conversation
     * @param r randomness
     * @param idPrefix call id prefix, unique per call of this method on one conversation
     * @param exotic as for {@link #responsesJson}
     * @param turns how many turns
     */
    public static void turns(ArrayNode a, Random r, String idPrefix, boolean exotic, int turns) {
        int call = 0;
        for (int t = 0; t < turns; t++) {
            if (t > 0 && r.nextInt(3) == 0 || t == 0 && a.size() > 0 && !isUser(a.get(a.size() - 1))) {
                ObjectNode u = a.addObject();
                u.put("type", "message");
                u.put("role", "user");
                u.put("content", text(r, 3, 40));
            }
            int steps = 1 + r.nextInt(3);
            for (int s = 0; s < steps; s++) {
                if (exotic && r.nextInt(3) == 0) {
                    ObjectNode rs = a.addObject();
                    rs.put("type", "reasoning");
                    rs.put("id", "rs_" + idPrefix + t + "_" + s);
                    rs.putArray("summary").addObject().put("type", "summary_text").put("text", text(r, 5, 30));
                    if (r.nextBoolean()) {
                        rs.put("encrypted_content", "gAAAA" + Long.toHexString(r.nextLong()));
                    }
                }
                int calls = r.nextInt(4);
                if (calls == 0 || r.nextBoolean()) {
                    ObjectNode m = a.addObject();
                    m.put("type", "message");
                    m.put("role", "assistant");
                    m.putArray("content").addObject().put("type", "output_text").put("text", text(r, 3, 60));
                }
                if (exotic && r.nextInt(8) == 0) {
                    ObjectNode ws = a.addObject();
                    ws.put("type", "web_search_call");
                    ws.put("id", "ws_" + idPrefix + t + "_" + s);
                    ws.put("status", "completed");
                    ws.putObject("action").put("type", "search").put("query", text(r, 2, 6));
                }
                String[] ids = new String[calls];
                for (int k = 0; k < calls; k++) {
                    ids[k] = "call_" + idPrefix + "_" + (call++);
                    ObjectNode c = a.addObject();
                    c.put("type", "function_call");
                    c.put("call_id", ids[k]);
                    c.put("name", r.nextBoolean() ? "shell" : "read_file");
                    c.put("arguments", Json.NODES.objectNode().put("cmd", text(r, 1, 8)).toString());
                }
                for (int k = 0; k < calls; k++) {
                    ObjectNode o = a.addObject();
                    o.put("type", "function_call_output");
                    o.put("call_id", ids[k]);
                    o.put("output", r.nextInt(6) == 0 ? text(r, 400, 2500) : text(r, 5, 150));
                }
            }
            if (exotic && r.nextInt(12) == 0) {
                ObjectNode c = a.addObject();
                c.put("type", "compaction");
                c.put("id", "cmp_" + idPrefix + t);
                c.put("encrypted_content", "gAAAA" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
            }
        }
    }

    private static boolean isUser(JsonNode m) {
        return "user".equals(m.path("role").asText());
    }

    /**
     * @param r randomness
     * @param idPrefix call id prefix
     * @param maxTurns the most turns
     * @return a decorated Chat Completions {@code messages} array
     */
    public static ArrayNode chatJson(Random r, String idPrefix, int maxTurns) {
        List<Item> items = ResponsesItems.fromJsonNode(responsesJson(r, idPrefix, false, maxTurns));
        ArrayNode messages = ChatCompletionsMessages.toJsonNode(items);
        decorateChat(messages, r);
        return messages;
    }

    /**
     * Adds to Chat messages what the format has beyond the item model.
     *
     * @param messages the messages, changed in place
     * @param r randomness
     */
    public static void decorateChat(ArrayNode messages, Random r) {
        for (JsonNode n : messages) {
            ObjectNode m = (ObjectNode) n;
            String role = m.path("role").asText();
            switch (role) {
                case "user", "system", "developer" -> {
                    if (r.nextInt(4) == 0) {
                        m.put("name", "person_" + r.nextInt(5));
                    }
                    if (m.get("content").isTextual() && r.nextInt(4) == 0) {
                        ArrayNode parts = Json.NODES.arrayNode();
                        parts.addObject().put("type", "text").put("text", m.get("content").textValue());
                        if ("user".equals(role) && r.nextBoolean()) {
                            ObjectNode img = parts.addObject();
                            img.put("type", "image_url");
                            img.putObject("image_url").put("url", "https://example.com/" + r.nextInt(100) + ".png")
                                    .put("detail", "low");
                        }
                        m.set("content", parts);
                    }
                }
                case "assistant" -> {
                    if (r.nextInt(5) == 0) {
                        m.put("reasoning_content", text(r, 3, 20));
                    }
                    if (m.has("tool_calls") && m.get("content").isNull() && r.nextInt(3) == 0) {
                        m.put("content", "");
                    }
                    if (r.nextInt(6) == 0) {
                        m.putNull("refusal");
                    }
                }
                case "tool" -> {
                    if (r.nextInt(4) == 0) {
                        m.set("x_meta", Json.NODES.objectNode().put("ms", new java.math.BigDecimal("12.50")));
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * @param r randomness
     * @param idPrefix call id prefix
     * @param maxTurns the most turns
     * @return a decorated Anthropic request body
     */
    public static ObjectNode anthropicJson(Random r, String idPrefix, int maxTurns) {
        List<Item> items = ResponsesItems.fromJsonNode(responsesJson(r, idPrefix, false, maxTurns));
        ObjectNode conv = AnthropicMessages.toConversation(items).toJsonNode();
        ObjectNode body = Json.NODES.objectNode();
        body.put("model", "claude-sonnet-4-5");
        body.put("max_tokens", 4096);
        JsonNode system = conv.get("system");
        if (system != null) {
            if (system.isTextual() && r.nextBoolean()) {
                ArrayNode blocks = body.putArray("system");
                blocks.addObject().put("type", "text").put("text", system.textValue())
                        .putObject("cache_control").put("type", "ephemeral");
            } else {
                body.set("system", system);
            }
        }
        ArrayNode messages = (ArrayNode) conv.get("messages");
        decorateAnthropic(messages, r);
        body.set("messages", messages);
        return body;
    }

    /**
     * Adds to Anthropic messages what the format has beyond the item model.
     *
     * @param messages the messages, changed in place
     * @param r randomness
     */
    public static void decorateAnthropic(ArrayNode messages, Random r) {
        for (JsonNode n : messages) {
            ObjectNode m = (ObjectNode) n;
            JsonNode content = m.get("content");
            boolean assistant = "assistant".equals(m.path("role").asText());
            if (!content.isArray()) {
                if (r.nextInt(4) == 0) {
                    ArrayNode blocks = Json.NODES.arrayNode();
                    blocks.addObject().put("type", "text").put("text", content.textValue())
                            .putObject("cache_control").put("type", "ephemeral");
                    m.set("content", blocks);
                }
                continue;
            }
            ArrayNode blocks = (ArrayNode) content;
            if (assistant && hasType(blocks, "tool_use") && r.nextBoolean()) {
                ObjectNode thinking = Json.NODES.objectNode();
                thinking.put("type", "thinking");
                thinking.put("thinking", text(r, 5, 40));
                thinking.put("signature", "EqQBCkYIARgCIkD" + Long.toHexString(r.nextLong()) + "==");
                blocks.insert(0, thinking);
            } else if (assistant && r.nextInt(10) == 0) {
                ObjectNode redacted = Json.NODES.objectNode();
                redacted.put("type", "redacted_thinking");
                redacted.put("data", "EmwKAhgBEgy" + Long.toHexString(r.nextLong()));
                blocks.insert(0, redacted);
            }
            if (assistant && r.nextInt(8) == 0) {
                String id = "srvtoolu_" + Long.toHexString(r.nextLong());
                ObjectNode use = Json.NODES.objectNode();
                use.put("type", "server_tool_use");
                use.put("id", id);
                use.put("name", "web_search");
                use.putObject("input").put("query", text(r, 2, 5));
                ObjectNode res = Json.NODES.objectNode();
                res.put("type", "web_search_tool_result");
                res.put("tool_use_id", id);
                res.putArray("content").addObject().put("type", "web_search_result").put("url", "https://example.com")
                        .put("title", text(r, 2, 5)).put("encrypted_content", "Eo" + Long.toHexString(r.nextLong()));
                int at = blocks.size() > 0 && "thinking".equals(blocks.get(0).path("type").asText()) ? 1 : 0;
                blocks.insert(at, res);
                blocks.insert(at, use);
            }
            for (JsonNode b : blocks) {
                ObjectNode block = (ObjectNode) b;
                if ("tool_result".equals(block.path("type").asText())) {
                    if (r.nextInt(5) == 0) {
                        block.put("is_error", true);
                    }
                    if (block.get("content").isTextual() && r.nextInt(4) == 0) {
                        ArrayNode c = Json.NODES.arrayNode();
                        c.addObject().put("type", "text").put("text", block.get("content").textValue());
                        block.set("content", c);
                    }
                }
            }
            if (blocks.size() > 0 && r.nextInt(6) == 0) {
                ((ObjectNode) blocks.get(blocks.size() - 1)).putObject("cache_control").put("type", "ephemeral");
            }
        }
    }

    private static boolean hasType(ArrayNode blocks, String type) {
        for (JsonNode b : blocks) {
            if (type.equals(b.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param r randomness
     * @param min fewest words
     * @param max most words
     * @return words separated by spaces, now and then a line break
     */
    public static String text(Random r, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n * 7);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(15) == 0 ? '\n' : ' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
