package io.github.compact4j.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Counting holds up on any item shape: it never throws, is at least the framing overhead, gives
 * the same figure for equal items (memo or not), and a running total always equals a recount.
 */
class TokenCountingProperties {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final TokenCounter counter = TokenCounter.defaultCounter();

    @Property(tries = 400)
    void anyItemShapeCountsWithoutThrowing(@ForAll("oddItems") Item item) {
        int n = counter.count(item);
        assertTrue(n >= JtokkitTokenCounter.ITEM_OVERHEAD, "counted " + n);
        assertEquals(n, counter.count(item), "memoised count differs");
        Item twin = item.with("zz_twin", F.nullNode()).without("zz_twin");   // an equal item, not yet counted
        assertEquals(n, counter.count(twin), "an equal item counts the same");
        assertEquals(n, TokenCounter.forEncoding(TokenEncoding.O200K_BASE).count(twin));
    }

    @Property(tries = 200)
    void runningTotalEqualsARecount(@ForAll("conversations") List<Item> items, @ForAll("removals") List<Integer> drops) {
        RunningTokenCount running = new RunningTokenCount(counter);
        List<Item> conversation = new ArrayList<>();
        for (Item i : items) {
            conversation.add(i);
            running.add(i);
            assertEquals(counter.count(conversation), running.total());
        }
        for (int d : drops) {
            if (conversation.isEmpty()) {
                break;
            }
            Item gone = conversation.remove(d % conversation.size());
            running.remove(gone);
            assertEquals(counter.count(conversation), running.total());
            assertEquals(conversation.size(), running.size());
        }
        RunningTokenCount fresh = new RunningTokenCount(TokenCounter.forEncoding(TokenEncoding.CL100K_BASE), items);
        assertEquals(TokenCounter.forEncoding(TokenEncoding.CL100K_BASE).count(items), fresh.total());
    }

    @Provide
    Arbitrary<List<Integer>> removals() {
        return Arbitraries.integers().between(0, 1_000).list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return oddItems().list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<Item> oddItems() {
        Arbitrary<Item> base = Arbitraries.of(
                Message.user("hello"),
                Message.assistant("done"),
                ToolCall.function("call_1", "grep", "{\"pattern\":\"TODO\"}"),
                ToolResult.functionOutput("call_1", "src/A.java:3: // TODO"),
                ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"summary\":[]}"),
                ResponsesItems.itemFromJson("{\"type\":\"compaction\",\"encrypted_content\":\"abc\"}"),
                ResponsesItems.itemFromJson("{\"type\":\"web_search_call\",\"id\":\"ws\"}"));
        Arbitrary<String> field = Arbitraries.of("content", "output", "arguments", "input", "action", "summary",
                "encrypted_content", "name", "call_id", "text", "result", "tools", "role", "type");
        // The item model rejects what the wire format forbids (a message without content, a
        // function call without arguments); everything else it keeps, and counting must cope.
        return Combinators.combine(base, field, json(3)).as((item, f, value) -> {
            try {
                if ("type".equals(f)) {
                    // re-classify into another kind with the other fields of this one
                    return item.with("type", F.textNode(value.isTextual() ? value.textValue() : "reasoning"));
                }
                return item.with(f, value);
            } catch (InvalidConversationException rejected) {
                return null;
            }
        }).filter(Objects::nonNull);
    }

    private Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(F::textNode),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(600).ofMaxLength(900).map(F::textNode),
                Arbitraries.of("function_call", "message", "reasoning", "compaction", "computer_call_output",
                        "input_image", "program_output", "shell_call_output", "<|endoftext|>").map(F::textNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.of(F.nullNode(), F.booleanNode(true)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(4).map(list -> {
            ArrayNode a = F.arrayNode();
            list.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(
                Arbitraries.of("type", "text", "refusal", "image_url", "detail", "file_data", "stdout", "x")
                        .list().ofMaxSize(4),
                json(depth - 1).list().ofSize(4)).as((keys, values) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
        return Arbitraries.oneOf(leaf, array, object);
    }
}
